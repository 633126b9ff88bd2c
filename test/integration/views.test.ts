import type { Caller } from '../../dev/app-host';
import { ADMIN_ACCOUNT_ID, DEMO_BOARD_IDS, DEMO_SPRINT_IDS, DEV_ACCOUNT_ID, findIssue, requireProject, type Site } from '../../dev/jira/site';
import { main } from '../../src/cli/main';
import { snapshotSchema } from '../../src/storage/snapshot-store';
import { adminPage, appWorld, saveGlobal, storedValues } from '../support/app-world';
import { measureSprint } from '../../src/domain/measure';
import { sprintInputs } from '../../src/reader/sprint';
import { boardSetup, measureSprintRead, readSprintView, viewDecisions } from '../../src/reader/views';
import { browserSprint, loadCapacity, viewerOf } from '../support/views';

/**
 * The capacity surfaces' one load invoke (what lives in the app) and the browser's reads beside it: settings with the
 * level each came from, overrides only of the context's project, refusals, and the same measurement whoever reads the
 * sprint (the browser as the viewer, the snapshot job as the app, the CLI from an export).
 */

const { start } = appWorld();

const sprintAction = (boardId: number, sprintId: number, accountId = DEV_ACCOUNT_ID): Caller => ({ accountId, extension: { type: 'jira:sprintAction', board: { id: boardId }, sprint: { id: sprintId } } });
const projectPage = (site: Site, key: string, accountId = DEV_ACCOUNT_ID): Caller => ({ accountId, extension: { type: 'jira:projectPage', project: { key, id: requireProject(site, key).id } } });
function issueContext(site: Site, key: string, accountId = ADMIN_ACCOUNT_ID): Caller {
  const issue = findIssue(site, key);
  if (!issue) throw new Error(`demo site has no ${key}`);
  return { accountId, extension: { type: 'jira:issueContext', issue: { id: issue.id, key: issue.key }, project: { key: issue.projectKey } } };
}

