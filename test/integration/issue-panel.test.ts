import { startAppHost, type AppHost } from '../../dev/app-host';
import { ADMIN_ACCOUNT_ID, DEV_ACCOUNT_ID, findIssue } from '../../dev/jira/site';
import { envelopeSchema } from '../../src/contracts/envelope';
import { issueViewSchema } from '../../src/contracts/resolvers';
import { saveGlobal } from '../support/app-world';
import { browserSprint } from '../support/views';

/** The issue panel's resolvers through the local Forge runtime, against the demo site over HTTP. */

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

async function panel(key: string, resolverKey: string, accountId: string, payload: unknown = {}) {
  const answer = await host.resolve('issue-panel-resolver', resolverKey, payload, { accountId, extension: issueContext(key) });
  return envelopeSchema(issueViewSchema).parse(answer);
}

it('shows a seeded patching task as KTLO with its reasons', async () => {
  const view = await panel('OPS-113', 'issue/get', DEV_ACCOUNT_ID);
  expect(view).toMatchObject({ ok: true, data: { issueKey: 'OPS-113', category: 'KTLO', source: 'rules', override: null, canOverride: true, canSuggestRule: false } });
  if (view.ok) expect(view.data.reasons[0]).toMatch(/^recurring maintenance: 'monthly security patching'/);
});

it('an override persists, shows who set it and what it replaced, and can be cleared', async () => {
  const set = await panel('OPS-113', 'issue/setOverride', DEV_ACCOUNT_ID, { category: 'PROJECT' });
  expect(set).toMatchObject({ ok: true, data: { category: 'PROJECT', source: 'override', confidence: 1, override: { category: 'PROJECT', by: DEV_ACCOUNT_ID, previous: 'KTLO' } } });
  const reread = await panel('OPS-113', 'issue/get', ADMIN_ACCOUNT_ID);
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

it('a user who cannot browse the issue gets NOT_FOUND and never its summary', async () => {
  const answer = await host.resolve('issue-panel-resolver', 'issue/get', {}, { accountId: DEV_ACCOUNT_ID, extension: issueContext('SEC-1') });
  expect(answer).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  expect(JSON.stringify(answer)).not.toContain(findIssue(host.jira.site, 'SEC-1')?.summary ?? '<none>');
});
