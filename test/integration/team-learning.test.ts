import { ADMIN_ACCOUNT_ID, DEV_ACCOUNT_ID, findIssue } from '../../dev/jira/site';
import { envelopeSchema } from '../../src/contracts/envelope';
import { issueViewSchema } from '../../src/contracts/resolvers';
import { getTeamModel } from '../../src/storage/learned-model-store';
import { appWorld } from '../support/app-world';

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
  const answer = await host.resolve('issue-panel-resolver', 'issue/get', {}, { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:issueContext', issue: { id: issue.id, key: issue.key }, project: { key: issue.projectKey } } });
  const view = envelopeSchema(issueViewSchema).parse(answer);
  expect(view).toMatchObject({ ok: true, data: { category: 'KTLO', unsure: false } });
});
