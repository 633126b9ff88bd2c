import { startAppHost, type AppHost, type Caller } from '../../dev/app-host';
import { DEMO_BOARD_IDS, DEMO_SPRINT_IDS, DEMO_TEAM } from '../../dev/jira/demo-site';
import { ADMIN_ACCOUNT_ID, DEV_ACCOUNT_ID, addUser, findIssue } from '../../dev/jira/site';
import { envelopeSchema } from '../../src/contracts/envelope';
import { previewSchema, settingsViewSchema, type SettingsView, type SprintCapacity } from '../../src/contracts/resolvers';
import { bandStatus } from '../../src/domain/capacity';
import { browserSprint, loadCapacity } from '../support/views';

/**
 * Settings through the settings and capacity resolvers, on the demo site: board over project over global, validation
 * that names the field, conflicts between admins saving from the same revision, and the rules preview run as the user.
 */

let host: AppHost;
beforeEach(async () => {
  host = await startAppHost();
});
afterEach(async () => {
  await host.close();
});

const SECOND_ADMIN = '5b10a2844c20165700ede99z';
const admin: Caller = { accountId: ADMIN_ACCOUNT_ID, extension: { type: 'jira:adminPage' } };
const projectPage = (accountId: string, key: string): Caller => ({ accountId, extension: { type: 'jira:projectSettingsPage', project: { key } } });
const opsSprint = (accountId: string): Caller => ({
  accountId,
  extension: { type: 'jira:sprintAction', board: { id: DEMO_BOARD_IDS.ops }, sprint: { id: DEMO_SPRINT_IDS.active } },
});

async function getSettings(level: 'global' | 'project', caller: Caller): Promise<SettingsView> {
  const answer = envelopeSchema(settingsViewSchema).parse(await host.resolve('settings-resolver', 'settings/get', { level }, caller));
  if (!answer.ok) throw new Error(`settings/get: ${answer.error.code} ${answer.error.message}`);
  return answer.data;
}

function save(level: 'global' | 'project', expectedRevision: number, settings: unknown, caller: Caller): Promise<unknown> {
  return host.resolve('settings-resolver', 'settings/save', { level, expectedRevision, settings }, caller);
}

async function boardRevision(caller: Caller): Promise<number> {
  const answer = await loadCapacity(host, caller);
  if (!answer.ok) throw new Error(`capacity/load failed: ${answer.error.code} ${answer.error.message}`);
  return answer.data.own.revision;
}

function saveBoard(expectedRevision: number, settings: unknown, caller: Caller): Promise<unknown> {
  return host.resolve('capacity-resolver', 'capacity/saveBoardSettings', { level: 'board', expectedRevision, settings }, caller);
}

async function capacity(caller: Caller): Promise<SprintCapacity> {
  const answer = await browserSprint(host, caller);
  if (!answer.ok) throw new Error(`the sprint's capacity: ${answer.error.code} ${answer.error.message}`);
  return answer.data;
}

