import { z } from 'zod';
import {
  JiraHttpError,
  MAX_RECONCILE_ISSUES,
  compileOrReject,
  parseBody,
  queryInt,
  queryList,
  reconcileIds,
  type ApiRequest,
  type ApiResponse,
  type Route,
} from './api';
import type { FieldDef } from './field-catalogue';
import { changeHistoryJson, fieldNames, fieldSchemas, parseFieldSelection, renderIssue, selectedItems, statusJson, type FieldSelection } from './issue-json';
import { ISSUE_PAGE_DEFAULT, issuePageCap, servedPageSize } from './paging';
import {
  PERMISSIONS,
  canBrowse,
  canBrowseIssue,
  hasGlobalPermission,
  hasPermissionAnywhere,
  hasProjectPermission,
  isApp,
  isPermissionKey,
  visibleIssue,
  visibleProject,
  type PermissionKey,
} from './permissions';
import { setCustomFieldValue, type Issue, type Json, type Project } from './site-model';

/**
 * The platform REST v3 endpoints: enhanced JQL search and its approximate count, issues (one, or bulk-fetched), fields,
 * statuses, my permissions, bulk changelogs and the app-only custom field value writes.
 */

interface SearchInput {
  jql: string | undefined;
  nextPageToken: string | undefined;
  maxResults: number | undefined;
  fields: string[] | undefined;
  expand: string[];
  reconcileIssues: Set<string>;
}

/** Search requires a bounded query: one with a search restriction. */
function boundedJql(request: ApiRequest, text: string | undefined) {
  const compiled = compileOrReject(request, text?.trim() ?? '');
  if (!compiled.hasWhere) {
    throw new JiraHttpError(400, ['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.']);
  }
  return compiled;
}

function search(request: ApiRequest, input: SearchInput): ApiResponse {
  const jql = input.jql?.trim() ?? '';
  const compiled = boundedJql(request, jql);
  if (input.maxResults !== undefined && input.maxResults < 0) throw new JiraHttpError(400, ["The 'maxResults' parameter must not be negative."]);
  const { site, user } = request;
  const selection = parseFieldSelection(site, input.fields, 'platform');
  const offset = request.tokens.read(input.nextPageToken, { jql });
  const found = compiled.sort(
    request.index.issues(site, input.reconcileIssues).filter((issue) => canBrowseIssue(site, user, issue) && compiled.matches(issue)),
    [{ field: 'key', direction: 'DESC' }],
  );
  const pageSize = servedPageSize(request.behaviour, input.maxResults ?? ISSUE_PAGE_DEFAULT, issuePageCap(selection), found.length);
  const page = found.slice(offset, offset + pageSize);
  const isLast = offset + page.length >= found.length;
  return {
    status: 200,
    body: {
      issues: page.map((issue) => renderIssue(request.render, issue, selection, 'platform')),
      isLast,
      ...(isLast ? {} : { nextPageToken: request.tokens.issue({ jql }, offset + page.length) }),
      ...(input.expand.includes('names') ? { names: fieldNames(site, selection) } : {}),
      ...(input.expand.includes('schema') ? { schema: fieldSchemas(site, selection) } : {}),
    },
  };
}

const searchBodySchema = z.strictObject({
  jql: z.string().optional(),
  nextPageToken: z.string().nullable().optional(),
  maxResults: z.number().int().optional(),
  fields: z.array(z.string()).optional(),
  expand: z.string().optional(),
  properties: z.array(z.string()).max(5).optional(),
  fieldsByKeys: z.boolean().optional(),
  failFast: z.boolean().optional(),
  reconcileIssues: z.array(z.number().int()).max(MAX_RECONCILE_ISSUES).optional(),
});

function splitExpand(expand: string | undefined): string[] {
  return (expand ?? '').split(',').map((e) => e.trim()).filter((e) => e !== '');
}

function searchGet(request: ApiRequest): ApiResponse {
  const { query } = request;
  return search(request, {
    jql: query.get('jql') ?? undefined,
    nextPageToken: query.get('nextPageToken') ?? undefined,
    maxResults: query.has('maxResults') ? queryInt(query, 'maxResults', ISSUE_PAGE_DEFAULT) : undefined,
    fields: queryList(query, 'fields'),
    expand: query.getAll('expand').flatMap(splitExpand),
    reconcileIssues: reconcileIds(queryList(query, 'reconcileIssues')),
  });
}

