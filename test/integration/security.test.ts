import { z } from 'zod';
import { startAppHost, type AppHost } from '../../dev/app-host';
import { ADMIN_ACCOUNT_ID, DEMO_TEAM, DEV_ACCOUNT_ID, addToSprint, findIssue, requireProject, revoke } from '../../dev/jira/site';
import { envelopeSchema, type Envelope } from '../../src/contracts/envelope';
import { auditExportSchema, bulkStatusSchema, capacityLoadSchema, settingsViewSchema } from '../../src/contracts/resolvers';
import { storedAppData } from '../support/app-world';
import { browserFlow, browserSprint, browserSprintList, browserTrend, viewerOf } from '../support/views';

/**
 * Security of the resolvers through the local Forge runtime, against the demo site over HTTP. Dan (DEV_ACCOUNT_ID)
 * browses and edits OPS and WEB, administers board 2 (WEB kanban) without administering any project, and cannot
 * browse SEC. Ana (ADMIN_ACCOUNT_ID) is a Jira admin; Lena administers WEB, Priya OPS; neither can browse SEC.
 */

const answerSchema = envelopeSchema(z.unknown());
type Answer = Envelope<unknown>;
type Extension = Record<string, unknown>;

const FN = { issue: 'issue-panel-resolver', capacity: 'capacity-resolver', settings: 'settings-resolver' } as const;

// Each view is read twice (the load, then Jira as the viewer) for two users: on a busy machine that outlasts jest's 5 s.
jest.setTimeout(30_000);

let host: AppHost;
beforeEach(async () => {
  host = await startAppHost();
});
afterEach(async () => {
  await host.close();
});

// ---- contexts, as the platform attaches them to each module's invocations ----------------------------------------

const adminPage = (): Extension => ({ type: 'jira:adminPage' });
const projectSettingsPage = (key: string): Extension => ({ type: 'jira:projectSettingsPage', project: { key, id: requireProject(host.jira.site, key).id } });
const projectPage = (key: string): Extension => ({ type: 'jira:projectPage', project: { key, id: requireProject(host.jira.site, key).id } });
const sprintAction = (boardId: number, sprintId: number): Extension => ({ type: 'jira:sprintAction', board: { id: boardId }, sprint: { id: sprintId } });
function issueContext(key: string): Extension {
  const issue = findIssue(host.jira.site, key);
  if (!issue) throw new Error(`demo site has no ${key}`);
  return { type: 'jira:issueContext', issue: { id: issue.id, key: issue.key }, project: { key: issue.projectKey } };
}

async function call(fn: string, key: string, payload: unknown, accountId: string | null, extension: Extension): Promise<Answer> {
  return answerSchema.parse(await host.resolve(fn, key, payload, { accountId, extension }));
}

function data<T>(answer: Answer, schema: z.ZodType<T>): T {
  if (!answer.ok) throw new Error(`expected data, got ${answer.error.code}: ${answer.error.message}`);
  return schema.parse(answer.data);
}

const storage = (): Promise<Record<string, unknown>> => storedAppData(host);

async function revisionOf(extension: Extension, level: 'global' | 'project'): Promise<number> {
  return data(await call(FN.settings, 'settings/get', { level }, ADMIN_ACCOUNT_ID, extension), settingsViewSchema).revision;
}

/** State worth protecting: global, OPS and board 1 settings, an override with its audit entry, a finished bulk job. */
async function seedAsAdmin(): Promise<{ jobId: string }> {
  const ana = (fn: string, key: string, payload: unknown, extension: Extension) => call(fn, key, payload, ADMIN_ACCOUNT_ID, extension);
  expect(await ana(FN.settings, 'settings/save', { level: 'global', expectedRevision: 0, settings: { enabledProjects: ['OPS', 'WEB'] } }, adminPage())).toMatchObject({ ok: true, data: { revision: 1 } });
  expect(await ana(FN.settings, 'settings/save', { level: 'project', expectedRevision: 0, settings: { band: { min: 0.15, max: 0.25 } } }, projectSettingsPage('OPS'))).toMatchObject({ ok: true, data: { revision: 1 } });
  expect(await ana(FN.capacity, 'capacity/saveBoardSettings', { level: 'board', expectedRevision: 0, settings: { teamCapacity: 40 } }, sprintAction(1, 43))).toEqual({ ok: true, data: { revision: 1 } });
  expect(await ana(FN.issue, 'issue/setOverride', { category: 'PROJECT' }, issueContext('OPS-113'))).toMatchObject({ ok: true, data: { source: 'override' } });
  const started = data(await ana(FN.settings, 'settings/startBulk', {}, adminPage()), bulkStatusSchema);
  await host.forge.drainQueues();
  return { jobId: started.jobId };
}

function secIssues() {
  return [...host.jira.site.issues.values()].filter((i) => i.projectKey === 'SEC');
}

// ---- (a) privileged resolvers refuse a non-admin from every context, and write nothing -----------------------------

interface Case {
  name: string;
  fn: string;
  key: string;
  payload: unknown;
  /** Context name -> the code Dan gets there. */
  expect: Record<string, 'FORBIDDEN' | 'NOT_FOUND' | 'INVALID_INPUT'>;
}