describe('levels: board over project over global', () => {
  it('the capacity check uses the most specific level that sets a field, and falls back when it is cleared', async () => {
    // Priya administers the OPS project and the OPS board.
    const priyaBoard = opsSprint(DEMO_TEAM.priya);
    const defaults = await capacity(priyaBoard);
    expect(defaults.band).toEqual({ min: 0.2, max: 0.3 });
    expect(defaults.unit).toBe('points');
    const share = defaults.ktloShare ?? 0;
    // Bands chosen around this sprint's share (whatever the classifier makes it) so each level gives a different verdict.
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.45);
    const around = { min: Math.floor(share * 20) / 20, max: Math.ceil(share * 20) / 20 + 0.05 };

    expect(await save('global', 0, { band: { min: 0.1, max: 0.2 } }, admin)).toMatchObject({ ok: true, data: { revision: 1 } });
    expect(await capacity(priyaBoard)).toMatchObject({ band: { min: 0.1, max: 0.2 }, status: 'over', settingsInForce: { band: { min: 0.1, max: 0.2 } } });

    expect(await save('project', 0, { band: around }, projectPage(DEMO_TEAM.priya, 'OPS'))).toMatchObject({ ok: true, data: { revision: 1 } });
    // Another project's settings do not reach OPS.
    expect(await save('project', 0, { band: { min: 0.9, max: 1 } }, projectPage(DEMO_TEAM.lena, 'WEB'))).toMatchObject({ ok: true });
    expect(await capacity(priyaBoard)).toMatchObject({ band: around, status: 'within' });

    expect(await saveBoard(0, { band: { min: 0.5, max: 0.7 } }, priyaBoard)).toEqual({ ok: true, data: { revision: 1 } });
    const boardLevel = await capacity(priyaBoard);
    expect(boardLevel).toMatchObject({ band: { min: 0.5, max: 0.7 }, status: 'under' });
    // The share itself does not depend on the band.
    expect(boardLevel.ktloShare).toBe(share);

    // Estimation basis: the project counts issues, the board goes back to its own estimation.
    expect(await save('project', 1, { band: around, estimationBasis: 'issueCount' }, projectPage(ADMIN_ACCOUNT_ID, 'OPS'))).toMatchObject({ ok: true, data: { revision: 2 } });
    const byCount = await capacity(priyaBoard);
    expect(byCount.unit).toBe('issues');
    const keys = new Set(byCount.issues.map((i) => i.key));
    const counted = byCount.issues.filter((i) => {
      const parent = findIssue(host.jira.site, i.key)?.parentId;
      const parentKey = parent ? host.jira.site.issues.get(parent)?.key : undefined;
      return !(parentKey !== undefined && keys.has(parentKey) && findIssue(host.jira.site, i.key)?.issueTypeId === '10005');
    });
    expect(byCount.ktloPoints).toBe(counted.filter((i) => i.category === 'KTLO').length);
    expect(byCount.projectPoints).toBe(counted.filter((i) => i.category === 'PROJECT').length);
    expect(byCount.unestimated).toEqual([]);
    expect(await saveBoard(1, { band: { min: 0.5, max: 0.7 }, estimationBasis: 'board' }, priyaBoard)).toMatchObject({ ok: true, data: { revision: 2 } });
    expect(await capacity(priyaBoard)).toMatchObject({ unit: 'points', ktloPoints: defaults.ktloPoints, band: { min: 0.5, max: 0.7 } });

    // Clearing the board's settings falls back to the project, clearing the project's to the global band.
    expect(await saveBoard(2, {}, priyaBoard)).toMatchObject({ ok: true, data: { revision: 3 } });
    expect(await capacity(priyaBoard)).toMatchObject({ band: around, unit: 'issues' });
    expect(await save('project', 2, {}, projectPage(DEMO_TEAM.priya, 'OPS'))).toMatchObject({ ok: true, data: { revision: 3 } });
    const back = await capacity(priyaBoard);
    expect(back).toMatchObject({ band: { min: 0.1, max: 0.2 }, unit: 'points', status: bandStatus(back.ktloShare, { min: 0.1, max: 0.2 }) });
  });

  it('each level reads back what was saved there, with who saved it', async () => {
    await save('global', 0, { enabledProjects: ['OPS'], lowConfidenceThreshold: 0.7 }, admin);
    await save('project', 0, { defaultCategory: 'KTLO' }, projectPage(DEMO_TEAM.priya, 'OPS'));
    const global = await getSettings('global', admin);
    expect(global).toMatchObject({ level: 'global', revision: 1, savedBy: ADMIN_ACCOUNT_ID, canEdit: true, settings: { enabledProjects: ['OPS'], lowConfidenceThreshold: 0.7, band: { min: 0.2, max: 0.3 } } });
    // A project admin sees the global settings (what the project inherits) but may not edit them.
    expect(await getSettings('global', projectPage(DEMO_TEAM.priya, 'OPS'))).toMatchObject({ revision: 1, canEdit: false });
    expect(await getSettings('project', projectPage(DEMO_TEAM.priya, 'OPS'))).toMatchObject({ level: 'project', revision: 1, savedBy: DEMO_TEAM.priya, settings: { defaultCategory: 'KTLO' }, canEdit: true });
    expect(await getSettings('project', projectPage(DEMO_TEAM.lena, 'WEB'))).toMatchObject({ level: 'project', revision: 0, savedBy: null, settings: {} });
    const priyaBoard = opsSprint(DEMO_TEAM.priya);
    await saveBoard(0, { teamCapacity: 30, wipLimit: 4 }, priyaBoard);
    // The surface's load carries the board's own settings (the form's) and whether the caller may edit them.
    const board = await loadCapacity(host, priyaBoard);
    expect(board).toMatchObject({ ok: true, data: { own: { revision: 1, savedBy: DEMO_TEAM.priya, settings: { teamCapacity: 30, wipLimit: 4 } }, board: { canEdit: true } } });
    expect(await capacity(priyaBoard)).toMatchObject({ teamCapacity: { value: 30, source: 'configured' }, settingsInForce: { teamCapacity: 30, wipLimit: 4 } });
    // Dan may read the board's settings but not change them.
    const dan = opsSprint(DEV_ACCOUNT_ID);
    expect(await loadCapacity(host, dan)).toMatchObject({ ok: true, data: { own: { revision: 1 }, board: { canEdit: false } } });
    expect(await saveBoard(1, { teamCapacity: 99 }, dan)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await loadCapacity(host, priyaBoard)).toMatchObject({ ok: true, data: { own: { revision: 1, settings: { teamCapacity: 30 } } } });
  });
});