function searchPost(request: ApiRequest): ApiResponse {
  const body = parseBody(searchBodySchema, request.body);
  return search(request, {
    jql: body.jql,
    nextPageToken: body.nextPageToken ?? undefined,
    maxResults: body.maxResults,
    fields: body.fields,
    expand: splitExpand(body.expand),
    reconcileIssues: reconcileIds(body.reconcileIssues),
  });
}

const countBodySchema = z.strictObject({ jql: z.string().optional() });

/** "An estimated count of the issues that match the JQL", from the search index (so recent writes may lag). */
function approximateCount(request: ApiRequest): ApiResponse {
  const compiled = boundedJql(request, parseBody(countBodySchema, request.body).jql);
  const { site, user } = request;
  const count = request.index.issues(site, new Set()).filter((issue) => canBrowseIssue(site, user, issue) && compiled.matches(issue)).length;
  return { status: 200, body: { count } };
}

/** Bulk fetch takes up to 100 issues a call (Jira allows 1,000 for requests it can serve efficiently; its docs do not say which). */
const BULK_FETCH_MAX = 100;

const bulkFetchSchema = z.strictObject({
  issueIdsOrKeys: z.array(z.union([z.string(), z.number().int()]).transform(String)).min(1),
  fields: z.array(z.string()).optional(),
  fieldsByKeys: z.boolean().optional(),
  expand: z.array(z.string()).optional(),
  properties: z.array(z.string()).max(5).optional(),
});

/** All navigable fields unless `fields` names some (the default of bulk fetch and of GET issue's `*navigable`). */
function fieldsOrNavigable(request: ApiRequest, fields: string[] | undefined, fallback: string): FieldSelection {
  return parseFieldSelection(request.site, fields === undefined || fields.length === 0 ? [fallback] : fields, 'platform');
}

/**
 * Issues by id or key, as they are now (not from the search index), in ascending id order. Issues that do not exist or
 * that the caller may not browse are left out, as Jira leaves them out (issueErrors is for retriable failures). The
 * response schema (BulkIssueResults) has no top-level names or schema; `expand` is accepted and not applied.
 */
function bulkFetch(request: ApiRequest): ApiResponse {
  const body = parseBody(bulkFetchSchema, request.body);
  if (body.issueIdsOrKeys.length > BULK_FETCH_MAX) {
    throw new JiraHttpError(400, [`You can request at most ${BULK_FETCH_MAX} issues in one call; this request has ${body.issueIdsOrKeys.length}.`]);
  }
  const selection = fieldsOrNavigable(request, body.fields, '*navigable');
  const found = new Map<string, Issue>();
  for (const idOrKey of body.issueIdsOrKeys) {
    const issue = visibleIssue(request.site, request.user, idOrKey);
    if (issue) found.set(issue.id, issue);
  }
  return {
    status: 200,
    body: {
      issues: [...found.values()].sort((a, b) => Number(a.id) - Number(b.id)).map((issue) => renderIssue(request.render, issue, selection, 'platform')),
      issueErrors: [],
    },
  };
}

/** One issue, with every field unless `fields` names some; 404 alike for one that does not exist or cannot be browsed. */
function getIssue(request: ApiRequest): ApiResponse {
  const issue = visibleIssue(request.site, request.user, decodeURIComponent(request.params[0] ?? ''));
  if (!issue) throw new JiraHttpError(404, ['Issue does not exist or you do not have permission to see it.']);
  const selection = fieldsOrNavigable(request, queryList(request.query, 'fields'), '*all');
  const expand = queryList(request.query, 'expand') ?? [];
  return {
    status: 200,
    body: {
      ...renderIssue(request.render, issue, selection, 'platform'),
      ...(expand.includes('names') ? { names: fieldNames(request.site, selection) } : {}),
      ...(expand.includes('schema') ? { schema: fieldSchemas(request.site, selection) } : {}),
    },
  };
}

function fieldDetails(field: FieldDef): Json {
  return {
    id: field.id,
    key: field.key,
    name: field.name,
    custom: field.custom,
    orderable: field.orderable,
    navigable: field.navigable,
    searchable: field.searchable,
    clauseNames: [...field.clauseNames],
    ...(field.schema ? { schema: { ...field.schema } } : {}),
  };
}

