import { startAppHost, type AppHost } from '../../dev/app-host';
import { ADMIN_ACCOUNT_ID, DEV_ACCOUNT_ID, findIssue, revoke } from '../../dev/jira/site';
import { envelopeSchema } from '../../src/contracts/envelope';
import { issueViewSchema } from '../../src/contracts/resolvers';
import { ISSUE_NOT_FOUND } from '../../src/reader/issue';
import { adminPage, saveGlobal } from '../support/app-world';
import { browserIssue, loadIssuePanel } from '../support/issue-panel';
import { browserSprint } from '../support/views';

/** The issue panel's resolvers through the local Forge runtime, against the demo site over HTTP; its view as the browser takes it. */

let host: AppHost;
beforeEach(async () => {
  host = await startAppHost();
});
afterEach(async () => {
  await host.close();
});

function issueContext(key: string): Record<string, unknown> {
  const issue = findIssue(host.jira.site, key);
  if (!issue) throw new Error(`demo site has no ${key}`);
  return { type: 'jira:issueContext', issue: { id: issue.id, key: issue.key }, project: { key: issue.projectKey } };
}

/** The panel as it opens: its load invoke, then the issue read and decided in the browser as the viewer. */
function opened(key: string, accountId: string) {
  return browserIssue(host, { accountId, extension: issueContext(key) });
}

async function panel(key: string, resolverKey: string, accountId: string, payload: unknown = {}) {
  const answer = await host.resolve('issue-panel-resolver', resolverKey, payload, { accountId, extension: issueContext(key) });
  return envelopeSchema(issueViewSchema).parse(answer);
}

it('shows a seeded patching task as KTLO with its reasons', async () => {
  const view = await opened('OPS-113', DEV_ACCOUNT_ID);
  expect(view).toMatchObject({ ok: true, data: { issueKey: 'OPS-113', category: 'KTLO', source: 'rules', override: null, canOverride: true, canSuggestRule: false } });
  if (view.ok) expect(view.data.reasons[0]).toMatch(/^recurring maintenance: 'monthly security patching'/);
});

it('an override persists, shows who set it and what it replaced, and can be cleared', async () => {
  const set = await panel('OPS-113', 'issue/setOverride', DEV_ACCOUNT_ID, { category: 'PROJECT' });
  expect(set).toMatchObject({ ok: true, data: { category: 'PROJECT', source: 'override', confidence: 1, override: { category: 'PROJECT', by: DEV_ACCOUNT_ID, previous: 'KTLO' } } });
  const reread = await opened('OPS-113', ADMIN_ACCOUNT_ID);
  expect(reread).toMatchObject({ ok: true, data: { category: 'PROJECT', override: { by: DEV_ACCOUNT_ID } } });
  const cleared = await panel('OPS-113', 'issue/clearOverride', ADMIN_ACCOUNT_ID);
  expect(cleared).toMatchObject({ ok: true, data: { category: 'KTLO', source: 'rules', override: null } });
  const audit = await host.resolve('settings-resolver', 'settings/exportAudit', {}, { accountId: ADMIN_ACCOUNT_ID, extension: { type: 'jira:adminPage' } });
  expect(audit).toMatchObject({ ok: true });
  const csv = (audit as { data: { csv: string } }).data.csv.trim().split('\r\n');
  expect(csv).toHaveLength(3);
  expect(csv[1]).toContain(`"OPS-113","${findIssue(host.jira.site, 'OPS-113')?.id}","set","PROJECT","KTLO","Dan Developer","${DEV_ACCOUNT_ID}"`);
  expect(csv[2]).toContain(`"clear","","PROJECT","Ana Admin","${ADMIN_ACCOUNT_ID}"`);
});