describe('which levels below override a setting', () => {
  it('the admin page hears which projects and boards set their own value of each field; a project page, its own boards', async () => {
    const opsAdmin = projectPage(DEMO_TEAM.priya, 'OPS');
    expect((await getSettings('global', admin)).overriddenBelow).toEqual([]);
    expect(await save('project', 0, { band: { min: 0.3, max: 0.4 } }, projectPage(DEMO_TEAM.lena, 'WEB'))).toMatchObject({ ok: true });
    expect(await save('project', 0, { defaultCategory: 'KTLO' }, opsAdmin)).toMatchObject({ ok: true });
    const priyaBoard = opsSprint(DEMO_TEAM.priya);
    expect(await saveBoard(await boardRevision(priyaBoard), { band: { min: 0.35, max: 0.45 }, wipLimit: 4 }, priyaBoard)).toMatchObject({ ok: true });

    expect((await getSettings('global', admin)).overriddenBelow).toEqual([
      { field: 'band', projects: ['WEB'], boards: [{ id: DEMO_BOARD_IDS.ops, name: 'OPS board' }] },
      { field: 'defaultCategory', projects: ['OPS'], boards: [] },
    ]);
    // OPS's page names the OPS board; WEB has no board that sets anything.
    expect((await getSettings('project', opsAdmin)).overriddenBelow).toEqual([{ field: 'band', projects: [], boards: [{ id: DEMO_BOARD_IDS.ops, name: 'OPS board' }] }]);
    expect((await getSettings('project', projectPage(DEMO_TEAM.lena, 'WEB'))).overriddenBelow).toEqual([]);
    // A project admin reads the global level only for what the project inherits: other projects' settings are not theirs to see.
    expect(await getSettings('global', opsAdmin)).toMatchObject({ canEdit: false, overriddenBelow: [] });

    // The latest revision counts: once the board inherits the band again, it no longer overrides it.
    expect(await saveBoard(await boardRevision(priyaBoard), { wipLimit: 4 }, priyaBoard)).toMatchObject({ ok: true });
    expect((await getSettings('global', admin)).overriddenBelow).toEqual([
      { field: 'band', projects: ['WEB'], boards: [] },
      { field: 'defaultCategory', projects: ['OPS'], boards: [] },
    ]);
    expect((await getSettings('project', opsAdmin)).overriddenBelow).toEqual([]);
  });
});

