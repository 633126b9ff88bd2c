import {
  ADMIN_ACCOUNT_ID,
  ADMIN_EMAIL,
  APP_ACCOUNT_ID,
  APP_EMAIL,
  DEMO_BOARD_IDS,
  DEMO_NOW,
  DEMO_SPRINT_IDS,
  DEV_ACCOUNT_ID,
  DEV_EMAIL,
  SPRINT_FIELD_ID,
  STORY_POINTS_FIELD_TYPE,
  WORK_CATEGORY_FIELD_ID,
  WORK_CATEGORY_FIELD_TYPE,
  createDemoSite,
  issueTypeById,
  requireSprint,
  statusById,
  type Issue,
  type Site,
} from '../../../dev/jira/site';

/** The demo site keeps its promises: who is on it, what the boards and sprints look like, and what the issues tell. */

const site: Site = createDemoSite();
const issues = [...site.issues.values()];
const DAY = 86_400_000;

function sprintAddedAt(issue: Issue, sprintId: number): number | undefined {
  const history = issue.changelog.find((h) =>
    h.items.some((item) => item.fieldId === SPRINT_FIELD_ID && (item.to ?? '').split(', ').includes(String(sprintId)) && !(item.from ?? '').split(', ').includes(String(sprintId))),
  );
  return history ? Date.parse(history.created) : undefined;
}

function addedAfterStart(sprintId: number): Issue[] {
  const start = Date.parse(requireSprint(site, sprintId).startDate ?? '');
  return issues.filter((i) => i.sprintIds.includes(sprintId) && (sprintAddedAt(i, sprintId) ?? 0) > start);
}

it('is deterministic', () => {
  const again = createDemoSite();
  const snapshot = (s: Site) => JSON.stringify([...s.issues.values()].map((i) => ({ ...i, customFields: [...i.customFields] })));
  expect(snapshot(again)).toBe(snapshot(site));
  expect(site.now).toBe(DEMO_NOW);
});

it('has the admin, the developer and the app user', () => {
  expect(site.users.get(ADMIN_ACCOUNT_ID)).toMatchObject({ emailAddress: ADMIN_EMAIL, displayName: 'Ana Admin', globalPermissions: new Set(['ADMINISTER']) });
  expect(site.users.get(DEV_ACCOUNT_ID)).toMatchObject({ emailAddress: DEV_EMAIL, displayName: 'Dan Developer', globalPermissions: new Set() });
  expect(site.users.get(APP_ACCOUNT_ID)).toMatchObject({ emailAddress: APP_EMAIL, accountType: 'app' });
  expect([ADMIN_EMAIL, DEV_EMAIL, APP_EMAIL]).toEqual(['ana.admin@demo.test', 'dev.dan@demo.test', 'ktlo-lens@app.local']);
  const access = (key: string) => [...(site.projects.get(key)?.access.get(DEV_ACCOUNT_ID) ?? [])].sort();
  expect([access('OPS'), access('WEB'), access('SEC')]).toEqual([['BROWSE_PROJECTS', 'EDIT_ISSUES'], ['BROWSE_PROJECTS', 'EDIT_ISSUES'], []]);
  expect(site.projects.get('SEC')?.access.get(ADMIN_ACCOUNT_ID)?.has('ADMINISTER_PROJECTS')).toBe(true);
});

it('has a scrum board for OPS and a kanban board for WEB on their saved filters', () => {
  const ops = site.boards.get(DEMO_BOARD_IDS.ops);
  const web = site.boards.get(DEMO_BOARD_IDS.web);
  expect([ops?.id, ops?.type, ops?.filterId, web?.id, web?.type, web?.filterId]).toEqual([1, 'scrum', 10000, 2, 'kanban', 10001]);
  expect(site.filters.get(10000)?.jql).toBe('project = OPS ORDER BY Rank');
  expect(ops?.estimation).toEqual({ type: 'field', fieldId: 'customfield_10016' });
  expect(site.fields.find((f) => f.id === 'customfield_10016')?.schema).toMatchObject({ type: 'number', custom: STORY_POINTS_FIELD_TYPE });
  expect(site.fields.find((f) => f.id === WORK_CATEGORY_FIELD_ID)).toMatchObject({ name: 'Work category', schema: { type: 'string', custom: WORK_CATEGORY_FIELD_TYPE } });
});

it('has six closed two-week sprints, one active and one future on the OPS board', () => {
  const sprints = [...site.sprints.values()].filter((s) => s.originBoardId === 1);
  const closed = sprints.filter((s) => s.state === 'closed');
  expect(closed.map((s) => s.id)).toEqual([...DEMO_SPRINT_IDS.closed]);
  for (const s of closed) {
    expect(Date.parse(s.endDate ?? '') - Date.parse(s.startDate ?? '')).toBe(14 * DAY);
    expect(s.completeDate).toBeDefined();
  }
  const active = requireSprint(site, DEMO_SPRINT_IDS.active);
  expect(active.state).toBe('active');
  expect(Date.parse(active.startDate ?? '')).toBeLessThan(Date.parse(DEMO_NOW));
  expect(Date.parse(active.endDate ?? '')).toBeGreaterThan(Date.parse(DEMO_NOW));
  expect(requireSprint(site, DEMO_SPRINT_IDS.future)).toMatchObject({ state: 'future' });
  expect(requireSprint(site, DEMO_SPRINT_IDS.future).startDate).toBeUndefined();
});

