import { RANK_FIELD_ID, SPRINT_FIELD_ID, type FieldDef } from './field-catalogue';
import {
  issueTypeById,
  priorityById,
  requireSprint,
  resolutionById,
  statusById,
  type ChangeHistory,
  type ChangeItem,
  type Issue,
  type Json,
  type Project,
  type Site,
  type Sprint,
  type User,
} from './site-model';

/**
 * Issues and the objects inside them in Jira Cloud's JSON shapes: the platform API (REST v3: ADF descriptions, dates like
 * `2026-11-18T09:00:00.000+0000`) and the agile API (string descriptions, plus sprint / closedSprints / epic / flagged).
 */

export interface RenderContext {
  site: Site;
  baseUrl: string;
  /**
   * What one answer already rendered, by kind and id (a user, a status, a date): an answer of 100 issues or 1,000
   * changelogs names the same few users, statuses and projects again and again. Made afresh for every request, so it
   * never outlives the site as it was while the answer was built.
   */
  memo: Map<string, Json>;
}

/** A render context for one answer. */
export function renderContext(site: Site, baseUrl: string): RenderContext {
  return { site, baseUrl, memo: new Map() };
}

/** The value of `key` in this answer: built once, then shared (the objects are only serialised, never changed). */
function once<T extends Json>(ctx: RenderContext, key: string, build: () => T): T {
  const known = ctx.memo.get(key);
  if (known !== undefined) return known as T;
  const built = build();
  ctx.memo.set(key, built);
  return built;
}

export type Flavour = 'platform' | 'agile';

/** What `fields=` asked for: Jira's search returns ids only unless fields are named. */
export type FieldSelection = { kind: 'ids' } | { kind: 'fields'; ids: string[] };

/** Fields only the agile API adds to an issue. */
const AGILE_FIELDS = ['sprint', 'closedSprints', 'flagged', 'epic'];

/** `issuekey` is listed as a field but travels as the issue's top-level `key`. */
function renderableFields(site: Site): FieldDef[] {
  return site.fields.filter((f) => f.id !== 'issuekey');
}

export function parseFieldSelection(site: Site, requested: readonly string[] | undefined, flavour: Flavour): FieldSelection {
  const tokens = (requested ?? []).flatMap((entry) => entry.split(',')).map((t) => t.trim()).filter((t) => t !== '');
  const known = renderableFields(site).map((f) => f.id);
  const navigable = [...renderableFields(site).filter((f) => f.navigable).map((f) => f.id), ...(flavour === 'agile' ? AGILE_FIELDS : [])];
  const all = [...known, ...(flavour === 'agile' ? AGILE_FIELDS : [])];
  if (tokens.length === 0) return flavour === 'platform' ? { kind: 'ids' } : { kind: 'fields', ids: navigable };
  if (flavour === 'platform' && tokens.every((t) => t === 'id')) return { kind: 'ids' };
  const included = new Set<string>();
  const excluded = new Set<string>();
  for (const token of tokens) {
    if (token === '*all') all.forEach((id) => included.add(id));
    else if (token === '*navigable') navigable.forEach((id) => included.add(id));
    else if (token.startsWith('-')) excluded.add(token.slice(1));
    else if (all.includes(token)) included.add(token);
    // Jira ignores names it does not know (and `id` / `key`, which every issue carries anyway).
  }
  if (included.size === 0 && excluded.size > 0) navigable.forEach((id) => included.add(id));
  return { kind: 'fields', ids: all.filter((id) => included.has(id) && !excluded.has(id)) };
}

/** Jira's platform timestamp format. */
function jiraDateTime(ctx: RenderContext, iso: string): string {
  return once(ctx, `date:${iso}`, () => new Date(iso).toISOString().replace('Z', '+0000'));
}

function avatarUrls(ctx: RenderContext, kind: 'user' | 'project', id: string): Record<string, string> {
  const path = kind === 'user' ? `secure/useravatar?accountId=${encodeURIComponent(id)}` : `secure/projectavatar?pid=${id}`;
  return Object.fromEntries(['48x48', '24x24', '16x16', '32x32'].map((size) => [size, `${ctx.baseUrl}/${path}&size=${size}`]));
}

