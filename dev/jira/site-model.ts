import { SPRINT_FIELD_ID, STORY_POINTS_FIELD_ID, standardFields, type FieldDef } from './field-catalogue';

/**
 * The in-memory Jira site the local server answers from, and the builders that keep it consistent (an issue's Sprint field,
 * status, resolution date and changelog always tell the same story). Tests build tiny sites with these; demo-site.ts builds
 * the demo. Everything is plain data, mutable at runtime: the server reads the site on every request.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export type GlobalPermission = 'ADMINISTER';
export type ProjectPermission =
  | 'BROWSE_PROJECTS'
  | 'EDIT_ISSUES'
  | 'ADMINISTER_PROJECTS'
  | 'CREATE_ISSUES'
  | 'TRANSITION_ISSUES'
  | 'ASSIGN_ISSUES'
  | 'RESOLVE_ISSUES'
  | 'DELETE_ISSUES'
  | 'SCHEDULE_ISSUES'
  | 'ADD_COMMENTS'
  | 'MANAGE_SPRINTS_PERMISSION';

export const ALL_PROJECT_PERMISSIONS: readonly ProjectPermission[] = [
  'BROWSE_PROJECTS',
  'EDIT_ISSUES',
  'ADMINISTER_PROJECTS',
  'CREATE_ISSUES',
  'TRANSITION_ISSUES',
  'ASSIGN_ISSUES',
  'RESOLVE_ISSUES',
  'DELETE_ISSUES',
  'SCHEDULE_ISSUES',
  'ADD_COMMENTS',
  'MANAGE_SPRINTS_PERMISSION',
];

/** What a team member gets on their own project: work on issues, but no administration. */
export const MEMBER_PERMISSIONS: readonly ProjectPermission[] = [
  'BROWSE_PROJECTS',
  'EDIT_ISSUES',
  'CREATE_ISSUES',
  'TRANSITION_ISSUES',
  'ASSIGN_ISSUES',
  'RESOLVE_ISSUES',
  'SCHEDULE_ISSUES',
  'ADD_COMMENTS',
];

export const ADMIN_ACCOUNT_ID = '5b10a2844c20165700ede21g';
export const DEV_ACCOUNT_ID = '5b10ac8d82e05b22cc7d4ef5';
export const APP_ACCOUNT_ID = 'app-ktlo-lens';
export const ADMIN_EMAIL = 'ana.admin@demo.test';
export const DEV_EMAIL = 'dev.dan@demo.test';
export const APP_EMAIL = 'ktlo-lens@app.local';

export interface User {
  accountId: string;
  emailAddress: string;
  displayName: string;
  /** 'app' is the app's bot user (asApp()); it browses every project, as a Forge app with its scopes does. */
  accountType: 'atlassian' | 'app';
  timeZone: string;
  globalPermissions: Set<GlobalPermission>;
}

export interface Component {
  id: string;
  name: string;
}

export interface Project {
  id: string;
  key: string;
  name: string;
  leadAccountId: string;
  components: Component[];
  /** The status new issues start in (the first column of the project's workflow). */
  initialStatusId: string;
  /** The number of the project's last issue key. */
  lastIssueNumber: number;
  access: Map<string, Set<ProjectPermission>>;
}

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export interface Status {
  id: string;
  name: string;
  category: StatusCategoryKey;
}

export interface IssueType {
  id: string;
  name: string;
  description: string;
  subtask: boolean;
  hierarchyLevel: number;
}

export interface NamedRef {
  id: string;
  name: string;
}

export interface Filter {
  id: number;
  name: string;
  jql: string;
  ownerAccountId: string;
}

export interface BoardColumn {
  name: string;
  statusIds: string[];
  min?: number;
  max?: number;
}

export type Estimation = { type: 'field'; fieldId: string } | { type: 'issueCount' } | { type: 'none' };

export interface Board {
  id: number;
  name: string;
  type: 'scrum' | 'kanban';
  projectKey: string;
  filterId: number;
  /** Board administrators: they (and Jira admins) may edit the board's configuration. */
  admins: Set<string>;
  columns: BoardColumn[];
  /** Scrum boards only; kanban boards have no estimation. */
  estimation: Estimation | null;
  /** Kanban only: JQL applied on top of the filter (e.g. hide old done work). */
  subQuery: string | null;
}

export type SprintState = 'closed' | 'active' | 'future';