describe('validation', () => {
  it.each([
    ['global', { band: { min: 0.5, max: 0.2 } }, 'band.min', ['band', 'min'], 'BAND_ORDER'],
    ['global', { band: { min: -0.1, max: 0.2 } }, 'band.min', ['band', 'min'], 'OUT_OF_RANGE'],
    ['global', { enabledProjects: ['ops'] }, 'enabledProjects.0', ['enabledProjects', 0], 'BAD_FORMAT'],
    ['global', { lowConfidenceThreshold: 2 }, 'lowConfidenceThreshold', ['lowConfidenceThreshold'], 'OUT_OF_RANGE'],
    ['global', { estimationBasis: 'tshirt' }, 'estimationBasis', ['estimationBasis'], 'NOT_ALLOWED'],
    ['global', { defaultCategory: 'MAYBE' }, 'defaultCategory', ['defaultCategory'], 'NOT_ALLOWED'],
    ['global', { version: 7 }, 'version 7', ['version'], 'NOT_ALLOWED'],
    ['project', { enabledProjects: ['OPS'] }, 'enabledProjects', ['enabledProjects'], 'UNKNOWN_FIELD'],
    ['project', { band: { min: 0.2 } }, 'band.max', ['band', 'max'], 'REQUIRED'],
  ] as const)('a %s save of %j is INVALID_INPUT naming %s, as a field of its settings too, and nothing is written', async (level, settings, field, path, code) => {
    const caller = level === 'global' ? admin : projectPage(ADMIN_ACCOUNT_ID, 'OPS');
    const answer = await save(level, 0, settings, caller);
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ path: ['settings', ...path], code, message: expect.any(String) }] } });
    expect((answer as { error: { message: string } }).error.message).toContain(field);
    expect(await getSettings(level, caller)).toMatchObject({ revision: 0, savedBy: null });
  });

  it.each([
    [{ teamCapacity: -3 }, 'teamCapacity', ['teamCapacity'], 'OUT_OF_RANGE'],
    [{ wipLimit: 2.5 }, 'wipLimit', ['wipLimit'], 'NOT_WHOLE'],
    [{ band: { min: 0.4, max: 0.3 } }, 'band.min', ['band', 'min'], 'BAND_ORDER'],
    [{ enabledProjects: ['OPS'] }, 'enabledProjects', ['enabledProjects'], 'UNKNOWN_FIELD'],
  ])('a board save of %j is INVALID_INPUT naming %s, as a field of its settings too', async (settings, field, path, code) => {
    const priyaBoard = opsSprint(DEMO_TEAM.priya);
    const answer = await saveBoard(0, settings, priyaBoard);
    expect(answer).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining(field), fields: [{ path: ['settings', ...path], code, message: expect.any(String) }] } });
    expect(await boardRevision(priyaBoard)).toBe(0);
  });

  it('payloads are validated before anything else', async () => {
    const negative = await host.resolve('settings-resolver', 'settings/save', { level: 'global', expectedRevision: -1, settings: {} }, admin);
    expect(negative).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ path: ['expectedRevision'], code: 'OUT_OF_RANGE' }] } });
    expect((negative as { error: { message: string } }).error.message).toContain('expectedRevision');
    const level = await host.resolve('settings-resolver', 'settings/get', { level: 'site' }, admin);
    expect(level).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ path: ['level'], code: 'NOT_ALLOWED' }] } });
    expect((level as { error: { message: string } }).error.message).toContain('level');
    // Board settings travel through the capacity view of the board, never the admin page.
    expect(await save('global', 0, {}, admin)).toMatchObject({ ok: true });
    expect(await host.resolve('settings-resolver', 'settings/save', { level: 'board', expectedRevision: 0, settings: {} }, admin)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('conflicts', () => {
  beforeEach(() => {
    addUser(host.jira.site, { accountId: SECOND_ADMIN, email: 'bo.admin@demo.test', displayName: 'Bo Admin', globalPermissions: ['ADMINISTER'] });
  });

  it('of two admins saving the global settings from the same revision, the second gets CONFLICT and overwrites nothing', async () => {
    const bo: Caller = { accountId: SECOND_ADMIN, extension: { type: 'jira:adminPage' } };
    await save('global', 0, { band: { min: 0.2, max: 0.35 } }, admin);
    const anaSees = await getSettings('global', admin);
    const boSees = await getSettings('global', bo);
    expect(anaSees.revision).toBe(1);
    expect(boSees.revision).toBe(1);
    expect(await save('global', 1, { band: { min: 0.25, max: 0.4 } }, admin)).toMatchObject({ ok: true, data: { revision: 2 } });
    const second = await save('global', 1, { band: { min: 0.1, max: 0.2 }, enabledProjects: ['WEB'] }, bo);
    expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((second as { error: { message: string } }).error.message).toContain('revision 2');
    expect(await getSettings('global', bo)).toMatchObject({ revision: 2, savedBy: ADMIN_ACCOUNT_ID, settings: { band: { min: 0.25, max: 0.4 }, enabledProjects: [] } });
    // Bo reloads and saves on top of Ana's revision.
    expect(await save('global', 2, { band: { min: 0.1, max: 0.2 } }, bo)).toMatchObject({ ok: true, data: { revision: 3 } });
  });

  it('saves that race from the same revision: exactly one wins, the other is told, nothing is lost silently', async () => {
    const bo: Caller = { accountId: SECOND_ADMIN, extension: { type: 'jira:adminPage' } };
    const answers = await Promise.all([
      save('global', 0, { band: { min: 0.11, max: 0.22 } }, admin),
      save('global', 0, { band: { min: 0.33, max: 0.44 } }, bo),
    ]);
    const won = answers.filter((a) => (a as { ok: boolean }).ok);
    const lost = answers.filter((a) => !(a as { ok: boolean }).ok);
    expect(won).toMatchObject([{ ok: true, data: { revision: 1 } }]);
    expect(lost).toMatchObject([{ ok: false, error: { code: 'CONFLICT' } }]);
    const winner = answers[0] === won[0] ? { by: ADMIN_ACCOUNT_ID, band: { min: 0.11, max: 0.22 } } : { by: SECOND_ADMIN, band: { min: 0.33, max: 0.44 } };
    expect(await getSettings('global', admin)).toMatchObject({ revision: 1, savedBy: winner.by, settings: { band: winner.band } });
  });

  it('project and board settings conflict the same way', async () => {
    expect(await save('project', 0, { band: { min: 0.1, max: 0.2 } }, projectPage(ADMIN_ACCOUNT_ID, 'OPS'))).toMatchObject({ ok: true });
    expect(await save('project', 0, { band: { min: 0.3, max: 0.4 } }, projectPage(DEMO_TEAM.priya, 'OPS'))).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await getSettings('project', projectPage(DEMO_TEAM.priya, 'OPS'))).toMatchObject({ revision: 1, savedBy: ADMIN_ACCOUNT_ID, settings: { band: { min: 0.1, max: 0.2 } } });

    const priya = opsSprint(DEMO_TEAM.priya);
    const ana = opsSprint(ADMIN_ACCOUNT_ID);
    expect(await saveBoard(0, { teamCapacity: 30 }, priya)).toMatchObject({ ok: true, data: { revision: 1 } });
    expect(await saveBoard(0, { teamCapacity: 50 }, ana)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await capacity(ana)).toMatchObject({ teamCapacity: { value: 30, source: 'configured' } });
  });
});