function userJson(ctx: RenderContext, user: User): Json {
  return {
    self: `${ctx.baseUrl}/rest/api/3/user?accountId=${encodeURIComponent(user.accountId)}`,
    accountId: user.accountId,
    emailAddress: user.emailAddress,
    avatarUrls: avatarUrls(ctx, 'user', user.accountId),
    displayName: user.displayName,
    active: true,
    timeZone: user.timeZone,
    accountType: user.accountType,
  };
}

function userRef(ctx: RenderContext, accountId: string | null): Json {
  if (accountId === null) return null;
  return once(ctx, `user:${accountId}`, () => {
    const user = ctx.site.users.get(accountId);
    return user ? userJson(ctx, user) : { accountId, displayName: 'Former user', active: false, accountType: 'atlassian' };
  });
}

function projectJson(ctx: RenderContext, project: Project): Json {
  return once(ctx, `project:${project.key}`, () => ({
    self: `${ctx.baseUrl}/rest/api/3/project/${project.id}`,
    id: project.id,
    key: project.key,
    name: project.name,
    projectTypeKey: 'software',
    simplified: false,
    avatarUrls: avatarUrls(ctx, 'project', project.id),
  }));
}

const CATEGORY_JSON: Record<string, { id: number; colorName: string; name: string }> = {
  new: { id: 2, colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, colorName: 'green', name: 'Done' },
};

function statusCategoryJson(ctx: RenderContext, key: string): Json {
  return once(ctx, `statusCategory:${key}`, () => {
    const category = CATEGORY_JSON[key] ?? { id: 1, colorName: 'medium-gray', name: 'No Category' };
    return { self: `${ctx.baseUrl}/rest/api/3/statuscategory/${category.id}`, id: category.id, key, colorName: category.colorName, name: category.name };
  });
}

export function statusJson(ctx: RenderContext, statusId: string): Json {
  return once(ctx, `status:${statusId}`, () => {
    const status = statusById(ctx.site, statusId);
    return {
      self: `${ctx.baseUrl}/rest/api/3/status/${status.id}`,
      description: '',
      iconUrl: `${ctx.baseUrl}/images/icons/statuses/generic.png`,
      name: status.name,
      id: status.id,
      statusCategory: statusCategoryJson(ctx, status.category),
    };
  });
}

function issueTypeJson(ctx: RenderContext, typeId: string): Json {
  return once(ctx, `issuetype:${typeId}`, () => {
    const type = issueTypeById(ctx.site, typeId);
    return {
      self: `${ctx.baseUrl}/rest/api/3/issuetype/${type.id}`,
      id: type.id,
      description: type.description,
      iconUrl: `${ctx.baseUrl}/images/icons/issuetypes/${type.name.toLowerCase().replace(/[^a-z]/g, '')}.svg`,
      name: type.name,
      subtask: type.subtask,
      hierarchyLevel: type.hierarchyLevel,
    };
  });
}

function priorityJson(ctx: RenderContext, priorityId: string): Json {
  return once(ctx, `priority:${priorityId}`, () => {
    const priority = priorityById(ctx.site, priorityId);
    return {
      self: `${ctx.baseUrl}/rest/api/3/priority/${priority.id}`,
      iconUrl: `${ctx.baseUrl}/images/icons/priorities/${priority.name.toLowerCase()}.svg`,
      name: priority.name,
      id: priority.id,
    };
  });
}

/** Plain text to an ADF document: blank lines separate paragraphs, "- " lines become a bullet list. */
function toAdf(text: string): Json {
  const content: Json[] = text.split(/\n\s*\n/).map((block) => {
    const lines = block.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    if (lines.length > 0 && lines.every((l) => l.startsWith('- '))) {
      return {
        type: 'bulletList',
        content: lines.map((l) => ({ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: l.slice(2) }] }] })),
      };
    }
    return { type: 'paragraph', content: [{ type: 'text', text: lines.join(' ') }] };
  });
  return { type: 'doc', version: 1, content };
}

/** The agile API's v2-style description: wiki markup, where bullets are "* ". */
function toWiki(text: string): string {
  return text
    .split('\n')
    .map((l) => (l.trim().startsWith('- ') ? `* ${l.trim().slice(2)}` : l))
    .join('\n');
}