it('writes the Work category field as the app, only in enabled projects and only when the value changes', async () => {
  await panel('OPS-113', 'issue/setOverride', DEV_ACCOUNT_ID, { category: 'PROJECT' });
  expect(host.jira.site.appFieldWrites).toHaveLength(0);
  await saveGlobal(host, { enabledProjects: ['OPS'] });
  await panel('OPS-113', 'issue/clearOverride', DEV_ACCOUNT_ID);
  await panel('OPS-113', 'issue/setOverride', DEV_ACCOUNT_ID, { category: 'PROJECT' });
  await panel('OPS-113', 'issue/setOverride', DEV_ACCOUNT_ID, { category: 'PROJECT' });
  const writes = host.jira.requests.matching({ method: 'POST', path: '/rest/api/3/app/field/value' });
  expect(writes).toHaveLength(2);
  expect(writes.every((w) => w.accountId === 'app-ktlo-lens' && w.query['generateChangelog'] === 'false')).toBe(true);
  const lozenge = await host.trigger('issue-lozenge', { extension: issueContext('OPS-113') }, DEV_ACCOUNT_ID);
  expect(lozenge).toEqual({ status: { type: 'lozenge', value: { label: 'Project', type: 'inprogress' } } });
});

it('an issue whose Work category an override just changed is reconciled by the next issue lists (they are eventually consistent)', async () => {
  await saveGlobal(host, { enabledProjects: ['OPS'] });
  const issue = findIssue(host.jira.site, 'OPS-113');
  await panel('OPS-113', 'issue/setOverride', DEV_ACCOUNT_ID, { category: 'PROJECT' });
  expect(host.jira.site.appFieldWrites.map((w) => w.issueId)).toEqual([issue?.id]);
  host.jira.requests.clear();
  // The sprint's view, read in the browser as Dan: the load passes on the ids the app just wrote.
  const sprint = await browserSprint(host, { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:sprintAction', board: { id: 1 }, sprint: { id: 43 } } });
  expect(sprint).toMatchObject({ ok: true });
  const lists = host.jira.requests.matching({ path: '/rest/software/1.0/board/1/sprint/43/issue', accountId: DEV_ACCOUNT_ID });
  expect(lists.map((r) => r.query['reconcileIssues'])).toEqual([issue?.id]);
});

it('suggests a rule from an override to admins only', async () => {
  const asDev = await host.resolve('issue-panel-resolver', 'issue/suggestRule', {}, { accountId: DEV_ACCOUNT_ID, extension: issueContext('OPS-113') });
  expect(asDev).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  const asAdmin = await host.resolve('issue-panel-resolver', 'issue/suggestRule', {}, { accountId: ADMIN_ACCOUNT_ID, extension: issueContext('OPS-113') });
  expect(asAdmin).toMatchObject({ ok: true, data: { category: 'KTLO' } });
});

it('a user who cannot browse the issue gets NOT_FOUND from the load, before anything of the issue is read, and never its summary or override', async () => {
  const sec = findIssue(host.jira.site, 'SEC-1');
  expect(await panel('SEC-1', 'issue/setOverride', ADMIN_ACCOUNT_ID, { category: 'PROJECT' })).toMatchObject({ ok: true });
  host.jira.requests.clear();
  const load = await loadIssuePanel(host, { accountId: DEV_ACCOUNT_ID, extension: issueContext('SEC-1') });
  expect(load).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: ISSUE_NOT_FOUND } });
  // Only Jira's answer to him about the issue was asked: nothing of the issue, and nothing of the app's data, went out.
  expect(host.jira.requests.entries.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /rest/api/3/mypermissions']);
  const again = await opened('SEC-1', DEV_ACCOUNT_ID);
  expect(again).toEqual(load);
  expect(JSON.stringify(again)).not.toContain(sec?.summary ?? '<none>');
  // The "no" is kept as a no: the second view asked Jira nothing.
  expect(host.jira.requests.count()).toBe(1);
});

it('an issue the viewer can no longer see while the kept browse answer stands is NOT_FOUND from Jira itself', async () => {
  expect(await opened('OPS-113', DEV_ACCOUNT_ID)).toMatchObject({ ok: true });
  revoke(host.jira.site, DEV_ACCOUNT_ID, 'OPS', ['BROWSE_PROJECTS']);
  const view = await opened('OPS-113', DEV_ACCOUNT_ID);
  expect(view).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: ISSUE_NOT_FOUND } });
  expect(JSON.stringify(view)).not.toContain(findIssue(host.jira.site, 'OPS-113')?.summary ?? '<none>');
});