export interface Sprint {
  id: number;
  name: string;
  state: SprintState;
  originBoardId: number;
  goal: string;
  createdDate: string;
  startDate?: string;
  endDate?: string;
  completeDate?: string;
}

export interface ChangeItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface ChangeHistory {
  id: string;
  authorAccountId: string;
  created: string;
  items: ChangeItem[];
}

export interface Issue {
  id: string;
  key: string;
  projectKey: string;
  issueTypeId: string;
  statusId: string;
  priorityId: string;
  resolutionId: string | null;
  summary: string;
  /** Plain text: blank lines separate paragraphs, lines starting "- " are bullets. Rendered as ADF (platform) or a string (agile). */
  description: string | null;
  labels: string[];
  componentIds: string[];
  reporterAccountId: string;
  assigneeAccountId: string | null;
  created: string;
  updated: string;
  resolutiondate: string | null;
  statusCategoryChangedAt: string;
  parentId: string | null;
  originalEstimateSeconds: number | null;
  /** Every sprint in the Sprint field, in the order added: closed sprints stay when unfinished work moves on. */
  sprintIds: number[];
  rank: number;
  flagged: boolean;
  /** Custom field values other than Sprint and Rank (which are derived): story points, the app's field, ... */
  customFields: Map<string, Json>;
  changelog: ChangeHistory[];
}

export interface AppFieldWrite {
  fieldId: string;
  issueId: string;
  value: Json;
  generateChangelog: boolean;
  at: string;
}

export interface Site {
  /** The site's clock: relative JQL dates and new changes use it, so a site is deterministic. */
  now: string;
  appAccountId: string;
  users: Map<string, User>;
  projects: Map<string, Project>;
  statuses: Status[];
  issueTypes: IssueType[];
  priorities: NamedRef[];
  resolutions: NamedRef[];
  fields: FieldDef[];
  storyPointsFieldId: string;
  filters: Map<number, Filter>;
  boards: Map<number, Board>;
  sprints: Map<number, Sprint>;
  /** By id, in creation order. */
  issues: Map<string, Issue>;
  issueIdsByKey: Map<string, string>;
  /** Every value the app wrote through /rest/api/3/app/field, one entry per issue, so tests can assert "only on change". */
  appFieldWrites: AppFieldWrite[];
  /**
   * Told of every write the builders (and so the server) make to an issue, with the issue as it was before (null for a
   * new issue): the server's search index listens, to lag behind writes as Jira's does. Null when nobody listens.
   */
  writeListener: ((issueId: string, before: Issue | null) => void) | null;
  sequences: { issueId: number; changelogId: number; projectId: number; componentId: number; filterId: number; boardId: number; sprintId: number };
}

export const STATUSES: readonly Status[] = [
  { id: '10000', name: 'To Do', category: 'new' },
  { id: '10001', name: 'Backlog', category: 'new' },
  { id: '10002', name: 'Selected for Development', category: 'new' },
  { id: '3', name: 'In Progress', category: 'indeterminate' },
  { id: '10003', name: 'In Review', category: 'indeterminate' },
  { id: '10004', name: 'Done', category: 'done' },
  { id: '10005', name: "Won't Do", category: 'done' },
];

export const ISSUE_TYPES: readonly IssueType[] = [
  { id: '10000', name: 'Epic', description: 'A big user story that needs to be broken down.', subtask: false, hierarchyLevel: 1 },
  { id: '10001', name: 'Story', description: 'Functionality or a feature expressed as a user goal.', subtask: false, hierarchyLevel: 0 },
  { id: '10002', name: 'Task', description: 'A small, distinct piece of work.', subtask: false, hierarchyLevel: 0 },
  { id: '10003', name: 'Bug', description: 'A problem or error.', subtask: false, hierarchyLevel: 0 },
  { id: '10004', name: 'Incident', description: 'An unplanned interruption or reduction in quality of service.', subtask: false, hierarchyLevel: 0 },
  { id: '10005', name: 'Sub-task', description: 'A small piece of work that is part of a larger task.', subtask: true, hierarchyLevel: -1 },
];

export const PRIORITIES: readonly NamedRef[] = [
  { id: '1', name: 'Highest' },
  { id: '2', name: 'High' },
  { id: '3', name: 'Medium' },
  { id: '4', name: 'Low' },
  { id: '5', name: 'Lowest' },
];

export const RESOLUTIONS: readonly NamedRef[] = [
  { id: '10000', name: 'Done' },
  { id: '10001', name: "Won't Do" },
];

export interface SiteOptions {
  now?: string;
  storyPointsField?: { id: string; name: string };
}