function rankString(rank: number): string {
  return `0|i${rank.toString(36).padStart(5, '0')}:`;
}

/** A sprint inside the platform Sprint field (customfield_10020). */
function sprintFieldJson(sprint: Sprint): Json {
  return {
    id: sprint.id,
    name: sprint.name,
    state: sprint.state,
    boardId: sprint.originBoardId,
    goal: sprint.goal,
    ...(sprint.startDate === undefined ? {} : { startDate: sprint.startDate }),
    ...(sprint.endDate === undefined ? {} : { endDate: sprint.endDate }),
    ...(sprint.completeDate === undefined ? {} : { completeDate: sprint.completeDate }),
  };
}

/** A sprint as the agile API returns it (board sprint lists and an agile issue's sprint / closedSprints). */
export function agileSprintJson(ctx: RenderContext, sprint: Sprint): Json {
  return {
    id: sprint.id,
    self: `${ctx.baseUrl}/rest/agile/1.0/sprint/${sprint.id}`,
    state: sprint.state,
    name: sprint.name,
    ...(sprint.startDate === undefined ? {} : { startDate: sprint.startDate }),
    ...(sprint.endDate === undefined ? {} : { endDate: sprint.endDate }),
    ...(sprint.completeDate === undefined ? {} : { completeDate: sprint.completeDate }),
    createdDate: sprint.createdDate,
    originBoardId: sprint.originBoardId,
    goal: sprint.goal,
  };
}

function parentJson(ctx: RenderContext, parentId: string | null): Json {
  const parent = parentId === null ? undefined : ctx.site.issues.get(parentId);
  if (!parent) return null;
  return once(ctx, `parent:${parent.id}`, () => ({
    id: parent.id,
    key: parent.key,
    self: `${ctx.baseUrl}/rest/api/3/issue/${parent.id}`,
    fields: {
      summary: parent.summary,
      status: statusJson(ctx, parent.statusId),
      priority: priorityJson(ctx, parent.priorityId),
      issuetype: issueTypeJson(ctx, parent.issueTypeId),
    },
  }));
}

/** An epic as the agile API returns it (a board's epics, and an agile issue's `epic`). */
export function agileEpicJson(ctx: RenderContext, epic: Issue): Json {
  return {
    id: Number(epic.id),
    key: epic.key,
    self: `${ctx.baseUrl}/rest/agile/1.0/epic/${epic.id}`,
    name: epic.summary,
    summary: epic.summary,
    color: { key: 'color_4' },
    done: statusById(ctx.site, epic.statusId).category === 'done',
  };
}

function epicJson(ctx: RenderContext, issue: Issue): Json {
  const parent = issue.parentId === null ? undefined : ctx.site.issues.get(issue.parentId);
  if (!parent || issueTypeById(ctx.site, parent.issueTypeId).hierarchyLevel !== 1) return null;
  return agileEpicJson(ctx, parent);
}

function sprintsOf(site: Site, issue: Issue): Sprint[] {
  return issue.sprintIds.map((id) => requireSprint(site, id));
}