it('a panel view charges the app no points once its answers are kept: the issue is read in the browser, as the viewer', async () => {
  const app = host.forge.identity.appId;
  const meter = () => ({ charged: host.jira.points.usageOf(app).used, frontend: host.jira.points.frontendPointsOf(app) });
  const before = meter();
  expect(await opened('OPS-113', DEV_ACCOUNT_ID)).toMatchObject({ ok: true, data: { issueKey: 'OPS-113', category: 'KTLO' } });
  const cold = meter();
  // A cold view asks Jira only what the app keeps: may he see the issue, edit it, administer (and the site's fields once a day).
  expect(cold.charged - before.charged).toBeGreaterThan(0);
  expect(host.jira.requests.count({ path: '/rest/api/3/search/jql' })).toBe(1);
  host.jira.requests.clear();
  const view = await opened('OPS-113', DEV_ACCOUNT_ID);
  const warm = meter();
  expect(view).toMatchObject({ ok: true, data: { issueKey: 'OPS-113', category: 'KTLO', canOverride: true } });
  expect(warm.charged - cold.charged).toBe(0);
  expect(warm.frontend - cold.frontend).toBeGreaterThan(0);
  // Its one Jira request is the browser's read of the issue, as Dan: metered as a frontend request, not charged.
  expect(host.jira.requests.entries.map((r) => [r.accountId, `${r.method} ${r.path}`])).toEqual([[DEV_ACCOUNT_ID, 'POST /rest/api/3/search/jql']]);
});

it('decides a child as the backend does: parent-first, from the stored decision of the parent Jira names', async () => {
  await saveGlobal(host, { enabledProjects: ['OPS'] });
  // The bulk run stores every OPS decision, each with the parent it was decided under.
  expect(await host.resolve('settings-resolver', 'settings/startBulk', {}, adminPage)).toMatchObject({ ok: true });
  expect((await host.forge.drainQueues()).failed).toEqual([]);
  const children = [...host.jira.site.issues.values()].filter((i) => i.projectKey === 'OPS' && i.parentId !== null);
  let followedStored = 0;
  for (const child of children.slice(0, 12)) {
    const caller = { accountId: DEV_ACCOUNT_ID, extension: issueContext(child.key) };
    const load = await loadIssuePanel(host, caller);
    if (!load.ok) throw new Error(load.error.message);
    if (load.data.parent?.id === child.parentId) followedStored += 1;
    const inBrowser = await browserIssue(host, caller);
    // Clearing no override writes nothing and answers the issue as the backend decides it now (classifyIssues).
    const inBackend = await panel(child.key, 'issue/clearOverride', DEV_ACCOUNT_ID);
    expect({ key: child.key, view: inBrowser }).toEqual({ key: child.key, view: inBackend });
  }
  expect(followedStored).toBeGreaterThan(0);
});

it('a save answers the new state from one read of the issue as the caller: the panel shows it without reading again', async () => {
  expect(await opened('OPS-113', DEV_ACCOUNT_ID)).toMatchObject({ ok: true, data: { category: 'KTLO' } });
  host.jira.requests.clear();
  const saved = await panel('OPS-113', 'issue/setOverride', DEV_ACCOUNT_ID, { category: 'PROJECT' });
  expect(saved).toMatchObject({ ok: true, data: { category: 'PROJECT', source: 'override', canOverride: true, override: { by: DEV_ACCOUNT_ID, previous: 'KTLO' } } });
  // Edit Issues asked of Jira now (a save never trusts a kept answer), then the issue read once; nothing else.
  expect(host.jira.requests.entries.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /rest/api/3/mypermissions', 'POST /rest/api/3/search/jql']);
  // What the panel shows next, read in the browser, is what the save answered.
  expect(await opened('OPS-113', DEV_ACCOUNT_ID)).toEqual(saved);
});