/**
 * A site with Jira's catalogues (statuses, issue types, priorities, fields) and the three standard users (Ana the admin,
 * Dan the developer, the app's bot) but no projects: tests add what they are about.
 */
export function emptySite(options: SiteOptions = {}): Site {
  const storyPoints = options.storyPointsField ?? { id: STORY_POINTS_FIELD_ID, name: 'Story point estimate' };
  const site: Site = {
    now: options.now ?? '2026-11-27T09:00:00.000Z',
    appAccountId: APP_ACCOUNT_ID,
    users: new Map(),
    projects: new Map(),
    statuses: STATUSES.map((s) => ({ ...s })),
    issueTypes: ISSUE_TYPES.map((t) => ({ ...t })),
    priorities: PRIORITIES.map((p) => ({ ...p })),
    resolutions: RESOLUTIONS.map((r) => ({ ...r })),
    fields: standardFields({ storyPoints }),
    storyPointsFieldId: storyPoints.id,
    filters: new Map(),
    boards: new Map(),
    sprints: new Map(),
    issues: new Map(),
    issueIdsByKey: new Map(),
    appFieldWrites: [],
    writeListener: null,
    sequences: { issueId: 10000, changelogId: 100000, projectId: 10000, componentId: 10000, filterId: 10000, boardId: 1, sprintId: 1 },
  };
  addUser(site, { accountId: ADMIN_ACCOUNT_ID, email: ADMIN_EMAIL, displayName: 'Ana Admin', globalPermissions: ['ADMINISTER'] });
  addUser(site, { accountId: DEV_ACCOUNT_ID, email: DEV_EMAIL, displayName: 'Dan Developer' });
  addUser(site, { accountId: APP_ACCOUNT_ID, email: APP_EMAIL, displayName: 'KTLO Lens', accountType: 'app' });
  return site;
}

export function addUser(
  site: Site,
  spec: { accountId: string; email: string; displayName: string; accountType?: User['accountType']; timeZone?: string; globalPermissions?: GlobalPermission[] },
): User {
  const user: User = {
    accountId: spec.accountId,
    emailAddress: spec.email,
    displayName: spec.displayName,
    accountType: spec.accountType ?? 'atlassian',
    timeZone: spec.timeZone ?? 'Europe/London',
    globalPermissions: new Set(spec.globalPermissions ?? []),
  };
  site.users.set(user.accountId, user);
  return user;
}

export function addProject(
  site: Site,
  spec: {
    key: string;
    name: string;
    lead?: string;
    components?: string[];
    initialStatus?: string;
    /** Who may do what; by default the admin user administers it and nobody else has access. */
    access?: Record<string, readonly ProjectPermission[]>;
  },
): Project {
  const access = spec.access ?? (site.users.has(ADMIN_ACCOUNT_ID) ? { [ADMIN_ACCOUNT_ID]: ALL_PROJECT_PERMISSIONS } : {});
  const project: Project = {
    id: String(site.sequences.projectId++),
    key: spec.key,
    name: spec.name,
    leadAccountId: spec.lead ?? ADMIN_ACCOUNT_ID,
    components: (spec.components ?? []).map((name) => ({ id: String(site.sequences.componentId++), name })),
    initialStatusId: statusByName(site, spec.initialStatus ?? 'To Do').id,
    lastIssueNumber: 0,
    access: new Map(Object.entries(access).map(([accountId, perms]) => [accountId, new Set(perms)])),
  };
  site.projects.set(project.key, project);
  return project;
}

export function grant(site: Site, accountId: string, projectKey: string, permissions: readonly ProjectPermission[]): void {
  const project = requireProject(site, projectKey);
  const held = project.access.get(accountId) ?? new Set<ProjectPermission>();
  for (const p of permissions) held.add(p);
  project.access.set(accountId, held);
}

export function revoke(site: Site, accountId: string, projectKey: string, permissions: readonly ProjectPermission[]): void {
  const held = requireProject(site, projectKey).access.get(accountId);
  for (const p of permissions) held?.delete(p);
}

export function addFilter(site: Site, spec: { id?: number; name: string; jql: string; owner?: string }): Filter {
  const filter: Filter = { id: spec.id ?? site.sequences.filterId++, name: spec.name, jql: spec.jql, ownerAccountId: spec.owner ?? ADMIN_ACCOUNT_ID };
  site.filters.set(filter.id, filter);
  return filter;
}

