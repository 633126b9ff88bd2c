import type { AppHost } from '../../dev/app-host';
import { DEV_ACCOUNT_ID, findIssue } from '../../dev/jira/site';
import { appWorld, lozengeEvent, saveGlobal } from '../support/app-world';

/**
 * The issue panel's lozenge (dynamicProperties), which Jira asks for every time the panel is collapsed: it answers from
 * what the app stored, and reads Jira not once, whether a decision is stored or not. The Jira server's request log and
 * points meter are the proof.
 */

const world = appWorld();
let host: AppHost;
beforeEach(async () => {
  host = await world.start();
});

function issueEvent(key: string) {
  const issue = findIssue(host.jira.site, key);
  if (!issue) throw new Error(`demo site has no ${key}`);
  return lozengeEvent(host, issue);
}

/** The lozenge as Dan sees it, with what it cost: Jira requests of any kind, and the app's points. */
async function lozengeOf(key: string) {
  host.jira.requests.clear();
  const appId = host.forge.identity.appId;
  const points = () => host.jira.points.usageOf(appId).used + host.jira.points.frontendPointsOf(appId);
  const before = points();
  const value = await host.trigger('issue-lozenge', issueEvent(key), DEV_ACCOUNT_ID);
  return { value, requests: host.jira.requests.entries.length, points: points() - before };
}

const lozenge = (label: string, type: string) => ({ status: { type: 'lozenge', value: { label, type } } });

it('with no stored decision it shows the neutral lozenge, without reading Jira', async () => {
  // OPS-113 reads as KTLO, but no project is turned on: nothing has been decided and stored for it.
  expect(await lozengeOf('OPS-113')).toEqual({ value: lozenge('Not classified', 'default'), requests: 0, points: 0 });
});

it('shows the decision the trigger stored, without reading Jira', async () => {
  await saveGlobal(host, { enabledProjects: ['OPS'] });
  const issue = findIssue(host.jira.site, 'OPS-113');
  await host.trigger('issue-events-fn', {
    eventType: 'avi:jira:updated:issue',
    atlassianId: DEV_ACCOUNT_ID,
    issue: { id: issue?.id, key: 'OPS-113', fields: { summary: issue?.summary, project: { id: '10000', key: 'OPS' } } },
    changelog: { id: '1', items: [{ field: 'summary', fieldtype: 'jira', from: null, fromString: null, to: null, toString: null }] },
  });
  expect(host.jira.site.appFieldWrites.map((w) => w.issueId)).toEqual([issue?.id]);
  expect(await lozengeOf('OPS-113')).toEqual({ value: lozenge('KTLO', 'moved'), requests: 0, points: 0 });
});

it('shows a person\'s override, stored even where the project is not turned on, without reading Jira', async () => {
  const set = await host.resolve('issue-panel-resolver', 'issue/setOverride', { category: 'PROJECT' }, { accountId: DEV_ACCOUNT_ID, extension: issueEvent('OPS-113').extension });
  expect(set).toMatchObject({ ok: true, data: { category: 'PROJECT', source: 'override' } });
  expect(host.jira.site.appFieldWrites).toHaveLength(0);
  expect(await lozengeOf('OPS-113')).toEqual({ value: lozenge('Project', 'inprogress'), requests: 0, points: 0 });
});

it('an event it cannot read gets the neutral lozenge', async () => {
  host.jira.requests.clear();
  expect(await host.trigger('issue-lozenge', { extension: { type: 'jira:issueContext' } }, DEV_ACCOUNT_ID)).toEqual(lozenge('Not classified', 'default'));
  expect(host.jira.requests.entries).toHaveLength(0);
});