/** Every status with its category: how a client reads status history (changelogs carry status ids only). */
function listStatuses(request: ApiRequest): ApiResponse {
  return { status: 200, body: request.site.statuses.map((s) => statusJson(request.render, s.id)) };
}

function listFields(request: ApiRequest): ApiResponse {
  return { status: 200, body: request.site.fields.map(fieldDetails) };
}

/** The project a /mypermissions context names; Jira answers 404 for one the user cannot see, as for one that does not exist. */
function permissionContext(request: ApiRequest): Project | null {
  const { query, site, user } = request;
  const projectKey = query.get('projectKey');
  const projectId = query.get('projectId');
  const issueKey = query.get('issueKey') ?? query.get('issueId');
  if (issueKey) {
    const issue = visibleIssue(site, user, issueKey);
    const project = issue ? site.projects.get(issue.projectKey) : undefined;
    if (!project) throw new JiraHttpError(404, ['Issue does not exist or you do not have permission to see it.']);
    return project;
  }
  const keyOrId = projectKey ?? projectId;
  if (keyOrId) {
    const project = visibleProject(site, user, keyOrId);
    if (!project) throw new JiraHttpError(404, [`No project could be found with ${projectKey ? 'key' : 'id'} '${keyOrId}'.`]);
    return project;
  }
  return null;
}

/**
 * GET /rest/api/3/project/search: the projects the user may browse or administer (Jira admins see every one),
 * optionally only those `keys` names (unknown keys are left out).
 */
function projectSearch(request: ApiRequest): ApiResponse {
  const { query, site, user } = request;
  const keys = queryList(query, 'keys');
  const startAt = queryInt(query, 'startAt', 0);
  const maxResults = Math.min(queryInt(query, 'maxResults', 50), 100);
  const visible = [...site.projects.values()]
    .filter((p) => (hasGlobalPermission(user, 'ADMINISTER') || canBrowse(site, user, p) || hasProjectPermission(site, user, p, 'ADMINISTER_PROJECTS')) && (keys === undefined || keys.includes(p.key)))
    .sort((a, b) => a.key.localeCompare(b.key));
  const page = visible.slice(startAt, startAt + maxResults);
  return {
    status: 200,
    body: {
      self: `${request.render.baseUrl}/rest/api/3/project/search`,
      maxResults,
      startAt,
      total: visible.length,
      isLast: startAt + page.length >= visible.length,
      values: page.map((p) => ({ self: `${request.render.baseUrl}/rest/api/3/project/${p.id}`, id: p.id, key: p.key, name: p.name, projectTypeKey: 'software' })),
    },
  };
}

/** GET /rest/api/3/user/bulk: the users of the account ids given that exist (a deleted account is not returned). */
function userBulk(request: ApiRequest): ApiResponse {
  const { query, site } = request;
  const ids = queryList(query, 'accountId') ?? [];
  if (ids.length === 0) throw new JiraHttpError(400, ['At least one accountId is required.']);
  const maxResults = queryInt(query, 'maxResults', 10);
  const found = ids.flatMap((id) => {
    const u = site.users.get(id);
    return u ? [u] : [];
  });
  const page = found.slice(0, maxResults);
  return {
    status: 200,
    body: {
      maxResults,
      startAt: 0,
      total: found.length,
      isLast: page.length >= found.length,
      values: page.map((u) => ({
        self: `${request.render.baseUrl}/rest/api/3/user?accountId=${encodeURIComponent(u.accountId)}`,
        accountId: u.accountId,
        accountType: u.accountType,
        displayName: u.displayName,
        active: true,
        timeZone: u.timeZone,
      })),
    },
  };
}

function myPermissions(request: ApiRequest): ApiResponse {
  const keys = queryList(request.query, 'permissions') ?? [];
  if (keys.length === 0) throw new JiraHttpError(400, ['The permissions parameter is required.']);
  const unknown = keys.filter((k) => !isPermissionKey(k));
  if (unknown.length > 0) throw new JiraHttpError(400, [`Unrecognized permission keys: ${unknown.join(', ')}`]);
  const project = permissionContext(request);
  const { site, user } = request;
  const held = (key: PermissionKey): boolean => {
    if (key === 'ADMINISTER') return hasGlobalPermission(user, key);
    return project ? hasProjectPermission(site, user, project, key) : hasPermissionAnywhere(site, user, key);
  };
  const permissions: Record<string, Json> = {};
  for (const key of keys) {
    if (!isPermissionKey(key)) continue;
    const info = PERMISSIONS[key];
    permissions[key] = { id: info.id, key, name: info.name, type: info.type, description: info.description, havePermission: held(key) };
  }
  return { status: 200, body: { permissions } };
}