// Some 200 calls (every privileged route from every context), each asking Jira as the caller: more than jest's default 5 s on a busy machine.
it('a non-admin calling every privileged resolver from every module context is refused, and nothing is written', async () => {
  const { jobId } = await seedAsAdmin();
  // Dan may browse OPS issues but no longer edit them: the override calls are privileged for him there.
  revoke(host.jira.site, DEV_ACCOUNT_ID, 'OPS', ['EDIT_ISSUES']);
  const contexts: Record<string, Extension> = {
    admin: adminPage(),
    settingsOPS: projectSettingsPage('OPS'),
    settingsWEB: projectSettingsPage('WEB'),
    settingsSEC: projectSettingsPage('SEC'),
    pageOPS: projectPage('OPS'),
    pageWEB: projectPage('WEB'),
    pageSEC: projectPage('SEC'),
    sprint: sprintAction(1, 43),
    issueOPS: issueContext('OPS-113'),
    issueWEB: issueContext('WEB-3'),
    issueSEC: issueContext('SEC-1'),
  };
  const all = (code: 'FORBIDDEN') => Object.fromEntries(Object.keys(contexts).map((c) => [c, code]));
  /** Jira admin checks come first; a project the caller cannot see is not found; a context without a project cannot host a project-level call. */
  const projectScoped = {
    admin: 'INVALID_INPUT', settingsOPS: 'FORBIDDEN', settingsWEB: 'FORBIDDEN', settingsSEC: 'NOT_FOUND', pageOPS: 'FORBIDDEN', pageWEB: 'FORBIDDEN',
    pageSEC: 'NOT_FOUND', sprint: 'INVALID_INPUT', issueOPS: 'FORBIDDEN', issueWEB: 'FORBIDDEN', issueSEC: 'NOT_FOUND',
  } as const;
  const someAdmin = { ...projectScoped, admin: 'FORBIDDEN', sprint: 'FORBIDDEN' } as const;
  /** Only an issue context can host the issue panel's calls. */
  const issueScoped = (own: Record<string, 'FORBIDDEN' | 'NOT_FOUND'>) =>
    Object.fromEntries(Object.keys(contexts).map((c) => [c, own[c] ?? 'INVALID_INPUT'] as const));
  const global = await revisionOf(adminPage(), 'global');
  const cases: Case[] = [
    { name: 'save global settings', fn: FN.settings, key: 'settings/save', payload: { level: 'global', expectedRevision: global, settings: { enabledProjects: ['OPS', 'WEB', 'SEC'] } }, expect: all('FORBIDDEN') },
    { name: 'save project settings', fn: FN.settings, key: 'settings/save', payload: { level: 'project', expectedRevision: 1, settings: { band: { min: 0, max: 1 } } }, expect: projectScoped },
    { name: 'save project settings (first revision)', fn: FN.settings, key: 'settings/save', payload: { level: 'project', expectedRevision: 0, settings: { band: { min: 0, max: 1 } } }, expect: projectScoped },
    { name: 'read global settings', fn: FN.settings, key: 'settings/get', payload: { level: 'global' }, expect: someAdmin },
    { name: 'read project settings', fn: FN.settings, key: 'settings/get', payload: { level: 'project' }, expect: projectScoped },
    { name: 'preview rules', fn: FN.settings, key: 'settings/preview', payload: { jql: 'project = OPS' }, expect: someAdmin },
    { name: 'bulk dry run', fn: FN.settings, key: 'settings/bulkDryRun', payload: {}, expect: all('FORBIDDEN') },
    { name: 'start bulk', fn: FN.settings, key: 'settings/startBulk', payload: {}, expect: all('FORBIDDEN') },
    { name: 'resume bulk', fn: FN.settings, key: 'settings/resumeBulk', payload: { jobId }, expect: all('FORBIDDEN') },
    { name: 'bulk status (latest)', fn: FN.settings, key: 'settings/bulkStatus', payload: {}, expect: all('FORBIDDEN') },
    { name: 'bulk status (by id)', fn: FN.settings, key: 'settings/bulkStatus', payload: { jobId }, expect: all('FORBIDDEN') },
    { name: 'export audit', fn: FN.settings, key: 'settings/exportAudit', payload: {}, expect: someAdmin },
    { name: 'points used', fn: FN.settings, key: 'settings/points', payload: {}, expect: all('FORBIDDEN') },
    { name: 'suggest a rule', fn: FN.issue, key: 'issue/suggestRule', payload: {}, expect: issueScoped({ issueOPS: 'FORBIDDEN', issueWEB: 'FORBIDDEN', issueSEC: 'NOT_FOUND' }) },
    // Dan still edits WEB issues, so the WEB issue context is left out of the override cases (it is allowed there).
    { name: 'set override', fn: FN.issue, key: 'issue/setOverride', payload: { category: 'KTLO' }, expect: issueScoped({ issueOPS: 'FORBIDDEN', issueSEC: 'NOT_FOUND' }) },
    { name: 'clear override', fn: FN.issue, key: 'issue/clearOverride', payload: {}, expect: issueScoped({ issueOPS: 'FORBIDDEN', issueSEC: 'NOT_FOUND' }) },
    // Board 1 (OPS): Dan is neither its admin nor OPS's. Contexts of WEB would pick board 2, which he administers.
    { name: 'save board 1 settings', fn: FN.capacity, key: 'capacity/saveBoardSettings', payload: { level: 'board', expectedRevision: 1, settings: { teamCapacity: 1 } }, expect: { ...projectScoped, sprint: 'FORBIDDEN', settingsWEB: 'NOT_FOUND', pageWEB: 'NOT_FOUND', issueWEB: 'NOT_FOUND' } },
    { name: 'apply a reserve to board 1', fn: FN.capacity, key: 'capacity/applyReserve', payload: { expectedRevision: 1, band: { min: 0.25, max: 0.35 } }, expect: { ...projectScoped, sprint: 'FORBIDDEN', settingsWEB: 'NOT_FOUND', pageWEB: 'NOT_FOUND', issueWEB: 'NOT_FOUND' } },
  ];

  const before = await storage();
  const writesBefore = host.jira.site.appFieldWrites.length;
  const mark = host.jira.requests.entries.length;
  const got: string[] = [];
  const want: string[] = [];
  for (const c of cases) {
    for (const [contextName, extension] of Object.entries(contexts)) {
      if (c.key.startsWith('issue/') && c.key !== 'issue/suggestRule' && contextName === 'issueWEB') continue;
      // Board settings from a WEB context: ask for board 1 explicitly (the project's boards must not widen to it).
      const payload = (c.key === 'capacity/saveBoardSettings' || c.key === 'capacity/applyReserve') && contextName.endsWith('WEB') ? { ...(c.payload as object), boardId: 1 } : c.payload;
      const answer = await call(c.fn, c.key, payload, DEV_ACCOUNT_ID, extension);
      got.push(`${c.name} @ ${contextName}: ${answer.ok ? 'ok' : answer.error.code}`);
      want.push(`${c.name} @ ${contextName}: ${c.expect[contextName]}`);
    }
  }
  expect(got).toEqual(want);
  await host.forge.drainQueues();

  // Nothing written: storage as it was, no app field write, and Jira heard only from Dan (never from the app).
  expect(await storage()).toEqual(before);
  expect(host.jira.site.appFieldWrites).toHaveLength(writesBefore);
  const during = host.jira.requests.entries.slice(mark);
  expect(during.length).toBeGreaterThan(0);
  expect(during.filter((r) => r.accountId !== DEV_ACCOUNT_ID)).toEqual([]);
  // POSTs that only read: search, and the issue and changelog bulk fetches.
  const reads = ['/rest/api/3/search/jql', '/rest/api/3/issue/bulkfetch', '/rest/api/3/changelog/bulkfetch'];
  expect(during.filter((r) => r.method !== 'GET' && !reads.includes(r.path))).toEqual([]);

  // The same saves from an admin go through: Dan was refused for who he is, not for what he sent.
  expect(await call(FN.settings, 'settings/save', { level: 'global', expectedRevision: global, settings: { enabledProjects: ['OPS', 'WEB', 'SEC'] } }, ADMIN_ACCOUNT_ID, adminPage())).toMatchObject({ ok: true, data: { revision: global + 1 } });
  expect(await call(FN.capacity, 'capacity/saveBoardSettings', { level: 'board', expectedRevision: 1, settings: { teamCapacity: 1 } }, ADMIN_ACCOUNT_ID, sprintAction(1, 43))).toEqual({ ok: true, data: { revision: 2 } });
}, 30_000);

