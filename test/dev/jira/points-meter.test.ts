import { WORK_CATEGORY_FIELD_ID } from '../../../dev/jira/field-catalogue';
import { startJiraServer, type JiraServer } from '../../../dev/jira/server';
import { ADMIN_ACCOUNT_ID, APP_ACCOUNT_ID, createDemoSite, requireIssue } from '../../../dev/jira/site';

/**
 * The server's points meter, over real HTTP: what each call costs, the quota headers in both forms, NearLimit, the
 * hourly wall and its reset on the server's clock, per-issue write limits, and a person's own calls left uncharged.
 */

const APP = 'app-under-test';
let server: JiraServer;

beforeAll(async () => {
  server = await startJiraServer({ site: createDemoSite() });
});
afterAll(() => server.close());
beforeEach(() => server.points.reset());

async function as(who: { user: string; app?: string }, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: server.authorizationFor(who.user, who.app), accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const app = { user: APP_ACCOUNT_ID, app: APP };
const appForUser = { user: ADMIN_ACCOUNT_ID, app: APP };

describe('points per call', () => {
  it('charges 1 plus 1 per issue or core object and 2 per permission; writes 1; a person calling for themselves costs the app nothing', async () => {
    const used = () => server.points.usageOf(APP).used;
    const search = await as(app, 'POST', '/rest/api/3/search/jql', { jql: 'project = OPS ORDER BY id', fields: ['summary'], maxResults: 10 });
    const page = (await search.json()) as { issues: unknown[] };
    expect(page.issues).toHaveLength(10);
    expect(used()).toBe(11);
    await as(appForUser, 'GET', '/rest/api/3/mypermissions?permissions=ADMINISTER,BROWSE_PROJECTS');
    expect(used()).toBe(11 + 1 + 2 * 2);
    await as(app, 'GET', '/rest/agile/1.0/board/1');
    expect(used()).toBe(11 + 5 + 2);
    const issue = requireIssue(server.site, 'OPS-101');
    const write = await as(app, 'POST', '/rest/api/3/app/field/value?generateChangelog=false', { updates: [{ customField: WORK_CATEGORY_FIELD_ID, issueIds: [Number(issue.id)], value: 'KTLO' }] });
    expect(write.status).toBe(204);
    expect(used()).toBe(19);
    // The same user without the app (their browser, their API token) is not the app's.
    await as({ user: ADMIN_ACCOUNT_ID }, 'POST', '/rest/api/3/search/jql', { jql: 'project = OPS', fields: ['summary'] });
    expect(used()).toBe(19);
  });
});

describe('quota headers and the wall', () => {
  it('reports the policy on every call, the remaining points and NearLimit under a fifth, then 429 until the top of the hour, and resets', async () => {
    let now = Date.parse('2026-12-01T10:45:00.000Z');
    server.points.now = () => now;
    server.points.quotaPerHour = 100;
    const first = await as(app, 'GET', '/rest/agile/1.0/board/1');
    expect(first.headers.get('ratelimit-policy')).toBe('"global-app-quota";q=100;w=3600');
    expect(first.headers.get('ratelimit')).toBeNull();
    expect(first.headers.get('x-ratelimit-nearlimit')).toBeNull();
    server.points.spendElsewhere(APP, 80);
    const near = await as(app, 'GET', '/rest/agile/1.0/board/1');
    expect(near.status).toBe(200);
    expect(near.headers.get('ratelimit')).toBe('"global-app-quota";r=16;t=900');
    expect(near.headers.get('x-ratelimit-nearlimit')).toBe('true');
    server.points.spendElsewhere(APP, 16);
    const walled = await as(appForUser, 'GET', '/rest/agile/1.0/board/1');
    expect(walled.status).toBe(429);
    expect(walled.headers.get('retry-after')).toBe('900');
    expect(walled.headers.get('x-ratelimit-reset')).toBe('2026-12-01T11:00:00.000Z');
    expect(server.points.usageOf(APP)).toEqual({ used: 100, refused: 1 });
    // A person's own calls are not behind the app's wall.
    expect((await as({ user: ADMIN_ACCOUNT_ID }, 'GET', '/rest/agile/1.0/board/1')).status).toBe(200);
    now = Date.parse('2026-12-01T11:00:01.000Z');
    const after = await as(app, 'GET', '/rest/agile/1.0/board/1');
    expect(after.status).toBe(200);
    expect(server.points.usageOf(APP)).toEqual({ used: 2, refused: 0 });
  });

  it('sends the Beta- forms and never refuses while the quota is not enforced for the app', async () => {
    server.points.enforced = false;
    server.points.quotaPerHour = 10;
    server.points.spendElsewhere(APP, 50);
    const reply = await as(app, 'GET', '/rest/agile/1.0/board/1');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('beta-ratelimit-policy')).toBe('"global-app-quota";q=10;w=3600');
    expect(reply.headers.get('beta-ratelimit')).toMatch(/^"global-app-quota";r=0;t=\d+$/);
    expect(reply.headers.get('x-beta-ratelimit-nearlimit')).toBe('true');
    expect(reply.headers.get('ratelimit-policy')).toBeNull();
  });
});

describe('per-issue writes', () => {
  it('allows 20 writes of one issue in 2 s and 100 in 30 s, then answers 429 for that issue only', async () => {
    let now = Date.parse('2026-12-01T10:00:00.000Z');
    server.points.now = () => now;
    const [a, b] = [requireIssue(server.site, 'OPS-101'), requireIssue(server.site, 'OPS-102')];
    const write = (issueId: string) => as(app, 'PUT', `/rest/api/3/app/field/${WORK_CATEGORY_FIELD_ID}/value?generateChangelog=false`, { updates: [{ issueIds: [Number(issueId)], value: 'KTLO' }] });
    for (let i = 0; i < 20; i++) expect((await write(a.id)).status).toBe(204);
    const limited = await write(a.id);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit-reason')).toBe('jira-per-issue-on-write');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await write(b.id)).status).toBe(204);
    // 100 in 30 s: four more bursts of 20, two seconds apart, then the fifth is refused.
    for (let burst = 1; burst < 5; burst++) {
      now += 2_001;
      for (let i = 0; i < 20; i++) expect((await write(a.id)).status).toBe(204);
    }
    now += 2_001;
    const slow = await write(a.id);
    expect(slow.status).toBe(429);
    expect(Number(slow.headers.get('retry-after'))).toBeGreaterThan(2);
  });
});