const bulkChangelogSchema = z.strictObject({
  // Jira's JSON binding reads numbers as strings here.
  issueIdsOrKeys: z.array(z.union([z.string(), z.number().int()]).transform(String)).min(1).max(1000),
  fieldIds: z.array(z.string()).max(10).optional(),
  maxResults: z.number().int().min(1).max(10000).optional(),
  nextPageToken: z.string().nullable().optional(),
});

/** Changelogs sorted oldest first (then by issue id), paged across issues, only for issues the caller may browse. */
function bulkChangelogs(request: ApiRequest): ApiResponse {
  const body = parseBody(bulkChangelogSchema, request.body);
  const fieldIds = body.fieldIds ?? null;
  if (fieldIds && new Set(fieldIds).size !== fieldIds.length) throw new JiraHttpError(400, ['fieldIds must not contain duplicates.']);
  const issues = new Map<string, Issue>();
  for (const idOrKey of body.issueIdsOrKeys) {
    const issue = visibleIssue(request.site, request.user, idOrKey);
    if (issue) issues.set(issue.id, issue);
  }
  // Only the page's histories are rendered: a long changelog pages through many requests.
  const entries = [...issues.values()]
    .flatMap((issue) =>
      issue.changelog.flatMap((history) => {
        const items = selectedItems(history, fieldIds);
        return items.length === 0 ? [] : [{ issueId: issue.id, issueNumber: Number(issue.id), created: Date.parse(history.created), historyId: Number(history.id), history, items }];
      }),
    )
    .sort((a, b) => a.created - b.created || a.issueNumber - b.issueNumber || a.historyId - b.historyId);
  const scope = { issues: [...issues.keys()].sort(), fieldIds: fieldIds ?? [] };
  const offset = request.tokens.read(body.nextPageToken ?? undefined, scope);
  const pageSize = servedPageSize(request.behaviour, body.maxResults ?? 1000, 10000, entries.length);
  const page = entries.slice(offset, offset + pageSize);
  const byIssue = new Map<string, Json[]>();
  for (const entry of page) {
    const json = changeHistoryJson(request.render, entry.history, entry.items);
    const histories = byIssue.get(entry.issueId);
    if (histories) histories.push(json);
    else byIssue.set(entry.issueId, [json]);
  }
  const more = offset + page.length < entries.length;
  return {
    status: 200,
    body: {
      issueChangeLogs: [...byIssue].map(([issueId, changeHistories]) => ({ issueId, changeHistories })),
      ...(more ? { nextPageToken: request.tokens.issue(scope, offset + page.length) } : {}),
    },
  };
}

const issueIdSchema = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);

const singleFieldUpdateSchema = z.strictObject({
  updates: z.array(z.strictObject({ issueIds: z.array(issueIdSchema).min(1), value: z.json() })).min(1),
});

const multiFieldUpdateSchema = z.strictObject({
  updates: z.array(z.strictObject({ customField: z.string(), issueIds: z.array(issueIdSchema).min(1), value: z.json() })).min(1),
});

interface FieldUpdate {
  field: FieldDef;
  issueIds: string[];
  value: unknown;
}

function requireApp(request: ApiRequest): void {
  if (!isApp(request.site, request.user)) throw new JiraHttpError(403, ['Only the app that provided the field can update its values.']);
}

function appField(request: ApiRequest, idOrKey: string): FieldDef {
  const field = request.site.fields.find((f) => f.id === idOrKey || f.key === idOrKey);
  if (!field) throw new JiraHttpError(404, [`The custom field ${idOrKey} was not found.`]);
  if (!field.appOwned) throw new JiraHttpError(403, [`The app does not provide the field ${idOrKey}.`]);
  return field;
}

