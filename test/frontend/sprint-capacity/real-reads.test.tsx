import { render, screen, within } from '@testing-library/react';
import { startJiraServer, type JiraServer } from '../../../dev/jira/server';
import { addToSprint, DEMO_BOARD_IDS, DEMO_SPRINT_IDS, DEMO_TEAM, DEV_ACCOUNT_ID, SPRINT_FIELD_ID, STORY_POINTS_FIELD_ID, WORK_CATEGORY_FIELD_ID } from '../../../dev/jira/site';
import { SPRINT_MARKS } from '../../../src/frontend/shared/marks';
import { SprintCapacityPanel } from '../../../src/frontend/sprint-capacity/sprint-capacity-panel';
import { FAKE_HOST_APP_ID, host } from '../support/fake-bridge';
import { loadAnswer } from '../support/measured-views';

/**
 * The sprint capacity panel reading Jira in the browser for real: the real @forge/bridge's requestJira served by the
 * fake host from the demo site's Jira server as the context's user (Dan, who cannot browse SEC), the app's data from
 * the one load invoke. Jira applies Dan's permissions itself, the reads are frontend requests (not charged to the
 * app's quota), and a Jira failure is a typed notice, never partial numbers.
 */

let jira: JiraServer;
beforeAll(async () => {
  jira = await startJiraServer();
});
afterAll(() => jira.close());

function open(): void {
  jira.points.reset();
  host.serveJira(jira);
  host.context = { accountId: DEV_ACCOUNT_ID, cloudId: 'local-cloud', locale: 'en_GB', timezone: 'UTC', moduleKey: 'ktlo-sprint-capacity', extension: { type: 'jira:sprintAction', board: { id: DEMO_BOARD_IDS.ops, type: 'scrum' }, sprint: { id: DEMO_SPRINT_IDS.active, state: 'active' } } };
  const load = loadAnswer({ boardId: DEMO_BOARD_IDS.ops });
  host.answer('capacity/load', () => ({ ok: true, data: { ...load, fields: { storyPoints: STORY_POINTS_FIELD_ID, sprint: SPRINT_FIELD_ID, workCategory: WORK_CATEGORY_FIELD_ID } } }));
  render(<SprintCapacityPanel />);
}

it('measures the active sprint from Jira as the viewer, with one invoke and no SEC issue', async () => {
  // SEC work in OPS's sprint: only Jira's per-user reads stand between Dan and it.
  const filter = jira.site.filters.get(jira.site.boards.get(DEMO_BOARD_IDS.ops)?.filterId ?? -1);
  if (!filter) throw new Error('the OPS board has no filter');
  filter.jql = 'project in (OPS, SEC) ORDER BY Rank';
  const sec = [...jira.site.issues.values()].filter((i) => i.projectKey === 'SEC').slice(0, 3);
  for (const issue of sec) addToSprint(jira.site, issue.key, DEMO_SPRINT_IDS.active, '2026-11-25T12:00:00.000Z', DEMO_TEAM.sofia);
  open();
  const view = await screen.findByTestId('capacity-view', {}, { timeout: 10_000 });
  // The lists' rows follow the figures' first paint.
  await screen.findByTestId('ktlo-issues');
  const links = within(view).getAllByRole('link').map((a) => a.textContent ?? '');
  expect(links.length).toBeGreaterThan(3);
  expect(links.every((k) => k.startsWith('OPS-'))).toBe(true);
  expect(view.textContent).not.toMatch(/SEC-\d/);
  for (const issue of sec) expect(view.textContent).not.toContain(issue.summary);
  expect(host.invocations.map((i) => i.functionKey)).toEqual(expect.arrayContaining(['capacity/load']));
  expect(host.invocations.filter((i) => i.functionKey === 'capacity/load')).toHaveLength(1);
  // The marks the browser bench reads to say where the view's time went.
  expect(performance.getEntriesByType('mark').map((m) => m.name)).toEqual(expect.arrayContaining([SPRINT_MARKS.read, SPRINT_MARKS.measured]));
  // Read in the browser as Dan: the sprint's issues, fields and Sprint-field history, none charged to the app.
  const paths = host.productRequests.map((r) => `${r.method} ${r.path}`);
  expect(paths).toEqual(expect.arrayContaining([`GET /rest/agile/1.0/board/${DEMO_BOARD_IDS.ops}/configuration`, 'POST /rest/api/3/issue/bulkfetch', 'POST /rest/api/3/changelog/bulkfetch']));
  expect(host.productRequests.every((r) => r.accountId === DEV_ACCOUNT_ID)).toBe(true);
  expect(jira.points.usageOf(FAKE_HOST_APP_ID).used).toBe(0);
  expect(jira.points.frontendPointsOf(FAKE_HOST_APP_ID)).toBeGreaterThan(0);
});

it("shows Jira's rate limit as a notice that says when it clears, and no numbers", async () => {
  jira.faults.inject({ path: `/rest/software/1.0/board/${DEMO_BOARD_IDS.ops}/sprint/${DEMO_SPRINT_IDS.active}/issue` }, { kind: 'rate-limit', retryAfterSeconds: 3600 });
  open();
  const error = await screen.findByTestId('error-message', {}, { timeout: 10_000 });
  expect(error.textContent).toMatch(/Jira is limiting how many requests KTLO Lens can make until \d{2}:\d{2}/);
  expect(screen.queryByTestId('capacity-view')).toBeNull();
  expect(screen.queryByTestId('ktlo-share')).toBeNull();
});
