import { requestJira } from '@forge/bridge';
import { startJiraServer, type JiraServer } from '../../../dev/jira/server';
import { ADMIN_ACCOUNT_ID, DEV_ACCOUNT_ID } from '../../../dev/jira/site-model';
import { FAKE_HOST_APP_ID, FakeHost, host } from './fake-bridge';

/**
 * The fake host serves the real @forge/bridge's requestJira from a Jira-compatible server started in the test, as the
 * context's user: what component tests of surfaces that read Jira in the browser stand on.
 */

let jira: JiraServer;
beforeAll(async () => {
  jira = await startJiraServer();
});
afterAll(() => jira.close());
beforeEach(() => {
  jira.points.reset();
  host.serveJira(jira);
});

const searchSec = () =>
  requestJira('/rest/api/3/search/jql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ jql: 'project = SEC', fields: ['summary'], maxResults: 50 }),
  });

test('requestJira runs as the context\'s user: Ana reads SEC, Dan gets Jira\'s refusal', async () => {
  host.context = FakeHost.issueContext(ADMIN_ACCOUNT_ID);
  const asAna = await searchSec();
  expect(asAna.status).toBe(200);
  const keys = ((await asAna.json()) as { issues: { key: string }[] }).issues.map((i) => i.key);
  expect(keys.length).toBeGreaterThan(0);
  expect(keys.every((k) => k.startsWith('SEC-'))).toBe(true);
  host.context = FakeHost.issueContext(DEV_ACCOUNT_ID);
  const asDan = await searchSec();
  expect(asDan.status).toBe(400);
  expect(JSON.stringify(await asDan.json())).not.toMatch(/SEC-\d/);
  expect(host.productRequests.map((r) => [r.method, r.path, r.accountId, r.status])).toEqual([
    ['POST', '/rest/api/3/search/jql', ADMIN_ACCOUNT_ID, 200],
    ['POST', '/rest/api/3/search/jql', DEV_ACCOUNT_ID, 400],
  ]);
  // Counted as the app's frontend reads, not charged to its quota.
  expect(jira.points.usageOf(FAKE_HOST_APP_ID).used).toBe(0);
  expect(jira.points.frontendPointsOf(FAKE_HOST_APP_ID)).toBe(1 + keys.length + 1);
});

test('Jira\'s 429 reaches the surface with its Retry-After', async () => {
  host.context = FakeHost.issueContext(DEV_ACCOUNT_ID);
  jira.faults.inject({ path: '/rest/api/3/issue/OPS-113' }, { kind: 'rate-limit', retryAfterSeconds: 4 });
  const limited = await requestJira('/rest/api/3/issue/OPS-113?fields=summary');
  expect(limited.status).toBe(429);
  expect(limited.headers.get('retry-after')).toBe('4');
  const again = await requestJira('/rest/api/3/issue/OPS-113?fields=summary');
  expect(await again.json()).toMatchObject({ key: 'OPS-113' });
});

test('without a site to serve, or as a user the site does not have, a requestJira call fails and says what the test must do', async () => {
  host.reset();
  host.context = FakeHost.issueContext(DEV_ACCOUNT_ID);
  await expect(requestJira('/rest/api/3/issue/OPS-113')).rejects.toThrow(/host\.serveJira/);
  host.serveJira(jira);
  await expect(requestJira('/secure/admin')).rejects.toThrow(/\/rest\//);
  host.context = FakeHost.issueContext('someone-else');
  jira.requests.clear();
  await expect(requestJira('/rest/api/3/issue/OPS-113')).rejects.toThrow(/no user someone-else.*host\.context/);
  expect(jira.requests.entries).toEqual([]);
});
