import { ADMIN_ACCOUNT_ID, ALL_PROJECT_PERMISSIONS, DEV_ACCOUNT_ID, MEMBER_PERMISSIONS, addIssue, addProject, emptySite, findIssue, requireIssue } from '../../dev/jira/site';
import { envelopeSchema } from '../../src/contracts/envelope';
import { issueViewSchema } from '../../src/contracts/resolvers';
import { getTeamModel } from '../../src/storage/learned-model-store';
import { appWorld, saveGlobal } from '../support/app-world';
import { browserIssue } from '../support/issue-panel';

/** Overrides teach the site's classifier (kvs, updated on each override) through the real resolvers and runtime. */

const world = appWorld();

it('each override adds an example to the learned model in kvs, and clearing it takes the example out', async () => {
  const host = await world.start();
  const context = (key: string) => {
    const issue = findIssue(host.jira.site, key);
    if (!issue) throw new Error(`demo site has no ${key}`);
    return { type: 'jira:issueContext', issue: { id: issue.id, key: issue.key }, project: { key: issue.projectKey } };
  };
  const panel = async (key: string, resolverKey: string, accountId: string, payload: unknown = {}) =>
    envelopeSchema(issueViewSchema).parse(await host.resolve('issue-panel-resolver', resolverKey, payload, { accountId, extension: context(key) }));

  expect(await getTeamModel()).toBeNull();
  const set = await panel('OPS-113', 'issue/setOverride', DEV_ACCOUNT_ID, { category: 'PROJECT' });
  expect(set).toMatchObject({ ok: true, data: { category: 'PROJECT', source: 'override', unsure: false } });
  const learned = await getTeamModel();
  expect(learned?.examples).toBe(1);
  expect(Object.keys(learned?.weights ?? {}).length).toBeGreaterThan(0);
  // Saving the same override again keeps one example for the issue.
  await panel('OPS-113', 'issue/setOverride', DEV_ACCOUNT_ID, { category: 'PROJECT' });
  expect((await getTeamModel())?.examples).toBe(1);

  const cleared = await panel('OPS-113', 'issue/clearOverride', ADMIN_ACCOUNT_ID);
  expect(cleared).toMatchObject({ ok: true, data: { source: 'rules', override: null } });
  expect(await getTeamModel()).toBeNull();
});

it('the issue view says whether the decision is unsure', async () => {
  const host = await world.start();
  const issue = findIssue(host.jira.site, 'OPS-113');
  if (!issue) throw new Error('demo site has no OPS-113');
  const view = await browserIssue(host, { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:issueContext', issue: { id: issue.id, key: issue.key }, project: { key: issue.projectKey } } });
  expect(view).toMatchObject({ ok: true, data: { category: 'KTLO', unsure: false } });
});

it('an explicit label teaches the site when the trigger classifies the issue, and removing the label takes it back', async () => {
  const site = emptySite();
  addProject(site, { key: 'LB', name: 'Labels', access: { [ADMIN_ACCOUNT_ID]: ALL_PROJECT_PERMISSIONS, [DEV_ACCOUNT_ID]: MEMBER_PERMISSIONS } });
  addIssue(site, { project: 'LB', type: 'Task', summary: 'Refresh the partner sandbox tenants', labels: ['ktlo'], created: '2026-11-20T10:00:00.000Z' });
  const host = await world.start(site);
  await saveGlobal(host, { enabledProjects: ['LB'] });
  const issue = requireIssue(host.jira.site, 'LB-1');
  const event = (changed: string) => ({
    eventType: 'avi:jira:updated:issue',
    atlassianId: DEV_ACCOUNT_ID,
    issue: { id: issue.id, key: issue.key, fields: { summary: issue.summary, project: { id: '10000', key: 'LB' } } },
    changelog: { id: '1', items: [{ field: changed, fieldtype: 'jira', from: null, fromString: null, to: null, toString: null }] },
  });
  await host.trigger('issue-events-fn', event('labels'));
  const learned = await getTeamModel();
  expect(learned?.examples).toBe(1);
  expect(Object.keys(learned?.weights ?? {})).toContain('b:partner sandbox');

  issue.labels = [];
  await host.trigger('issue-events-fn', event('labels'));
  expect(await getTeamModel()).toBeNull();
});