/** A value of the field's type: Forge string fields hold at most 255 characters; null clears the field. */
function fieldValue(field: FieldDef, value: unknown): Json {
  const schema =
    field.schema?.type === 'string' ? z.string().max(255).nullable() : field.schema?.type === 'number' ? z.number().nullable() : z.json();
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new JiraHttpError(400, [], { [field.id]: `The value is not valid for a field of type ${field.schema?.type ?? 'unknown'}.` });
  return parsed.data;
}

/** All or nothing: every update is validated before any value is stored. */
function applyFieldUpdates(request: ApiRequest, updates: FieldUpdate[]): ApiResponse {
  const { site, user } = request;
  const seen = new Set<string>();
  const writes = updates.flatMap((update) => {
    const value = fieldValue(update.field, update.value);
    return update.issueIds.map((issueId) => {
      const issue = site.issues.get(issueId);
      if (!issue) throw new JiraHttpError(400, [`Issue with id ${issueId} was not found.`]);
      const pair = `${update.field.id}/${issueId}`;
      if (seen.has(pair)) throw new JiraHttpError(400, [`The field ${update.field.id} is updated more than once for issue ${issueId}.`]);
      seen.add(pair);
      return { field: update.field, issue, value };
    });
  });
  const generateChangelog = request.query.get('generateChangelog') !== 'false';
  for (const write of writes) {
    setCustomFieldValue(site, write.issue, write.field.id, write.value, { by: user.accountId, generateChangelog });
    site.appFieldWrites.push({ fieldId: write.field.id, issueId: write.issue.id, value: write.value, generateChangelog, at: site.now });
  }
  return { status: 204 };
}

function updateFieldValue(request: ApiRequest): ApiResponse {
  requireApp(request);
  const body = parseBody(singleFieldUpdateSchema, request.body);
  const field = appField(request, decodeURIComponent(request.params[0] ?? ''));
  return applyFieldUpdates(request, body.updates.map((u) => ({ field, issueIds: u.issueIds, value: u.value })));
}

function updateFieldValues(request: ApiRequest): ApiResponse {
  requireApp(request);
  const body = parseBody(multiFieldUpdateSchema, request.body);
  return applyFieldUpdates(request, body.updates.map((u) => ({ field: appField(request, u.customField), issueIds: u.issueIds, value: u.value })));
}

/** /rest/api/3/search and /search/id were removed (CHANGE-2046): Jira answers 410 with this message. */
function removedSearch(): ApiResponse {
  throw new JiraHttpError(410, [
    'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
  ]);
}

export const platformRoutes: Route[] = [
  { method: 'GET', pattern: /^\/rest\/api\/3\/search$/, handle: removedSearch },
  { method: 'POST', pattern: /^\/rest\/api\/3\/search$/, handle: removedSearch },
  { method: 'POST', pattern: /^\/rest\/api\/3\/search\/id$/, handle: removedSearch },
  { method: 'GET', pattern: /^\/rest\/api\/3\/search\/jql$/, handle: searchGet },
  { method: 'POST', pattern: /^\/rest\/api\/3\/search\/jql$/, handle: searchPost },
  { method: 'POST', pattern: /^\/rest\/api\/3\/search\/approximate-count$/, handle: approximateCount },
  { method: 'POST', pattern: /^\/rest\/api\/3\/issue\/bulkfetch$/, handle: bulkFetch },
  { method: 'GET', pattern: /^\/rest\/api\/3\/issue\/([^/]+)$/, handle: getIssue },
  { method: 'GET', pattern: /^\/rest\/api\/3\/field$/, handle: listFields },
  { method: 'GET', pattern: /^\/rest\/api\/3\/status$/, handle: listStatuses },
  { method: 'GET', pattern: /^\/rest\/api\/3\/mypermissions$/, handle: myPermissions },
  { method: 'GET', pattern: /^\/rest\/api\/3\/project\/search$/, handle: projectSearch },
  { method: 'GET', pattern: /^\/rest\/api\/3\/user\/bulk$/, handle: userBulk },
  { method: 'POST', pattern: /^\/rest\/api\/3\/changelog\/bulkfetch$/, handle: bulkChangelogs },
  { method: 'PUT', pattern: /^\/rest\/api\/3\/app\/field\/([^/]+)\/value$/, handle: updateFieldValue },
  { method: 'POST', pattern: /^\/rest\/api\/3\/app\/field\/value$/, handle: updateFieldValues },
];