it('has a few hundred issues of every kind', () => {
  expect(issues.length).toBeGreaterThanOrEqual(200);
  const count = (project: string) => issues.filter((i) => i.projectKey === project).length;
  expect(count('OPS')).toBeGreaterThan(100);
  expect(count('WEB')).toBeGreaterThan(60);
  expect(count('SEC')).toBeGreaterThanOrEqual(5);
  const types = new Set(issues.map((i) => issueTypeById(site, i.issueTypeId).name));
  expect([...types].sort()).toEqual(['Bug', 'Epic', 'Incident', 'Story', 'Sub-task', 'Task']);
  const categories = new Set(issues.map((i) => statusById(site, i.statusId).category));
  expect([...categories].sort()).toEqual(['done', 'indeterminate', 'new']);
  const subtasks = issues.filter((i) => issueTypeById(site, i.issueTypeId).subtask);
  expect(subtasks.every((i) => i.parentId !== null && issueTypeById(site, site.issues.get(i.parentId)?.issueTypeId ?? '').hierarchyLevel === 0)).toBe(true);
  const epicChildren = issues.filter((i) => i.parentId !== null && issueTypeById(site, site.issues.get(i.parentId)?.issueTypeId ?? '').name === 'Epic');
  expect(epicChildren.length).toBeGreaterThan(40);
  expect(issues.filter((i) => typeof i.customFields.get('customfield_10016') === 'number').length).toBeGreaterThan(150);
  expect(issues.some((i) => i.originalEstimateSeconds !== null && i.originalEstimateSeconds % 3600 === 0)).toBe(true);
  expect(issues.every((i) => i.description !== null && i.description.length > 10)).toBe(true);
});

it('files recurring chores again and again', () => {
  const summaries = issues.map((i) => i.summary);
  expect(summaries).toEqual(expect.arrayContaining(['Monthly security patching - October', 'Monthly security patching - November']));
  expect(summaries.filter((s) => s.startsWith('Weekly restore test')).length).toBeGreaterThanOrEqual(12);
  expect(summaries.filter((s) => s.startsWith('Weekly dependency update batch')).length).toBeGreaterThanOrEqual(12);
});

it('has KTLO work added to sprints after they started, in closed sprints and the active one', () => {
  for (const sprintId of [...DEMO_SPRINT_IDS.closed, DEMO_SPRINT_IDS.active]) {
    const late = addedAfterStart(sprintId);
    expect(late.length).toBeGreaterThanOrEqual(2);
    expect(late.some((i) => i.labels.some((l) => ['incident', 'access', 'certificates', 'backup', 'patching', 'alerting', 'security'].includes(l)))).toBe(true);
  }
  expect(addedAfterStart(DEMO_SPRINT_IDS.active).map((i) => i.summary)).toEqual(
    expect.arrayContaining(['Incident: checkout latency spike after the CDN config change']),
  );
});

it('carries unfinished work into the next sprint before it starts, and removed one issue from the active sprint', () => {
  const carried = issues.filter((i) => i.sprintIds.length > 1);
  expect(carried.length).toBeGreaterThanOrEqual(6);
  for (const issue of carried) {
    const [from, to] = issue.sprintIds.slice(-2).map((id) => requireSprint(site, id));
    expect(from?.state).toBe('closed');
    expect(sprintAddedAt(issue, to?.id ?? 0)).toBeLessThan(Date.parse(to?.startDate ?? ''));
  }
  const removed = issues.filter((i) => i.changelog.some((h) => h.items.some((it) => it.fieldId === SPRINT_FIELD_ID && it.to === '')));
  expect(removed.map((i) => i.sprintIds)).toEqual([[]]);
});

it("tells each issue's story consistently in its changelog", () => {
  for (const issue of issues) {
    const statusChanges = issue.changelog.flatMap((h) => h.items.filter((item) => item.fieldId === 'status'));
    const initial = site.projects.get(issue.projectKey)?.initialStatusId;
    expect(statusChanges.at(-1)?.to ?? initial).toBe(issue.statusId);
    const sprintChanges = issue.changelog.flatMap((h) => h.items.filter((item) => item.fieldId === SPRINT_FIELD_ID));
    expect(sprintChanges.at(-1)?.to ?? '').toBe(issue.sprintIds.join(', '));
    expect(issue.resolutiondate !== null).toBe(statusById(site, issue.statusId).category === 'done');
    expect(Date.parse(issue.updated)).toBeLessThanOrEqual(Date.parse(DEMO_NOW));
    const times = issue.changelog.map((h) => Date.parse(h.created));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.every((t) => t >= Date.parse(issue.created))).toBe(true);
    expect(issue.customFields.has(WORK_CATEGORY_FIELD_ID)).toBe(false);
  }
});
