import { render, screen } from '@testing-library/react';
import { startJiraServer, type JiraServer } from '../../../dev/jira/server';
import { DEV_ACCOUNT_ID, STORY_POINTS_FIELD_ID, findIssue } from '../../../dev/jira/site';
import { success } from '../../../src/contracts/envelope';
import type { IssuePanelLoad } from '../../../src/contracts/resolvers';
import { DEFAULT_GLOBAL_CONFIG, resolveConfig } from '../../../src/domain/config';
import { IssuePanel } from '../../../src/frontend/issue-panel/issue-panel';
import { ISSUE_NOT_FOUND } from '../../../src/reader/issue';
import { FAKE_HOST_APP_ID, FakeHost, host } from '../support/fake-bridge';

/**
 * The issue panel reading Jira in the browser for real: the real @forge/bridge's requestJira served by the fake host
 * from the demo site's Jira server as the context's user (Dan, who cannot browse SEC), the app's data from the one
 * load invoke. The issue is decided in the browser; the read is a frontend request, not charged to the app's quota.
 */

let jira: JiraServer;
beforeAll(async () => {
  jira = await startJiraServer();
});
afterAll(() => jira.close());

function open(key: string, over: Partial<IssuePanelLoad> = {}): void {
  const issue = findIssue(jira.site, key);
  if (!issue) throw new Error(`demo site has no ${key}`);
  jira.points.reset();
  host.serveJira(jira);
  host.context = FakeHost.issueContext(DEV_ACCOUNT_ID);
  const load: IssuePanelLoad = {
    issue: { id: issue.id, key: issue.key },
    settings: { effective: resolveConfig(DEFAULT_GLOBAL_CONFIG) },
    fields: { storyPoints: STORY_POINTS_FIELD_ID },
    override: null,
    parent: null,
    team: null,
    canOverride: true,
    canSuggestRule: false,
    projectEnabled: true,
    ...over,
  };
  host.answer('issue/load', () => success(load));
  render(<IssuePanel />);
}

it('decides the issue from Jira read as the viewer, with one invoke and nothing charged to the app', async () => {
  open('OPS-113');
  expect((await screen.findByTestId('category-lozenge', {}, { timeout: 10_000 })).textContent).toBe('KTLO');
  expect(screen.getByTestId('reasons').textContent).toContain("recurring maintenance: 'monthly security patching'");
  expect(host.invocations).toEqual([{ functionKey: 'issue/load', payload: {} }]);
  expect(host.productRequests.map((r) => [r.accountId, `${r.method} ${r.path}`, r.status])).toEqual([[DEV_ACCOUNT_ID, 'POST /rest/api/3/search/jql', 200]]);
  expect(jira.points.usageOf(FAKE_HOST_APP_ID).used).toBe(0);
  expect(jira.points.frontendPointsOf(FAKE_HOST_APP_ID)).toBeGreaterThan(0);
});

it("follows the load's override, as the backend's decision does", async () => {
  open('OPS-113', { override: { category: 'PROJECT', by: DEV_ACCOUNT_ID, at: '2026-11-27T10:14:00.000Z', previous: 'KTLO' } });
  expect((await screen.findByTestId('category-lozenge', {}, { timeout: 10_000 })).textContent).toBe('Project');
  expect(screen.getByTestId('source').textContent).toBe('Decided by a team member’s override.');
});

it('an issue Jira does not show the viewer is not found, and nothing of it is shown', async () => {
  open('SEC-1');
  const error = await screen.findByTestId('error-message', {}, { timeout: 10_000 });
  expect(error.textContent).toContain(ISSUE_NOT_FOUND);
  expect(error.textContent).not.toContain(findIssue(jira.site, 'SEC-1')?.summary ?? '<none>');
  expect(screen.queryByTestId('category-lozenge')).toBeNull();
});
