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