describe('capacity/load', () => {
  it('answers the settings in force with the level each came from', async () => {
    const h = await start();
    const menu = sprintAction(DEMO_BOARD_IDS.ops, DEMO_SPRINT_IDS.active, ADMIN_ACCOUNT_ID);
    const levels = async () => {
      const load = await loadCapacity(h, menu);
      if (!load.ok) throw new Error(load.error.message);
      return { levels: load.data.settings.levels, band: load.data.settings.effective.band, teamCapacity: load.data.settings.effective.teamCapacity };
    };
    expect(await levels()).toEqual({
      levels: { band: 'default', estimationBasis: 'default', defaultCategory: 'default', lowConfidenceThreshold: 'default', explicitLabels: 'default', rules: 'default', teamCapacity: 'default', wipLimit: 'default' },
      band: { min: 0.2, max: 0.3 },
      teamCapacity: null,
    });
    await saveGlobal(h, { enabledProjects: ['OPS'] });
    const ops = { type: 'jira:projectSettingsPage', project: { key: 'OPS', id: requireProject(h.jira.site, 'OPS').id } };
    expect(await h.resolve('settings-resolver', 'settings/save', { level: 'project', expectedRevision: 0, settings: { band: { min: 0.15, max: 0.25 } } }, { ...adminPage, extension: ops })).toMatchObject({ ok: true });
    expect(await h.resolve('capacity-resolver', 'capacity/saveBoardSettings', { level: 'board', expectedRevision: 0, settings: { teamCapacity: 40 } }, menu)).toMatchObject({ ok: true });
    expect(await levels()).toEqual({
      levels: { band: 'project', estimationBasis: 'global', defaultCategory: 'global', lowConfidenceThreshold: 'global', explicitLabels: 'global', rules: 'global', teamCapacity: 'board', wipLimit: 'default' },
      band: { min: 0.15, max: 0.25 },
      teamCapacity: 40,
    });
  });

  it("answers overrides of the context's project only, as category and time", async () => {
    const h = await start();
    const site = h.jira.site;
    for (const [key, category] of [
      ['OPS-113', 'PROJECT'],
      ['WEB-1', 'KTLO'],
    ] as const) {
      expect(await h.resolve('issue-panel-resolver', 'issue/setOverride', { category }, issueContext(site, key))).toMatchObject({ ok: true });
    }
    const ops = findIssue(site, 'OPS-113');
    const load = await loadCapacity(h, projectPage(site, 'OPS'), { boardId: DEMO_BOARD_IDS.ops });
    if (!load.ok || !ops) throw new Error('expected the OPS load');
    expect(load.data.overridesProject).toBe('OPS');
    expect(load.data.overrides).toEqual({ [ops.id]: { category: 'PROJECT', at: expect.any(String) } });
    // The answer names no one and nothing but ids: who set it stays in the app.
    expect(JSON.stringify(load.data.overrides)).not.toMatch(/OPS-113|user-|WEB-1/);
  });

  it('refuses a board or project the caller cannot see (NOT_FOUND), and anonymous callers (FORBIDDEN)', async () => {
    const h = await start();
    // Dan cannot see SEC's board: Jira says so to him, and the load says no more.
    expect(await loadCapacity(h, sprintAction(DEMO_BOARD_IDS.sec, 1))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await loadCapacity(h, projectPage(h.jira.site, 'SEC'))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await loadCapacity(h, projectPage(h.jira.site, 'OPS'), { boardId: DEMO_BOARD_IDS.sec })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // A context naming a project he cannot browse gets nothing of it, not even its overrides: for him it does not exist.
    const secContext: Caller = { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:sprintAction', board: { id: DEMO_BOARD_IDS.ops }, sprint: { id: DEMO_SPRINT_IDS.active }, project: { key: 'SEC' } } };
    expect(await loadCapacity(h, secContext)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // Anonymous: the app's data is for people signed in to the site.
    expect(await loadCapacity(h, { accountId: null, extension: sprintAction(DEMO_BOARD_IDS.ops, DEMO_SPRINT_IDS.active).extension })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('asks for the history backfill on the first view of a board, and reads nothing of the sprint itself', async () => {
    const h = await start();
    h.jira.requests.clear();
    const load = await loadCapacity(h, sprintAction(DEMO_BOARD_IDS.ops, DEMO_SPRINT_IDS.active));
    expect(load).toMatchObject({ ok: true, data: { board: { id: DEMO_BOARD_IDS.ops, projectKey: 'OPS' }, history: expect.any(Array) } });
    // The sprint's issues are the browser's to read: the load lists none and changelogs none.
    const paths = h.jira.requests.matching({ accountId: DEV_ACCOUNT_ID }).map((r) => r.path);
    expect(paths.filter((p) => /\/issue|changelog|search/.test(p))).toEqual([]);
    expect((await storedValues(h))[`backfill-requested:${DEMO_BOARD_IDS.ops}`]).toBe(true);
  });
});

describe('capacity/load, warm', () => {
  it("asks Jira nothing on the same person's repeat view; another person's first view still checks; Dan still gets nothing of SEC", async () => {
    const h = await start();
    const app = h.forge.identity.appId;
    const spent = () => h.jira.points.usageOf(app).used;
    const ops = (accountId: string) => sprintAction(DEMO_BOARD_IDS.ops, DEMO_SPRINT_IDS.active, accountId);
    const asked = async (caller: Caller) => {
      // The backfill the first view of a board queues runs as the app, apart from the view.
      await h.forge.drainQueues();
      h.jira.requests.clear();
      const before = spent();
      const load = await loadCapacity(h, caller);
      return { ok: load.ok, board: load.ok ? load.data.board : null, requests: h.jira.requests.matching({}).map((r) => r.path), points: spent() - before };
    };

    const cold = await asked(ops(DEV_ACCOUNT_ID));
    expect(cold.ok).toBe(true);
    expect(cold.requests).toEqual(expect.arrayContaining([`/rest/agile/1.0/board/${DEMO_BOARD_IDS.ops}`, expect.stringContaining('/rest/api/3/mypermissions')]));
    expect(cold.points).toBeGreaterThan(0);
    const warm = await asked(ops(DEV_ACCOUNT_ID));
    expect(warm).toEqual({ ok: true, board: cold.board, requests: [], points: 0 });

    // Ana's first view asks Jira as her, whatever Dan's answers were.
    const other = await asked(ops(ADMIN_ACCOUNT_ID));
    expect(other.ok).toBe(true);
    expect(other.requests).toEqual(expect.arrayContaining([`/rest/agile/1.0/board/${DEMO_BOARD_IDS.ops}`, expect.stringContaining('/rest/api/3/mypermissions')]));
    expect(h.jira.requests.matching({ accountId: ADMIN_ACCOUNT_ID }).length).toBe(other.requests.length);

    // Ana, who may, has seen SEC's board and project; Dan is refused them on his first view and on every repeat.
    expect(await loadCapacity(h, projectPage(h.jira.site, 'SEC', ADMIN_ACCOUNT_ID))).toMatchObject({ ok: true, data: { overridesProject: 'SEC' } });
    const secContext: Caller = { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:sprintAction', board: { id: DEMO_BOARD_IDS.ops }, sprint: { id: DEMO_SPRINT_IDS.active }, project: { key: 'SEC' } } };
    for (let view = 0; view < 2; view++) {
      expect(await loadCapacity(h, sprintAction(DEMO_BOARD_IDS.sec, 1))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await loadCapacity(h, secContext)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await loadCapacity(h, projectPage(h.jira.site, 'SEC'))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
  });
});

describe('one measurement, whoever reads the sprint', () => {
  it('the browser (as the viewer), the snapshot job (as the app) and the CLI (from an export) measure a closed sprint alike', async () => {
    const h = await start();
    await saveGlobal(h, { enabledProjects: ['OPS', 'WEB'] });
    const sprintId = DEMO_SPRINT_IDS.closed[5] as number;
    const browser = await browserSprint(h, sprintAction(DEMO_BOARD_IDS.ops, sprintId, ADMIN_ACCOUNT_ID));
    if (!browser.ok) throw new Error(browser.error.message);
    const stored = snapshotSchema.parse((await storedValues(h))[`snapshot:${DEMO_BOARD_IDS.ops}:${String(sprintId).padStart(10, '0')}`]);
    // The export a user would take of the same sprint: search/jql with the fields and their names.
    const jira = viewerOf(h, { accountId: ADMIN_ACCOUNT_ID, extension: {} });
    const exported = await jira.search(`sprint = ${sprintId}`, ['summary', 'description', 'issuetype', 'labels', 'components', 'priority', 'status', 'project', 'parent', 'created', 'resolutiondate', 'customfield_10016'], { names: true });
    let out = '';
    expect(main(['capacity', '-'], { stdout: (t) => (out += t), stderr: () => undefined, readStdin: () => JSON.stringify(exported) })).toBe(0);
    const cli: unknown = JSON.parse(out);
    const view = browser.data;
    expect(view.issues.length).toBeGreaterThan(5);
    expect({ ktlo: stored.ktloPoints, project: stored.projectPoints }).toEqual({ ktlo: view.ktloPoints, project: view.projectPoints });
    expect(cli).toMatchObject({ ktloPoints: view.ktloPoints, projectPoints: view.projectPoints, totalPoints: view.totalPoints, ktloShare: stored.ktloShare });
  });

  it('a view decides the sprint\'s issues as they are read, stories of epics outside the sprint once those are read, and measures what it would have measured after', async () => {
    const h = await start();
    // OPS and WEB opted in: the Work category field is read with the issues and of their epics outside the sprint.
    await saveGlobal(h, { enabledProjects: ['OPS', 'WEB'] });
    const caller = sprintAction(DEMO_BOARD_IDS.ops, DEMO_SPRINT_IDS.active, ADMIN_ACCOUNT_ID);
    const load = await loadCapacity(h, caller);
    if (!load.ok) throw new Error(load.error.message);
    expect(load.data.fields.workCategory).not.toBeNull();
    const jira = viewerOf(h, caller);
    const setup = await boardSetup(jira, load.data);
    const viewRead = await readSprintView(jira, load.data, setup, DEMO_SPRINT_IDS.active);
    const { read, classifier } = viewRead;
    expect(read.parents.length).toBeGreaterThan(0);
    expect(read.issues.some((i) => i.parent !== null && read.parents.some((p) => p.key === i.parent?.key))).toBe(true);
    // Every issue decided by the time the read is done: nothing left for after the last answer.
    expect(classifier?.decidedCount).toBe(read.issues.length);
    const whole = measureSprint(sprintInputs(setup, read, read.issues, viewDecisions(load.data, read.issues, read.raw, read.parents), load.data.history));
    expect(measureSprintRead(load.data, setup, viewRead)).toEqual({ ...whole.view, levels: load.data.settings.levels });
  });
});
