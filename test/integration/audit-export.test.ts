import { ADMIN_ACCOUNT_ID, DEMO_TEAM, moveIssue, requireIssue, requireProject, type Site } from '../../dev/jira/site';
import { envelopeSchema } from '../../src/contracts/envelope';
import { auditExportSchema } from '../../src/contracts/resolvers';
import { adminPage, appWorld } from '../support/app-world';

/**
 * The override audit export follows each issue to where it is now: after an issue moved to a restricted project,
 * the admin of its old project (who cannot browse it) no longer exports its entries, and the new project's admin does.
 */

const world = appWorld();

function issuePanel(site: Site, key: string) {
  const issue = requireIssue(site, key);
  return { type: 'jira:issueContext', issue: { id: issue.id, key: issue.key }, project: { key: issue.projectKey } };
}

const projectSettings = (site: Site, key: string) => ({ type: 'jira:projectSettingsPage', project: { key, id: requireProject(site, key).id } });

it("exports an issue's entries to the admins of the project it is in now, and not to its old project's", async () => {
  const h = await world.start();
  const site = h.jira.site;
  const moved = requireIssue(site, 'OPS-113');
  const stays = requireIssue(site, 'OPS-114');
  for (const key of ['OPS-113', 'OPS-114']) {
    expect(await h.resolve('issue-panel-resolver', 'issue/setOverride', { category: 'PROJECT' }, { accountId: ADMIN_ACCOUNT_ID, extension: issuePanel(site, key) })).toMatchObject({ ok: true });
  }
  moveIssue(site, 'OPS-113', 'SEC');
  const exportAs = async (accountId: string, extension: Record<string, unknown>): Promise<string[]> => {
    const answer = envelopeSchema(auditExportSchema).parse(await h.resolve('settings-resolver', 'settings/exportAudit', {}, { accountId, extension }));
    if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
    return answer.data.csv.trim().split('\r\n').slice(1);
  };
  const ids = (rows: string[]) => rows.map((row) => row.split(',')[2]);
  expect(ids(await exportAs(DEMO_TEAM.priya, projectSettings(site, 'OPS')))).toEqual([`"${stays.id}"`]);
  expect(ids(await exportAs(DEMO_TEAM.sofia, projectSettings(site, 'SEC')))).toEqual([`"${moved.id}"`]);
  expect(ids(await exportAs(ADMIN_ACCOUNT_ID, adminPage.extension)).sort()).toEqual([`"${moved.id}"`, `"${stays.id}"`].sort());
  // One bulk read per export, not one Jira call per row.
  expect(h.jira.requests.matching({ method: 'POST', path: '/rest/api/3/issue/bulkfetch' })).toHaveLength(2);
});

it('names who made each change as the exporting admin may see them, with the account id beside it, looked up once a day per viewer', async () => {
  const h = await world.start();
  const site = h.jira.site;
  expect(await h.resolve('issue-panel-resolver', 'issue/setOverride', { category: 'PROJECT' }, { accountId: ADMIN_ACCOUNT_ID, extension: issuePanel(site, 'OPS-113') })).toMatchObject({ ok: true });
  expect(await h.resolve('issue-panel-resolver', 'issue/setOverride', { category: 'KTLO' }, { accountId: DEMO_TEAM.priya, extension: issuePanel(site, 'OPS-114') })).toMatchObject({ ok: true });
  // Priya's account is deleted since: Jira no longer returns her.
  site.users.delete(DEMO_TEAM.priya);
  const exportCsv = async (): Promise<string[]> => {
    const answer = envelopeSchema(auditExportSchema).parse(await h.resolve('settings-resolver', 'settings/exportAudit', {}, { accountId: ADMIN_ACCOUNT_ID, extension: adminPage.extension }));
    if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
    return answer.data.csv.trim().split('\r\n');
  };
  const [header, ...rows] = await exportCsv();
  expect(header).toBe('at,issueKey,issueId,action,category,previous,byName,by');
  const who = (accountId: string) => rows.find((row) => row.endsWith(`"${accountId}"`))?.split(',').slice(6);
  expect(who(ADMIN_ACCOUNT_ID)).toEqual(['"Ana Admin"', `"${ADMIN_ACCOUNT_ID}"`]);
  expect(who(DEMO_TEAM.priya)).toEqual(['"a former user"', `"${DEMO_TEAM.priya}"`]);
  // One bulk lookup for both people, as the exporting admin.
  const lookups = () => h.jira.requests.matching({ path: '/rest/api/3/user/bulk' });
  expect(lookups().map((r) => r.accountId)).toEqual([ADMIN_ACCOUNT_ID]);
  // Kept: a second export asks Jira nothing about people.
  await exportCsv();
  expect(lookups()).toHaveLength(1);
}, 20_000);