function fieldValue(ctx: RenderContext, issue: Issue, fieldId: string, flavour: Flavour): Json {
  const { site } = ctx;
  switch (fieldId) {
    case 'summary':
      return issue.summary;
    case 'description':
      if (issue.description === null) return null;
      return flavour === 'agile' ? toWiki(issue.description) : toAdf(issue.description);
    case 'issuetype':
      return issueTypeJson(ctx, issue.issueTypeId);
    case 'status':
      return statusJson(ctx, issue.statusId);
    case 'statusCategory':
      return statusCategoryJson(ctx, statusById(site, issue.statusId).category);
    case 'priority':
      return priorityJson(ctx, issue.priorityId);
    case 'labels':
      return [...issue.labels];
    case 'components':
      return issue.componentIds.map((id) => {
        const component = site.projects.get(issue.projectKey)?.components.find((c) => c.id === id);
        return { self: `${ctx.baseUrl}/rest/api/3/component/${id}`, id, name: component?.name ?? id };
      });
    case 'project': {
      const project = site.projects.get(issue.projectKey);
      return project ? projectJson(ctx, project) : null;
    }
    case 'parent':
      return parentJson(ctx, issue.parentId);
    case 'assignee':
      return userRef(ctx, issue.assigneeAccountId);
    case 'reporter':
      return userRef(ctx, issue.reporterAccountId);
    case 'created':
      return jiraDateTime(ctx, issue.created);
    case 'updated':
      return jiraDateTime(ctx, issue.updated);
    case 'resolutiondate':
      return issue.resolutiondate === null ? null : jiraDateTime(ctx, issue.resolutiondate);
    case 'statuscategorychangedate':
      return jiraDateTime(ctx, issue.statusCategoryChangedAt);
    case 'resolution': {
      if (issue.resolutionId === null) return null;
      const resolution = resolutionById(site, issue.resolutionId);
      return { self: `${ctx.baseUrl}/rest/api/3/resolution/${resolution.id}`, id: resolution.id, description: '', name: resolution.name };
    }
    case 'timeoriginalestimate':
      return issue.originalEstimateSeconds;
    case SPRINT_FIELD_ID:
      return issue.sprintIds.length === 0 ? null : sprintsOf(site, issue).map(sprintFieldJson);
    case RANK_FIELD_ID:
      return rankString(issue.rank);
    case 'sprint': {
      const open = sprintsOf(site, issue).find((s) => s.state !== 'closed');
      return open ? agileSprintJson(ctx, open) : null;
    }
    case 'closedSprints':
      return sprintsOf(site, issue)
        .filter((s) => s.state === 'closed')
        .map((s) => agileSprintJson(ctx, s));
    case 'flagged':
      return issue.flagged;
    case 'epic':
      return epicJson(ctx, issue);
    default:
      return issue.customFields.get(fieldId) ?? null;
  }
}

export function renderIssue(ctx: RenderContext, issue: Issue, selection: FieldSelection, flavour: Flavour): Record<string, Json> {
  if (selection.kind === 'ids') return { id: issue.id };
  const fields: Record<string, Json> = {};
  for (const id of selection.ids) {
    const value = fieldValue(ctx, issue, id, flavour);
    // The agile API leaves closedSprints out for issues that were never in a closed sprint.
    if (id === 'closedSprints' && Array.isArray(value) && value.length === 0) continue;
    fields[id] = value;
  }
  const api = flavour === 'agile' ? 'agile/1.0' : 'api/3';
  return {
    expand: 'operations,versionedRepresentations,editmeta,changelog,renderedFields',
    id: issue.id,
    self: `${ctx.baseUrl}/rest/${api}/issue/${issue.id}`,
    key: issue.key,
    fields,
  };
}

/** `expand=names`: display names of the fields in the response. */
export function fieldNames(site: Site, selection: FieldSelection): Record<string, string> {
  if (selection.kind === 'ids') return {};
  return Object.fromEntries(site.fields.filter((f) => selection.ids.includes(f.id)).map((f) => [f.id, f.name]));
}

/** `expand=schema`: the schema of each field in the response that has one. */
export function fieldSchemas(site: Site, selection: FieldSelection): Record<string, Json> {
  if (selection.kind === 'ids') return {};
  const entries: [string, Json][] = [];
  for (const f of site.fields) if (f.schema && selection.ids.includes(f.id)) entries.push([f.id, { ...f.schema }]);
  return Object.fromEntries(entries);
}

/** The schema types from/to as strings: Jira omits them rather than sending null when a side is empty. */
function changeItemJson(item: ChangeItem): Json {
  const json: Record<string, Json> = {};
  for (const [key, value] of Object.entries(item)) if (value !== null) json[key] = value;
  return json;
}

/** The items of a change history a changelog request asks for: all of them, or those of `fieldIds`. */
export function selectedItems(history: ChangeHistory, fieldIds: readonly string[] | null): ChangeItem[] {
  return fieldIds === null ? history.items : history.items.filter((item) => fieldIds.includes(item.fieldId));
}

/** A change history with the items asked for (selectedItems). */
export function changeHistoryJson(ctx: RenderContext, history: ChangeHistory, items: readonly ChangeItem[]): Json {
  return {
    id: history.id,
    author: userRef(ctx, history.authorAccountId),
    created: jiraDateTime(ctx, history.created),
    items: items.map(changeItemJson),
  };
}
