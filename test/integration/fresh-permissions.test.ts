import { ADMIN_ACCOUNT_ID, DEMO_BOARD_IDS, DEMO_TEAM, DEV_ACCOUNT_ID, findIssue, requireProject, revoke, type Site } from '../../dev/jira/site';
import { envelopeSchema } from '../../src/contracts/envelope';
import { bulkStatusSchema } from '../../src/contracts/resolvers';
import { adminPage, appWorld, storedAppData } from '../support/app-world';
import { browserIssue } from '../support/issue-panel';

/**
 * Permission answers are cached for a minute for display only: once Jira revokes a right, every write and export
 * that needed it is refused at once, with nothing written, even right after a screen cached the old answer.
 */

const world = appWorld();

function issuePanel(site: Site, key: string) {
  const issue = findIssue(site, key);
  if (!issue) throw new Error(`demo site has no ${key}`);
  return { type: 'jira:issueContext', issue: { id: issue.id, key: issue.key }, project: { key: issue.projectKey } };
}

function demote(site: Site, accountId: string): void {
  site.users.get(accountId)?.globalPermissions.delete('ADMINISTER');
}

it('an override after Jira revoked Edit Issues is FORBIDDEN and writes nothing', async () => {
  const h = await world.start();
  const dan = { accountId: DEV_ACCOUNT_ID, extension: issuePanel(h.jira.site, 'OPS-113') };
  expect(await browserIssue(h, dan)).toMatchObject({ ok: true, data: { canOverride: true } });
  const before = await storedAppData(h);
  revoke(h.jira.site, DEV_ACCOUNT_ID, 'OPS', ['EDIT_ISSUES']);
  expect(await h.resolve('issue-panel-resolver', 'issue/setOverride', { category: 'PROJECT' }, dan)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await h.resolve('issue-panel-resolver', 'issue/clearOverride', {}, dan)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await storedAppData(h)).toEqual(before);
});

it('a demoted Jira admin can no longer save global settings, start or resume a bulk run, or export the audit', async () => {
  const h = await world.start();
  const ana = { accountId: ADMIN_ACCOUNT_ID, extension: adminPage.extension };
  const started = envelopeSchema(bulkStatusSchema).parse(await h.resolve('settings-resolver', 'settings/startBulk', {}, ana));
  if (!started.ok) throw new Error(started.error.message);
  await h.forge.drainQueues();
  const { jobId } = started.data;
  expect(await h.resolve('settings-resolver', 'settings/get', { level: 'global' }, ana)).toMatchObject({ ok: true, data: { canEdit: true, revision: 0 } });
  expect(await h.resolve('settings-resolver', 'settings/exportAudit', {}, ana)).toMatchObject({ ok: true });
  const before = await storedAppData(h);
  demote(h.jira.site, ADMIN_ACCOUNT_ID);
  const writes: [string, unknown][] = [
    ['settings/save', { level: 'global', expectedRevision: 0, settings: { enabledProjects: ['OPS'] } }],
    ['settings/startBulk', {}],
    ['settings/resumeBulk', { jobId }],
    ['settings/exportAudit', {}],
  ];
  for (const [key, payload] of writes) {
    expect({ key, answer: await h.resolve('settings-resolver', key, payload, ana) }).toMatchObject({ key, answer: { ok: false, error: { code: 'FORBIDDEN' } } });
  }
  expect(await h.forge.drainQueues()).toEqual({ succeeded: 0, failed: [] });
  expect(await storedAppData(h)).toEqual(before);
});

it("a project admin who lost the project and the board can no longer save the board's settings", async () => {
  const h = await world.start();
  const site = h.jira.site;
  const priya = { accountId: DEMO_TEAM.priya, extension: { type: 'jira:sprintAction', board: { id: DEMO_BOARD_IDS.ops }, sprint: { id: 43 } } };
  expect(await h.resolve('capacity-resolver', 'capacity/load', {}, priya)).toMatchObject({ ok: true, data: { board: { canEdit: true } } });
  const before = await storedAppData(h);
  revoke(site, DEMO_TEAM.priya, requireProject(site, 'OPS').key, ['ADMINISTER_PROJECTS']);
  site.boards.get(DEMO_BOARD_IDS.ops)?.admins.delete(DEMO_TEAM.priya);
  const save = { level: 'board', expectedRevision: 0, settings: { teamCapacity: 30 } };
  expect(await h.resolve('capacity-resolver', 'capacity/saveBoardSettings', save, priya)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await storedAppData(h)).toEqual(before);
});