const SCRUM_COLUMNS: readonly (readonly [string, readonly string[]])[] = [
  ['To Do', ['To Do']],
  ['In Progress', ['In Progress']],
  ['In Review', ['In Review']],
  ['Done', ['Done', "Won't Do"]],
];

const KANBAN_COLUMNS: readonly (readonly [string, readonly string[]])[] = [
  ['Backlog', ['Backlog', 'To Do']],
  ['Selected for Development', ['Selected for Development']],
  ['In Progress', ['In Progress']],
  ['In Review', ['In Review']],
  ['Done', ['Done', "Won't Do"]],
];

export function addBoard(
  site: Site,
  spec: {
    id?: number;
    name: string;
    type: Board['type'];
    projectKey: string;
    /** An existing filter; by default one is created: `project = KEY ORDER BY Rank`. */
    filterId?: number;
    admins?: string[];
    /** Column name -> status names, in board order. */
    columns?: { name: string; statuses: string[]; min?: number; max?: number }[];
    estimation?: Estimation;
    subQuery?: string;
  },
): Board {
  const filterId =
    spec.filterId ?? addFilter(site, { name: `Filter for ${spec.name}`, jql: `project = ${spec.projectKey} ORDER BY Rank` }).id;
  const columns: { name: string; statuses: string[]; min?: number; max?: number }[] =
    spec.columns ?? (spec.type === 'scrum' ? SCRUM_COLUMNS : KANBAN_COLUMNS).map(([name, statuses]) => ({ name, statuses: [...statuses] }));
  const board: Board = {
    id: spec.id ?? site.sequences.boardId++,
    name: spec.name,
    type: spec.type,
    projectKey: spec.projectKey,
    filterId,
    admins: new Set(spec.admins ?? [ADMIN_ACCOUNT_ID]),
    columns: columns.map((c) => ({
      name: c.name,
      statusIds: c.statuses.map((s) => statusByName(site, s).id),
      ...(c.min === undefined ? {} : { min: c.min }),
      ...(c.max === undefined ? {} : { max: c.max }),
    })),
    estimation: spec.type === 'scrum' ? (spec.estimation ?? { type: 'field', fieldId: site.storyPointsFieldId }) : null,
    subQuery: spec.subQuery ?? null,
  };
  site.boards.set(board.id, board);
  return board;
}

export function addSprint(
  site: Site,
  spec: { id?: number; boardId: number; name: string; state: SprintState; goal?: string; startDate?: string; endDate?: string; completeDate?: string; createdDate?: string },
): Sprint {
  const sprint: Sprint = {
    id: spec.id ?? site.sequences.sprintId++,
    name: spec.name,
    state: spec.state,
    originBoardId: spec.boardId,
    goal: spec.goal ?? '',
    createdDate: spec.createdDate ?? spec.startDate ?? site.now,
    ...(spec.startDate === undefined ? {} : { startDate: spec.startDate }),
    ...(spec.endDate === undefined ? {} : { endDate: spec.endDate }),
    ...(spec.completeDate === undefined ? {} : { completeDate: spec.completeDate }),
  };
  site.sprints.set(sprint.id, sprint);
  return sprint;
}

export interface IssueSpec {
  project: string;
  type: string;
  summary: string;
  description?: string;
  labels?: string[];
  components?: string[];
  priority?: string;
  storyPoints?: number;
  originalEstimateSeconds?: number;
  created: string;
  /** The parent's key (an epic for standard issues, a standard issue for sub-tasks); it must exist already. */
  parent?: string;
  reporter?: string;
  assignee?: string;
  flagged?: boolean;
  /** Status changes after creation, by status name. */
  transitions?: { at: string; to: string; by?: string }[];
  /** Sprint field changes: added to a sprint (planning, carry-over, or after it started) or removed from one. */
  sprints?: { at: string; sprintId: number; action?: 'add' | 'remove'; by?: string }[];
  /** Custom field values set at creation (no changelog), e.g. a pre-set "Work category". */
  customFields?: Record<string, Json>;
}