describe('enabled projects are checked against Jira', () => {
  it('refuses a key that names no project the saver can see, naming the field and the key, and saves nothing', async () => {
    const refused = await save('global', 0, { enabledProjects: ['OPS', 'NOPE'] }, admin);
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: 'invalid config: enabledProjects: Jira has no project NOPE that you can see.',
        fields: [{ path: ['settings', 'enabledProjects', 1], code: 'NOT_ALLOWED', message: 'Jira has no project NOPE that you can see. Check the key, or remove it.' }],
      },
    });
    expect(await getSettings('global', admin)).toMatchObject({ revision: 0 });
    // Asked as the saver, and the answer kept briefly: a second save asks Jira nothing more about these keys.
    const asked = host.jira.requests.matching({ path: '/rest/api/3/project/search' });
    expect(asked).toHaveLength(1);
    expect(asked.every((r) => r.accountId === ADMIN_ACCOUNT_ID)).toBe(true);
    expect(await save('global', 0, { enabledProjects: ['OPS', 'WEB'] }, admin)).toMatchObject({ ok: true, data: { revision: 1, savedBy: ADMIN_ACCOUNT_ID } });
    expect(host.jira.requests.matching({ path: '/rest/api/3/project/search' })).toHaveLength(2);
    expect(await save('global', 1, { enabledProjects: ['OPS', 'WEB'] }, admin)).toMatchObject({ ok: true, data: { revision: 2 } });
    expect(host.jira.requests.matching({ path: '/rest/api/3/project/search' })).toHaveLength(2);
  });
});