it('the audit export, bulk status and settings stay hidden from a non-admin even when admins have filled them', async () => {
  await seedAsAdmin();
  const audit = data(await call(FN.settings, 'settings/exportAudit', {}, ADMIN_ACCOUNT_ID, adminPage()), auditExportSchema);
  expect(audit.csv).toContain('"OPS-113"');
  for (const extension of [adminPage(), projectSettingsPage('OPS'), projectPage('OPS'), sprintAction(1, 43), issueContext('OPS-113')]) {
    for (const [key, payload] of [['settings/exportAudit', {}], ['settings/bulkStatus', {}], ['settings/get', { level: 'global' }]] as const) {
      const answer = await call(FN.settings, key, payload, DEV_ACCOUNT_ID, extension);
      expect(answer.ok).toBe(false);
      expect(JSON.stringify(answer)).not.toMatch(/OPS-113|enabledProjects|startedBy/);
    }
  }
});

it('a board admin who administers no project may change that board, and only that board', async () => {
  const board2 = await call(FN.capacity, 'capacity/saveBoardSettings', { level: 'board', expectedRevision: 0, settings: { wipLimit: 3, teamCapacity: 12 } }, DEV_ACCOUNT_ID, projectPage('WEB'));
  expect(board2).toEqual({ ok: true, data: { revision: 1 } });
  const read = await call(FN.capacity, 'capacity/load', {}, DEV_ACCOUNT_ID, projectPage('WEB'));
  expect(read).toMatchObject({ ok: true, data: { own: { revision: 1, savedBy: DEV_ACCOUNT_ID, settings: { wipLimit: 3, teamCapacity: 12 } }, board: { canEdit: true } } });
  expect(await call(FN.capacity, 'capacity/load', {}, DEV_ACCOUNT_ID, sprintAction(1, 43))).toMatchObject({ ok: true, data: { own: { revision: 0 }, board: { canEdit: false } } });

  const before = await storage();
  // From board 1's sprint menu, a payload naming board 2 saves nothing to board 2: the context's board decides.
  expect(await call(FN.capacity, 'capacity/saveBoardSettings', { level: 'board', boardId: 2, expectedRevision: 1, settings: { wipLimit: 1 } }, DEV_ACCOUNT_ID, sprintAction(1, 43))).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN' },
  });
  // From the OPS project page, board 2 is not one of the project's boards.
  expect(await call(FN.capacity, 'capacity/saveBoardSettings', { level: 'board', boardId: 2, expectedRevision: 1, settings: { wipLimit: 1 } }, DEV_ACCOUNT_ID, projectPage('OPS'))).toMatchObject({
    ok: false,
    error: { code: 'NOT_FOUND' },
  });
  // Administering the board gives no say over the project's or the site's settings.
  expect(await call(FN.settings, 'settings/save', { level: 'project', expectedRevision: 0, settings: { band: { min: 0, max: 1 } } }, DEV_ACCOUNT_ID, projectSettingsPage('WEB'))).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN' },
  });
  expect(await call(FN.settings, 'settings/save', { level: 'board', boardId: 2, expectedRevision: 1, settings: { wipLimit: 1 } }, DEV_ACCOUNT_ID, projectSettingsPage('WEB'))).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT' },
  });
  expect(await storage()).toEqual(before);
});