/** Adds an issue and replays its history in time order, so its fields and its changelog agree. */
export function addIssue(site: Site, spec: IssueSpec): Issue {
  const project = requireProject(site, spec.project);
  const type = issueTypeByName(site, spec.type);
  const parentId = spec.parent === undefined ? null : requireIssue(site, spec.parent).id;
  const priorityId = byName(site.priorities, spec.priority ?? 'Medium', 'priority').id;
  const componentIds = (spec.components ?? []).map((name) => byName(project.components, name, `component of ${project.key}`).id);
  const reporter = spec.reporter ?? project.leadAccountId;
  const customFields = new Map<string, Json>(Object.entries(spec.customFields ?? {}));
  if (spec.storyPoints !== undefined) customFields.set(site.storyPointsFieldId, spec.storyPoints);
  const issue: Issue = {
    id: String(++site.sequences.issueId),
    key: `${project.key}-${++project.lastIssueNumber}`,
    projectKey: project.key,
    issueTypeId: type.id,
    statusId: project.initialStatusId,
    priorityId,
    resolutionId: null,
    summary: spec.summary,
    description: spec.description ?? null,
    labels: [...(spec.labels ?? [])],
    componentIds,
    reporterAccountId: reporter,
    assigneeAccountId: spec.assignee ?? null,
    created: spec.created,
    updated: spec.created,
    resolutiondate: null,
    statusCategoryChangedAt: spec.created,
    parentId,
    originalEstimateSeconds: spec.originalEstimateSeconds ?? null,
    sprintIds: [],
    rank: site.issues.size + 1,
    flagged: spec.flagged ?? false,
    customFields,
    changelog: [],
  };
  site.issues.set(issue.id, issue);
  site.issueIdsByKey.set(issue.key, issue.id);
  site.writeListener?.(issue.id, null);

  const events = [
    ...(spec.transitions ?? []).map((t) => ({ at: t.at, apply: () => transition(site, issue.key, t.to, t.at, t.by ?? issue.assigneeAccountId ?? reporter) })),
    ...(spec.sprints ?? []).map((s) => ({
      at: s.at,
      apply: () =>
        s.action === 'remove'
          ? removeFromSprint(site, issue.key, s.sprintId, s.at, s.by ?? reporter)
          : addToSprint(site, issue.key, s.sprintId, s.at, s.by ?? reporter),
    })),
  ];
  // Stable sort: at equal times, transitions come before sprint moves as listed.
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const event of events) event.apply();
  return issue;
}

/** Moves an issue to a status and records it (with the resolution Jira sets or clears on the way in or out of "done"). */
export function transition(site: Site, issueKey: string, statusName: string, at: string, by: string): void {
  const issue = requireIssue(site, issueKey);
  const from = statusById(site, issue.statusId);
  const to = statusByName(site, statusName);
  if (from.id === to.id) return;
  noteWrite(site, issue);
  const items: ChangeItem[] = [
    { field: 'status', fieldtype: 'jira', fieldId: 'status', from: from.id, fromString: from.name, to: to.id, toString: to.name },
  ];
  const resolution = to.category === 'done' ? byName(site.resolutions, to.name === "Won't Do" ? "Won't Do" : 'Done', 'resolution') : null;
  if ((resolution?.id ?? null) !== issue.resolutionId) {
    const old = issue.resolutionId === null ? null : byId(site.resolutions, issue.resolutionId, 'resolution');
    items.push({
      field: 'resolution',
      fieldtype: 'jira',
      fieldId: 'resolution',
      from: old?.id ?? null,
      fromString: old?.name ?? null,
      to: resolution?.id ?? null,
      toString: resolution?.name ?? null,
    });
  }
  issue.statusId = to.id;
  issue.resolutionId = resolution?.id ?? null;
  issue.resolutiondate = resolution ? at : null;
  if (from.category !== to.category) issue.statusCategoryChangedAt = at;
  record(site, issue, by, at, items);
}

export function addToSprint(site: Site, issueKey: string, sprintId: number, at: string, by: string): void {
  const issue = requireIssue(site, issueKey);
  requireSprint(site, sprintId);
  if (issue.sprintIds.includes(sprintId)) return;
  // Jira keeps closed sprints in the field when work moves on, and drops an open sprint the issue is moved out of.
  const kept = issue.sprintIds.filter((id) => requireSprint(site, id).state === 'closed' && sprintWasClosedBy(site, id, at));
  changeSprints(site, issue, [...kept, sprintId], at, by);
}

export function removeFromSprint(site: Site, issueKey: string, sprintId: number, at: string, by: string): void {
  const issue = requireIssue(site, issueKey);
  if (!issue.sprintIds.includes(sprintId)) return;
  changeSprints(site, issue, issue.sprintIds.filter((id) => id !== sprintId), at, by);
}