describe('preview', () => {
  async function preview(caller: Caller, payload: unknown) {
    return envelopeSchema(previewSchema).parse(await host.resolve('settings-resolver', 'settings/preview', payload, caller));
  }

  it('classifies the latest 50 issues of a JQL query as the caller sees them, and writes nothing', async () => {
    const site = host.jira.site;
    const answer = await preview(projectPage(DEMO_TEAM.lena, 'WEB'), { jql: 'project = WEB' });
    if (!answer.ok) throw new Error(answer.error.message);
    const newest = [...site.issues.values()].filter((i) => i.projectKey === 'WEB').sort((a, b) => Date.parse(b.created) - Date.parse(a.created) || Number(b.id) - Number(a.id)).slice(0, 50);
    expect(answer.data.issues.map((i) => i.key)).toEqual(newest.map((i) => i.key));
    // Without a draft, the rules sent are the saved ones: nothing changes.
    expect(answer.data.issues.every((i) => i.before === i.category)).toBe(true);
    // Lena administers WEB, not SEC: naming SEC is an error from Jira, and no SEC summary comes back.
    const sec = await host.resolve('settings-resolver', 'settings/preview', { jql: 'project = SEC' }, projectPage(DEMO_TEAM.lena, 'WEB'));
    expect(sec).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const secSummaries = [...site.issues.values()].filter((i) => i.projectKey === 'SEC').map((i) => i.summary);
    expect(secSummaries.some((s) => JSON.stringify(sec).includes(s))).toBe(false);
    // Ana sees SEC.
    const asAdmin = await preview(admin, { jql: 'project = SEC ORDER BY key ASC' });
    expect(asAdmin.ok && asAdmin.data.issues.map((i) => i.key)).toEqual(
      [...site.issues.values()].filter((i) => i.projectKey === 'SEC').map((i) => i.key).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
    );
    expect(site.appFieldWrites).toEqual([]);
    expect(host.jira.requests.count({ method: 'POST', path: '/rest/api/3/app/field' })).toBe(0);
    expect(host.jira.requests.matching({ path: '/rest/api/3/search/jql' }).every((r) => r.accountId !== 'app-ktlo-lens')).toBe(true);
  });

  it('previews unsaved rules without saving them', async () => {
    const stored = await getSettings('global', admin);
    const rules = (stored.settings as { rules: Record<string, unknown> }).rules;
    const withSaved = await preview(admin, { jql: 'key = OPS-113' });
    expect(withSaved).toMatchObject({ ok: true, data: { issues: [{ key: 'OPS-113', category: 'KTLO', before: 'KTLO' }] } });
    // Rules that say nothing: only the learned model's reading of the words is left, and it is less sure.
    const silent = { ...rules, phrases: [], recurrence: { weight: 0, terms: [] }, issueTypes: [], labels: [], components: [] };
    const withDraft = await preview(admin, { jql: 'key = OPS-113', rules: silent });
    expect(withDraft).toMatchObject({ ok: true, data: { issues: [{ key: 'OPS-113' }] } });
    const [draft] = withDraft.ok ? withDraft.data.issues : [];
    const [saved] = withSaved.ok ? withSaved.data.issues : [];
    expect(draft?.confidence).toBeLessThan(saved?.confidence ?? 0);
    expect(draft?.reasons.some((r) => r.startsWith('recurring maintenance'))).toBe(false);
    expect(await getSettings('global', admin)).toMatchObject({ revision: 0 });
    expect(await preview(admin, { jql: 'key = OPS-113' })).toMatchObject({ ok: true, data: { issues: [{ category: 'KTLO' }] } });
  });

  it('says what each issue was under the saved settings, so a rules edit that flips one shows before -> after', async () => {
    const stored = await getSettings('global', admin);
    const rules = (stored.settings as { rules: { labels: unknown[] } }).rules;
    // A label rule heavy enough to flip OPS-113 (labelled 'patching' on the demo site? whatever its labels, the draft maps all of them).
    const labels = [...(host.jira.site.issues.values())].find((i) => i.key === 'OPS-113')?.labels ?? [];
    expect(labels.length).toBeGreaterThan(0);
    const draft = { ...rules, labels: labels.map((name) => ({ name, category: 'PROJECT', weight: 10 })) };
    const answer = await preview(admin, { jql: 'key = OPS-113', rules: draft });
    expect(answer).toMatchObject({ ok: true, data: { issues: [{ key: 'OPS-113', before: 'KTLO', category: 'PROJECT' }] } });
  });

  it('is for admins only, and a malformed rules draft is INVALID_INPUT', async () => {
    expect(await host.resolve('settings-resolver', 'settings/preview', { jql: 'project = OPS' }, projectPage(DEV_ACCOUNT_ID, 'OPS'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const bad = await host.resolve('settings-resolver', 'settings/preview', { jql: 'project = OPS', rules: { phrases: 'patch' } }, admin);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((bad as { error: { message: string } }).error.message).toContain('rules.phrases');
    expect(host.jira.requests.count({ path: '/rest/api/3/search/jql' })).toBe(0);
  });
});