it('a permission answer given on one site is never reused on another', async () => {
  // Forge may run invocations of different installations in one warm process; account ids are the same across sites.
  const other = await startAppHost({ app: { installationId: 'other-installation', cloudId: 'other-cloud' } });
  try {
    const dan = other.jira.site.users.get(DEV_ACCOUNT_ID);
    if (!dan) throw new Error('demo site has no Dan');
    dan.globalPermissions.add('ADMINISTER');
    const there = answerSchema.parse(await other.resolve(FN.settings, 'settings/get', { level: 'global' }, { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:adminPage' } }));
    expect(there).toMatchObject({ ok: true, data: { canEdit: true } });
  } finally {
    await other.close();
  }
  const here = await call(FN.settings, 'settings/save', { level: 'global', expectedRevision: 0, settings: { enabledProjects: ['OPS'] } }, DEV_ACCOUNT_ID, adminPage());
  expect(here).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await revisionOf(adminPage(), 'global')).toBe(0);
});

// ---- (b) ids in payloads cannot widen access ---------------------------------------------------------------------

it("a sprint menu's load answers for its own board whatever the payload names", async () => {
  const own = data(await call(FN.capacity, 'capacity/load', {}, DEV_ACCOUNT_ID, sprintAction(1, 43)), capacityLoadSchema);
  expect(own).toMatchObject({ board: { id: 1 }, overridesProject: 'OPS' });
  for (const payload of [{ boardId: 3 }, { boardId: 2 }]) {
    expect(await call(FN.capacity, 'capacity/load', payload, DEV_ACCOUNT_ID, sprintAction(1, 43))).toEqual({ ok: true, data: own });
  }
  // A payload naming a sprint is refused: the load has no sprint to pick (the browser reads the sprint as the viewer).
  expect(await call(FN.capacity, 'capacity/load', { sprintId: 44 }, DEV_ACCOUNT_ID, sprintAction(1, 43))).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(host.jira.requests.count({ path: '/rest/agile/1.0/board/3' })).toBe(0);
  expect(host.jira.requests.count({ path: '/rest/software/1.0/board/3' })).toBe(0);
  expect(host.jira.requests.count({ path: '/rest/agile/1.0/sprint/44' })).toBe(0);
});

it("a project page cannot reach another project's board through the payload", async () => {
  const asks: [string, Record<string, unknown>][] = [
    ['capacity/load', {}],
    ['capacity/saveBoardSettings', { level: 'board', expectedRevision: 0, settings: { wipLimit: 1 } }],
  ];
  for (const [key, payload] of asks) {
    for (const boardId of [3, 1]) {
      const answer = await call(FN.capacity, key, { ...payload, boardId }, DEV_ACCOUNT_ID, projectPage('WEB'));
      expect({ key, boardId, answer }).toMatchObject({ key, boardId, answer: { ok: false, error: { code: 'NOT_FOUND' } } });
    }
  }
  // The pick is checked against WEB's boards before any board is read: board 3 and board 1 were never asked for.
  for (const api of ['agile', 'software']) {
    expect(host.jira.requests.count({ path: `/rest/${api}/1.0/board/3` })).toBe(0);
    expect(host.jira.requests.count({ path: `/rest/${api}/1.0/board/1` })).toBe(0);
  }
  // The project page of a project Dan cannot see answers nothing, with or without a board in the payload.
  for (const payload of [{}, { boardId: 3 }]) {
    expect(await call(FN.capacity, 'capacity/load', payload, DEV_ACCOUNT_ID, projectPage('SEC'))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  }
});

it("a project admin's save from their project's settings page changes only that project", async () => {
  const lena = DEMO_TEAM.lena;
  const ops = await revisionOf(projectSettingsPage('OPS'), 'project');
  const global = await revisionOf(adminPage(), 'global');
  const before = await storage();
  const refused: [unknown, string][] = [
    [{ level: 'project', projectKey: 'OPS', expectedRevision: 0, settings: { band: { min: 0, max: 1 } } }, 'INVALID_INPUT'],
    [{ level: 'project', expectedRevision: 0, settings: { band: { min: 0, max: 1 } }, project: { key: 'OPS' } }, 'INVALID_INPUT'],
    [{ level: 'global', expectedRevision: global, settings: { enabledProjects: ['WEB'] } }, 'FORBIDDEN'],
    // The list of enabled projects is the Jira admin's: a project's settings cannot carry it.
    [{ level: 'project', expectedRevision: 0, settings: { enabledProjects: ['WEB', 'OPS'] } }, 'INVALID_INPUT'],
    [{ level: 'board', boardId: 1, expectedRevision: 0, settings: { teamCapacity: 1 } }, 'INVALID_INPUT'],
  ];
  for (const [payload, code] of refused) {
    expect({ payload, answer: await call(FN.settings, 'settings/save', payload, lena, projectSettingsPage('WEB')) }).toMatchObject({ payload, answer: { ok: false, error: { code } } });
  }
  expect(await storage()).toEqual(before);
  // A board id in a project-level save is no way to another project either: the context's project is saved.
  const saved = await call(FN.settings, 'settings/save', { level: 'project', boardId: 1, expectedRevision: 0, settings: { band: { min: 0.1, max: 0.2 } } }, lena, projectSettingsPage('WEB'));
  expect(saved).toMatchObject({ ok: true, data: { revision: 1 } });
  expect(await revisionOf(projectSettingsPage('OPS'), 'project')).toBe(ops);
  expect(await revisionOf(adminPage(), 'global')).toBe(global);
  expect(await call(FN.settings, 'settings/get', { level: 'project' }, ADMIN_ACCOUNT_ID, projectSettingsPage('WEB'))).toMatchObject({ ok: true, data: { revision: 1, savedBy: lena, settings: { band: { min: 0.1, max: 0.2 } } } });
  const written = Object.keys(await storage()).filter((k) => !(k in before));
  expect(written).toHaveLength(1);
  expect(written[0]).toMatch(/^settings:project:WEB:/);
  // From OPS's own settings page she is refused too: she cannot even browse OPS. Tomás, an OPS member, is forbidden.
  expect(await call(FN.settings, 'settings/save', { level: 'project', expectedRevision: ops, settings: { band: { min: 0, max: 1 } } }, lena, projectSettingsPage('OPS'))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect(await call(FN.settings, 'settings/save', { level: 'project', expectedRevision: ops, settings: { band: { min: 0, max: 1 } } }, DEMO_TEAM.tomas, projectSettingsPage('OPS'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await revisionOf(projectSettingsPage('OPS'), 'project')).toBe(ops);
});

it('issue resolvers refuse ids in payloads instead of acting on them', async () => {
  const sec = findIssue(host.jira.site, 'SEC-1');
  const web = findIssue(host.jira.site, 'WEB-3');
  if (!sec || !web) throw new Error('demo site issues missing');
  const before = await storage();
  const attempts: [string, unknown][] = [
    ['issue/load', { issueId: sec.id }],
    ['issue/load', { issueKey: 'SEC-1' }],
    ['issue/load', { issue: { id: sec.id, key: 'SEC-1' } }],
    ['issue/setOverride', { category: 'PROJECT', issueId: web.id }],
    ['issue/setOverride', { category: 'PROJECT', issueKey: 'WEB-3' }],
    ['issue/clearOverride', { issueId: web.id }],
    ['issue/suggestRule', { issueKey: 'SEC-1' }],
  ];
  for (const [key, payload] of attempts) {
    const answer = await call(FN.issue, key, payload, DEV_ACCOUNT_ID, issueContext('OPS-113'));
    expect({ key, payload, answer }).toMatchObject({ key, payload, answer: { ok: false, error: { code: 'INVALID_INPUT' } } });
    expect(JSON.stringify(answer)).not.toContain(sec.summary);
  }
  expect(await storage()).toEqual(before);
  expect(host.jira.requests.count()).toBe(0);
});

// ---- (c) summaries of issues a user cannot browse never reach them ------------------------------------------------

it('a user who cannot browse an issue never sees its summary in any panel', async () => {
  const site = host.jira.site;
  // What each one's flow counts; the level its settings come from (default, then global once saved below) is no issue's.
  const flowOf = async (accountId: string) => data(await browserFlow(host, { accountId, extension: projectPage('WEB') }), z.looseObject({}).transform(({ levels: _levels, ...counts }) => counts));
  const danFlowBefore = await flowOf(DEV_ACCOUNT_ID);
  expect(await flowOf(ADMIN_ACCOUNT_ID)).toEqual(danFlowBefore);
  // Make SEC work visible to boards Dan can see, so only the per-user reads stand between him and it: OPS's board
  // filter and sprints take SEC issues, WEB's board filter takes SEC too.
  const opsFilter = site.filters.get(site.boards.get(1)?.filterId ?? -1);
  const webFilter = site.filters.get(site.boards.get(2)?.filterId ?? -1);
  if (!opsFilter || !webFilter) throw new Error('demo boards have no filters');
  opsFilter.jql = 'project in (OPS, SEC) ORDER BY Rank';
  webFilter.jql = 'project in (WEB, SEC) ORDER BY Rank';
  const sec = secIssues();
  expect(sec.length).toBeGreaterThan(5);
  const sofia = DEMO_TEAM.sofia;
  for (const issue of sec.slice(0, 4)) addToSprint(site, issue.key, 42, '2026-11-13T12:00:00.000Z', sofia);
  for (const issue of sec.slice(4, 8)) addToSprint(site, issue.key, 43, '2026-11-25T12:00:00.000Z', sofia);
  // Snapshots and stored decisions are made as the app, which sees SEC.
  expect(await call(FN.settings, 'settings/save', { level: 'global', expectedRevision: 0, settings: { enabledProjects: ['OPS', 'WEB', 'SEC'] } }, ADMIN_ACCOUNT_ID, adminPage())).toMatchObject({ ok: true });
  await host.forge.drainQueues();
  // The flow shows no issue lists, only counts: the admin's now count SEC work on the WEB board, Dan's do not. (Before
  // the override below: an override teaches the site, and may move issues Dan does see.)
  const danFlow = await flowOf(DEV_ACCOUNT_ID);
  expect(danFlow).toEqual(danFlowBefore);
  expect(await flowOf(ADMIN_ACCOUNT_ID)).not.toEqual(danFlow);
  expect(await call(FN.issue, 'issue/setOverride', { category: 'KTLO' }, ADMIN_ACCOUNT_ID, issueContext('SEC-2'))).toMatchObject({ ok: true });

  const summaries = sec.map((i) => i.summary);
  const secKey = /\bSEC-\d+\b/;
  const leaks = (answer: Answer) => summaries.filter((s) => JSON.stringify(answer).includes(s));

  // The views as the browser takes them: the surface's load, then Jira read as the viewer.
  const views: [string, (accountId: string) => Promise<Answer>][] = [
    ['sprint 43 (menu)', (accountId) => browserSprint(host, { accountId, extension: sprintAction(1, 43) })],
    ['sprint 42 (menu)', (accountId) => browserSprint(host, { accountId, extension: sprintAction(1, 42) })],
    ['sprint 42 (project page)', (accountId) => browserSprint(host, { accountId, extension: projectPage('OPS') }, { sprintId: 42 })],
    ['sprints', (accountId) => browserSprintList(host, { accountId, extension: projectPage('OPS') })],
    ['trend', (accountId) => browserTrend(host, { accountId, extension: projectPage('OPS') })],
    ['trend (menu)', (accountId) => browserTrend(host, { accountId, extension: sprintAction(1, 43) }, { sprints: 26 })],
    ['flow', (accountId) => browserFlow(host, { accountId, extension: projectPage('WEB') })],
    ['load (menu)', (accountId) => call(FN.capacity, 'capacity/load', {}, accountId, sprintAction(1, 43))],
    ['load (project page)', (accountId) => call(FN.capacity, 'capacity/load', {}, accountId, projectPage('OPS'))],
    ['boards', async (accountId) => ({ ok: true, data: await viewerOf(host, { accountId, extension: projectPage('OPS') }).boards('OPS') })],
  ];
  // Positive control: the admin, who may browse SEC, does see SEC work in the views that list issues, so the setup
  // would leak if anything were read as the app or from storage.
  for (const [name, view] of views.filter(([name]) => ['sprint 43 (menu)', 'sprint 42 (menu)'].includes(name))) {
    const answer = await view(ADMIN_ACCOUNT_ID);
    expect({ name, ok: answer.ok, sees: leaks(answer).length > 0 }).toEqual({ name, ok: true, sees: true });
  }

  for (const [name, view] of views) {
    const answer = await view(DEV_ACCOUNT_ID);
    expect({ name, ok: answer.ok, leaks: leaks(answer), keys: secKey.test(JSON.stringify(answer)) }).toEqual({ name, ok: true, leaks: [], keys: false });
  }
  for (const issue of sec) {
    for (const key of ['issue/load', 'issue/setOverride', 'issue/clearOverride', 'issue/suggestRule']) {
      const answer = await call(FN.issue, key, key === 'issue/setOverride' ? { category: 'PROJECT' } : {}, DEV_ACCOUNT_ID, issueContext(issue.key));
      expect({ issue: issue.key, key, answer, leaks: leaks(answer) }).toMatchObject({ issue: issue.key, key, answer: { ok: false, error: { code: 'NOT_FOUND' } }, leaks: [] });
    }
  }
  // The rules preview runs the JQL as the caller: Dan may not preview at all; project admins who cannot browse SEC
  // get nothing of SEC, whether the query names it or only happens to match it.
  const previews: [string, string, Extension][] = [
    [DEV_ACCOUNT_ID, 'project = SEC', projectSettingsPage('OPS')],
    [DEV_ACCOUNT_ID, 'project in (SEC, OPS)', adminPage()],
    [DEMO_TEAM.priya, 'project = SEC', projectSettingsPage('OPS')],
    [DEMO_TEAM.priya, 'project in (SEC, OPS)', projectSettingsPage('OPS')],
    [DEMO_TEAM.priya, 'created >= "2026-09-01"', projectSettingsPage('OPS')],
    [DEMO_TEAM.lena, 'issuetype = Incident', projectSettingsPage('WEB')],
  ];
  for (const [who, jql, extension] of previews) {
    const answer = await call(FN.settings, 'settings/preview', { jql }, who, extension);
    expect({ who, jql, leaks: leaks(answer), keys: secKey.test(JSON.stringify(answer)) }).toEqual({ who, jql, leaks: [], keys: false });
    if (who === DEV_ACCOUNT_ID) expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  }
  // ...while the open queries do answer with their own projects' issues, and the admin's with SEC's.
  expect(await call(FN.settings, 'settings/preview', { jql: 'created >= "2026-09-01"' }, DEMO_TEAM.priya, projectSettingsPage('OPS'))).toMatchObject({ ok: true, data: { issues: expect.arrayContaining([expect.objectContaining({ key: expect.stringMatching(/^OPS-/) })]) } });
  const adminPreview = await call(FN.settings, 'settings/preview', { jql: 'project in (SEC, OPS)' }, ADMIN_ACCOUNT_ID, adminPage());
  expect(leaks(adminPreview).length).toBeGreaterThan(0);
});

// ---- (d) oversized and malformed payloads, anonymous calls ----------------------------------------------------------

const RESOLVER_KEYS: [string, string][] = [
  [FN.issue, 'issue/load'],
  [FN.issue, 'issue/setOverride'],
  [FN.issue, 'issue/clearOverride'],
  [FN.issue, 'issue/suggestRule'],
  [FN.capacity, 'capacity/load'],
  [FN.capacity, 'capacity/applyReserve'],
  [FN.capacity, 'capacity/saveBoardSettings'],
  [FN.settings, 'settings/get'],
  [FN.settings, 'settings/save'],
  [FN.settings, 'settings/preview'],
  [FN.settings, 'settings/startBulk'],
  [FN.settings, 'settings/resumeBulk'],
  [FN.settings, 'settings/bulkStatus'],
  [FN.settings, 'settings/exportAudit'],
  [FN.settings, 'settings/points'],
];

/** Where each family is at home, so the only thing wrong with a call is its payload. */
function homeOf(fn: string): Extension {
  if (fn === FN.issue) return issueContext('OPS-113');
  if (fn === FN.capacity) return sprintAction(1, 43);
  return projectSettingsPage('OPS');
}

it('payloads over 64 KiB are refused before anything is read or written, for every resolver family', async () => {
  const padding = 'x'.repeat(65 * 1024);
  const oversized: [string, string, unknown][] = [
    [FN.issue, 'issue/load', { padding }],
    [FN.issue, 'issue/setOverride', { category: 'KTLO', reason: padding }],
    [FN.capacity, 'capacity/load', { boardId: 1, padding }],
    [FN.capacity, 'capacity/saveBoardSettings', { level: 'board', expectedRevision: 0, settings: { teamCapacity: 1, note: padding } }],
    // Well-formed apart from its size: 14,000 project keys.
    [FN.settings, 'settings/save', { level: 'global', expectedRevision: 0, settings: { enabledProjects: Array.from({ length: 14_000 }, (_, i) => `P${i}`) } }],
    [FN.settings, 'settings/preview', { jql: `project = OPS AND text ~ "${padding}"` }],
  ];
  const before = await storage();
  for (const [fn, key, payload] of oversized) {
    expect(JSON.stringify(payload).length).toBeGreaterThan(64 * 1024);
    const answer = await call(fn, key, payload, ADMIN_ACCOUNT_ID, homeOf(fn));
    expect({ key, answer }).toMatchObject({ key, answer: { ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/too large/) } } });
  }
  expect(host.jira.requests.count()).toBe(0);
  expect(await storage()).toEqual(before);
  // Just under the limit is judged on its content, not refused for its size.
  const justUnder = { jql: `project = OPS AND summary ~ "${'x'.repeat(1900)}"` };
  expect(await call(FN.settings, 'settings/preview', justUnder, ADMIN_ACCOUNT_ID, homeOf(FN.settings))).toMatchObject({ ok: true, data: { issues: [] } });
});

it('malformed payloads get INVALID_INPUT from every resolver, before Jira or storage is touched', async () => {
  const notObjects: unknown[] = ['issue/load', 42, true, [], [{ boardId: 1 }]];
  const before = await storage();
  for (const [fn, key] of RESOLVER_KEYS) {
    for (const payload of [...notObjects, { unexpected: 1 }, { __proto__x: 1, constructor: 'x' }]) {
      const answer = await call(fn, key, payload, ADMIN_ACCOUNT_ID, homeOf(fn));
      expect({ key, payload, answer }).toMatchObject({ key, payload, answer: { ok: false, error: { code: 'INVALID_INPUT' } } });
    }
  }
  const wrongTypes: [string, string, unknown][] = [
    [FN.issue, 'issue/setOverride', {}],
    [FN.issue, 'issue/setOverride', { category: 'MAYBE' }],
    [FN.issue, 'issue/setOverride', { category: 1 }],
    [FN.issue, 'issue/setOverride', { category: ['KTLO'] }],
    [FN.capacity, 'capacity/load', { boardId: '1' }],
    [FN.capacity, 'capacity/load', { boardId: -1 }],
    [FN.capacity, 'capacity/load', { boardId: 4.3 }],
    [FN.capacity, 'capacity/load', { boardId: null }],
    [FN.capacity, 'capacity/load', { sprintId: 43 }],
    [FN.capacity, 'capacity/load', { boardId: { id: 2 } }],
    [FN.capacity, 'capacity/saveBoardSettings', { level: 'global', expectedRevision: 0, settings: {} }],
    [FN.capacity, 'capacity/saveBoardSettings', { level: 'board', expectedRevision: '0', settings: {} }],
    [FN.settings, 'settings/get', { level: 'everything' }],
    [FN.settings, 'settings/get', { level: 5 }],
    [FN.settings, 'settings/get', {}],
    [FN.settings, 'settings/save', { level: 'global', expectedRevision: -1, settings: {} }],
    [FN.settings, 'settings/save', { level: 'global', expectedRevision: 0.5, settings: {} }],
    [FN.settings, 'settings/save', { level: 'global', settings: {} }],
    [FN.settings, 'settings/preview', { jql: '' }],
    [FN.settings, 'settings/preview', { jql: '   ' }],
    [FN.settings, 'settings/preview', { jql: 42 }],
    [FN.settings, 'settings/preview', { jql: 'x'.repeat(2001) }],
    [FN.settings, 'settings/preview', { jql: 'project = OPS', rules: { phrases: 'all' } }],
    [FN.settings, 'settings/resumeBulk', {}],
    [FN.settings, 'settings/resumeBulk', { jobId: 7 }],
    [FN.settings, 'settings/bulkStatus', { jobId: 'x'.repeat(65) }],
  ];
  for (const [fn, key, payload] of wrongTypes) {
    const answer = await call(fn, key, payload, ADMIN_ACCOUNT_ID, homeOf(fn));
    expect({ key, payload, answer }).toMatchObject({ key, payload, answer: { ok: false, error: { code: 'INVALID_INPUT' } } });
  }
  expect(host.jira.requests.count()).toBe(0);
  expect(await storage()).toEqual(before);
  // Settings bodies are checked against their level's schema once the caller is known to be allowed.
  const badBodies: [string, string, unknown, Extension][] = [
    [FN.settings, 'settings/save', { level: 'global', expectedRevision: 0, settings: { band: { min: 0.5, max: 0.1 } } }, adminPage()],
    [FN.settings, 'settings/save', { level: 'global', expectedRevision: 0, settings: 'enabled' }, adminPage()],
    [FN.settings, 'settings/save', { level: 'global', expectedRevision: 0, settings: { enabledProjects: ['ops; DROP'] } }, adminPage()],
    [FN.settings, 'settings/save', { level: 'project', expectedRevision: 0, settings: { colour: 'red' } }, projectSettingsPage('OPS')],
    [FN.capacity, 'capacity/saveBoardSettings', { level: 'board', expectedRevision: 0, settings: { wipLimit: 'three' } }, sprintAction(1, 43)],
    [FN.capacity, 'capacity/saveBoardSettings', { level: 'board', expectedRevision: 0, settings: { teamCapacity: -5 } }, sprintAction(1, 43)],
  ];
  for (const [fn, key, payload, extension] of badBodies) {
    const answer = await call(fn, key, payload, ADMIN_ACCOUNT_ID, extension);
    expect({ key, payload, answer }).toMatchObject({ key, payload, answer: { ok: false, error: { code: 'INVALID_INPUT' } } });
  }
  expect(await storage()).toEqual(before);
  expect(host.jira.requests.count({ method: 'POST', path: '/rest/api/3/app/field' })).toBe(0);
});

it('a call without a signed-in user is FORBIDDEN for every resolver, and Jira is not asked', async () => {
  const valid: Record<string, unknown> = {
    'issue/setOverride': { category: 'KTLO' },
    'capacity/saveBoardSettings': { level: 'board', expectedRevision: 0, settings: { teamCapacity: 1 } },
    'capacity/applyReserve': { expectedRevision: 0, band: { min: 0.2, max: 0.3 } },
    'settings/get': { level: 'global' },
    'settings/save': { level: 'global', expectedRevision: 0, settings: { enabledProjects: ['OPS'] } },
    'settings/preview': { jql: 'project = OPS' },
    'settings/resumeBulk': { jobId: '00000000-0000-4000-8000-000000000000' },
  };
  const before = await storage();
  for (const [fn, key] of RESOLVER_KEYS) {
    const answer = await call(fn, key, valid[key] ?? {}, null, homeOf(fn));
    expect({ key, answer }).toMatchObject({ key, answer: { ok: false, error: { code: 'FORBIDDEN' } } });
  }
  expect(host.jira.requests.count()).toBe(0);
  expect(await storage()).toEqual(before);
});