/** Sets a custom field's value as the app would, with or without a changelog entry (generateChangelog). */
export function setCustomFieldValue(site: Site, issue: Issue, fieldId: string, value: Json, options: { by: string; generateChangelog: boolean }): void {
  const field = site.fields.find((f) => f.id === fieldId);
  if (!field) throw new Error(`no field ${fieldId}`);
  const previous = issue.customFields.get(fieldId) ?? null;
  noteWrite(site, issue);
  if (value === null) issue.customFields.delete(fieldId);
  else issue.customFields.set(fieldId, value);
  if (options.generateChangelog) {
    record(site, issue, options.by, site.now, [
      { field: field.name, fieldtype: 'custom', fieldId, from: null, fromString: displayValue(previous), to: null, toString: displayValue(value) },
    ]);
  }
}

function displayValue(value: Json): string | null {
  if (value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function sprintWasClosedBy(site: Site, sprintId: number, at: string): boolean {
  const completed = requireSprint(site, sprintId).completeDate;
  return completed === undefined || Date.parse(completed) <= Date.parse(at);
}

function changeSprints(site: Site, issue: Issue, next: number[], at: string, by: string): void {
  const describe = (ids: number[]) => ({
    ids: ids.length === 0 ? '' : ids.join(', '),
    names: ids.length === 0 ? '' : ids.map((id) => requireSprint(site, id).name).join(', '),
  });
  const before = describe(issue.sprintIds);
  const after = describe(next);
  noteWrite(site, issue);
  issue.sprintIds = next;
  record(site, issue, by, at, [
    { field: 'Sprint', fieldtype: 'custom', fieldId: SPRINT_FIELD_ID, from: before.ids, fromString: before.names, to: after.ids, toString: after.names },
  ]);
}

/** Tells the write listener, if any, of a write about to be made, with a copy of the issue as it still is. */
function noteWrite(site: Site, issue: Issue): void {
  site.writeListener?.(issue.id, {
    ...issue,
    labels: [...issue.labels],
    componentIds: [...issue.componentIds],
    sprintIds: [...issue.sprintIds],
    customFields: new Map(issue.customFields),
    changelog: [...issue.changelog],
  });
}

function record(site: Site, issue: Issue, by: string, at: string, items: ChangeItem[]): void {
  issue.changelog.push({ id: String(site.sequences.changelogId++), authorAccountId: by, created: at, items });
  if (Date.parse(at) > Date.parse(issue.updated)) issue.updated = at;
}

function byName<T extends { name: string }>(list: readonly T[], name: string, what: string): T {
  const found = list.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!found) throw new Error(`unknown ${what} "${name}"`);
  return found;
}

function byId<T extends { id: string }>(list: readonly T[], id: string, what: string): T {
  const found = list.find((x) => x.id === id);
  if (!found) throw new Error(`unknown ${what} id ${id}`);
  return found;
}

export function statusByName(site: Site, name: string): Status {
  return byName(site.statuses, name, 'status');
}

export function statusById(site: Site, id: string): Status {
  return byId(site.statuses, id, 'status');
}

export function issueTypeByName(site: Site, name: string): IssueType {
  return byName(site.issueTypes, name, 'issue type');
}

export function issueTypeById(site: Site, id: string): IssueType {
  return byId(site.issueTypes, id, 'issue type');
}

export function priorityById(site: Site, id: string): NamedRef {
  return byId(site.priorities, id, 'priority');
}

export function resolutionById(site: Site, id: string): NamedRef {
  return byId(site.resolutions, id, 'resolution');
}

export function requireProject(site: Site, key: string): Project {
  const project = site.projects.get(key);
  if (!project) throw new Error(`unknown project ${key}`);
  return project;
}

/** A project by key (any case) or id. */
export function findProject(site: Site, keyOrId: string): Project | undefined {
  return site.projects.get(keyOrId.toUpperCase()) ?? [...site.projects.values()].find((p) => p.id === keyOrId);
}

export function requireSprint(site: Site, id: number): Sprint {
  const sprint = site.sprints.get(id);
  if (!sprint) throw new Error(`unknown sprint ${id}`);
  return sprint;
}

/** An issue by key or id (builders and tests; the server checks permissions before it calls this). */
export function findIssue(site: Site, idOrKey: string): Issue | undefined {
  const id = site.issueIdsByKey.get(idOrKey.toUpperCase()) ?? idOrKey;
  return site.issues.get(id);
}

export function requireIssue(site: Site, idOrKey: string): Issue {
  const issue = findIssue(site, idOrKey);
  if (!issue) throw new Error(`unknown issue ${idOrKey}`);
  return issue;
}
