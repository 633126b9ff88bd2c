import { startJiraServer, type JiraServer } from '../../../dev/jira/server';
import { ADMIN_ACCOUNT_ID, DEMO_SPRINT_IDS, DEV_ACCOUNT_ID, statusById, type Issue } from '../../../dev/jira/site';
import { client, errorMessages, search, searchAll, searchPageSchema } from './support';

/** POST/GET /rest/api/3/search/jql: token paging, capped page sizes, field selection and the JQL the app sends. */

let server: JiraServer;

beforeAll(async () => {
  server = await startJiraServer();
});

afterAll(() => server.close());

function siteIssues(where: (issue: Issue) => boolean): string[] {
  return [...server.site.issues.values()].filter(where).map((i) => i.key).sort();
}

async function keysFor(jql: string, as = ADMIN_ACCOUNT_ID): Promise<string[]> {
  const issues = await searchAll(server, as, { jql, fields: ['summary'], maxResults: 100 });
  return issues.map((i) => i.key ?? '').sort();
}

async function rejected(jql: string): Promise<string[]> {
  const reply = await client(server, ADMIN_ACCOUNT_ID).post('/rest/api/3/search/jql', { jql, fields: ['summary'] });
  expect(reply.status).toBe(400);
  return errorMessages(reply);
}

const category = (issue: Issue) => statusById(server.site, issue.statusId).category;

describe('paging', () => {
  it('pages with nextPageToken until isLast, without total or maxResults in the response', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const reply = await client(server, ADMIN_ACCOUNT_ID).post('/rest/api/3/search/jql', {
        jql: 'project = OPS',
        fields: ['summary'],
        maxResults: 40,
        ...(token ? { nextPageToken: token } : {}),
      });
      expect(reply.body).not.toHaveProperty('total');
      expect(reply.body).not.toHaveProperty('maxResults');
      const page = searchPageSchema.parse(reply.body);
      seen.push(...page.issues.map((i) => i.key ?? ''));
      pages++;
      if (page.isLast) expect(page.nextPageToken).toBeUndefined();
      token = page.isLast ? undefined : page.nextPageToken;
    } while (token);
    const ops = siteIssues((i) => i.projectKey === 'OPS');
    expect(pages).toBe(Math.ceil(ops.length / 40));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(ops);
  });

  it('grants at most 100 issues a page once fields are asked for, and 5000 for ids only', async () => {
    const withFields = await search(server, ADMIN_ACCOUNT_ID, { jql: 'project in (OPS, WEB)', fields: ['summary'], maxResults: 500 });
    expect(withFields.issues).toHaveLength(100);
    expect(withFields.isLast).toBe(false);
    const idsOnly = await search(server, ADMIN_ACCOUNT_ID, { jql: 'project in (OPS, WEB)', maxResults: 500 });
    expect(idsOnly.issues).toHaveLength(siteIssues((i) => i.projectKey !== 'SEC').length);
    expect(idsOnly.isLast).toBe(true);
  });

  it('defaults to 50 a page', async () => {
    const page = await search(server, ADMIN_ACCOUNT_ID, { jql: 'project = OPS', fields: ['summary'] });
    expect(page.issues).toHaveLength(50);
  });

  it('refuses a token from another query', async () => {
    const first = await search(server, ADMIN_ACCOUNT_ID, { jql: 'project = OPS', maxResults: 10 });
    const reply = await client(server, ADMIN_ACCOUNT_ID).post('/rest/api/3/search/jql', { jql: 'project = WEB', nextPageToken: first.nextPageToken });
    expect(reply.status).toBe(400);
  });

  it('refuses properties the endpoint does not have (such as the old startAt)', async () => {
    const reply = await client(server, ADMIN_ACCOUNT_ID).post('/rest/api/3/search/jql', { jql: 'project = OPS', startAt: 50 });
    expect(reply.status).toBe(400);
    expect(errorMessages(reply)).toEqual(['Unrecognized field "startAt"']);
  });
});

describe('field selection', () => {
  it('returns only ids when no fields are named', async () => {
    const page = await search(server, ADMIN_ACCOUNT_ID, { jql: 'project = OPS', maxResults: 5 });
    for (const issue of page.issues) expect(Object.keys(issue)).toEqual(['id']);
  });

  it('returns exactly the named fields, with names on request', async () => {
    const page = await search(server, ADMIN_ACCOUNT_ID, { jql: 'key = OPS-7', fields: ['summary', 'status', 'customfield_10016'], expand: 'names' });
    const [issue] = page.issues;
    expect(Object.keys(issue?.fields ?? {}).sort()).toEqual(['customfield_10016', 'status', 'summary']);
    expect(issue?.key).toBe('OPS-7');
    expect(page.names).toEqual({ summary: 'Summary', status: 'Status', customfield_10016: 'Story point estimate' });
  });

  it('reads comma lists and repeated GET parameters, *all, *navigable and exclusions', async () => {
    const get = await client(server, ADMIN_ACCOUNT_ID).get('/rest/api/3/search/jql?jql=key%3DOPS-7&fields=summary,labels&fields=status');
    const fields = searchPageSchema.parse(get.body).issues[0]?.fields;
    expect(Object.keys(fields ?? {}).sort()).toEqual(['labels', 'status', 'summary']);
    const all = await search(server, ADMIN_ACCOUNT_ID, { jql: 'key = OPS-7', fields: ['*all', '-description'] });
    const allFields = Object.keys(all.issues[0]?.fields ?? {});
    expect(allFields).toEqual(expect.arrayContaining(['summary', 'customfield_10020', 'customfield_10100', 'timeoriginalestimate', 'parent']));
    expect(allFields).not.toContain('description');
    const navigable = await search(server, ADMIN_ACCOUNT_ID, { jql: 'key = OPS-7', fields: ['*navigable'] });
    expect(Object.keys(navigable.issues[0]?.fields ?? {})).toContain('description');
  });

  it('renders the platform description as ADF', async () => {
    const page = await search(server, ADMIN_ACCOUNT_ID, { jql: 'key = OPS-7', fields: ['description'] });
    expect(page.issues[0]?.fields?.['description']).toMatchObject({ type: 'doc', version: 1, content: expect.any(Array) });
  });
});

describe('JQL', () => {
  it('project, sprint and filter clauses', async () => {
    expect(await keysFor('project = OPS')).toEqual(siteIssues((i) => i.projectKey === 'OPS'));
    expect(await keysFor('project in (OPS, WEB)')).toEqual(siteIssues((i) => i.projectKey !== 'SEC'));
    expect(await keysFor(`sprint = ${DEMO_SPRINT_IDS.active}`)).toEqual(siteIssues((i) => i.sprintIds.includes(DEMO_SPRINT_IDS.active)));
    expect(await keysFor('sprint in (42, 43)')).toEqual(siteIssues((i) => i.sprintIds.includes(42) || i.sprintIds.includes(43)));
    expect(await keysFor('sprint in openSprints()')).toEqual(siteIssues((i) => i.sprintIds.some((s) => s === 43 || s === 44)));
    expect(await keysFor('sprint = "OPS Sprint 25"')).toEqual(siteIssues((i) => i.sprintIds.includes(44)));
    expect(await keysFor('filter = 10000')).toEqual(siteIssues((i) => i.projectKey === 'OPS'));
    expect(await keysFor('filter = "Filter for WEB board" AND statusCategory = Done')).toEqual(
      siteIssues((i) => i.projectKey === 'WEB' && category(i) === 'done'),
    );
  });

  it('issue keys, status categories, AND / OR / NOT and parentheses', async () => {
    expect(await keysFor('issuekey in (OPS-1, OPS-2, WEB-3)')).toEqual(['OPS-1', 'OPS-2', 'WEB-3']);
    expect(await keysFor('key = OPS-3')).toEqual(['OPS-3']);
    expect(await keysFor('project = WEB AND statusCategory != Done')).toEqual(siteIssues((i) => i.projectKey === 'WEB' && category(i) !== 'done'));
    expect(await keysFor('project = OPS AND statusCategory in ("To Do", "In Progress")')).toEqual(
      siteIssues((i) => i.projectKey === 'OPS' && category(i) !== 'done'),
    );
    expect(await keysFor('project = OPS AND (statusCategory = Done OR sprint = 43) AND NOT type = Epic')).toEqual(
      siteIssues((i) => i.projectKey === 'OPS' && (category(i) === 'done' || i.sprintIds.includes(43)) && i.issueTypeId !== '10000'),
    );
  });

  it('dates, absolute and relative to the site clock', async () => {
    const since = (at: string, iso: string) => Date.parse(at) >= Date.parse(iso);
    expect(await keysFor('project = OPS AND updated >= "2026-10-01"')).toEqual(siteIssues((i) => i.projectKey === 'OPS' && since(i.updated, '2026-10-01T00:00:00Z')));
    const monthAgo = new Date(Date.parse(server.site.now) - 30 * 86_400_000).toISOString();
    expect(await keysFor('project = WEB AND updated >= -30d')).toEqual(siteIssues((i) => i.projectKey === 'WEB' && since(i.updated, monthAgo)));
    expect(await keysFor('project = OPS AND resolved >= "2026/11/01"')).toEqual(
      siteIssues((i) => i.projectKey === 'OPS' && i.resolutiondate !== null && since(i.resolutiondate, '2026-11-01T00:00:00Z')),
    );
  });

  it('orders by the ORDER BY clause', async () => {
    const page = await search(server, ADMIN_ACCOUNT_ID, { jql: 'project = OPS ORDER BY created ASC', fields: ['created'], maxResults: 100 });
    const created = page.issues.map((i) => Date.parse(String(i.fields?.['created'])));
    expect(created).toEqual([...created].sort((a, b) => a - b));
    const byKey = await search(server, ADMIN_ACCOUNT_ID, { jql: 'issuekey in (OPS-2, OPS-10, OPS-1) ORDER BY key DESC', fields: ['summary'] });
    expect(byKey.issues.map((i) => i.key)).toEqual(['OPS-10', 'OPS-2', 'OPS-1']);
  });

  it('answers 400 with Jira messages to what it cannot run', async () => {
    expect(await rejected('ORDER BY key')).toEqual(['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.']);
    expect(await rejected('')).toHaveLength(1);
    expect(await rejected('colour = red')).toEqual(["Field 'colour' does not exist or you do not have permission to view it."]);
    expect(await rejected('project = NOPE')).toEqual(["The value 'NOPE' does not exist for the field 'project'."]);
    expect(await rejected('issuekey in (OPS-1, OPS-99999)')).toEqual(["An issue with key 'OPS-99999' does not exist for field 'issuekey'."]);
    expect(await rejected('project = OPS AND')).toEqual(['Error in the JQL Query: Expecting a field name but got the end of the query. (line 1, character 18)']);
    expect((await rejected('updated >= "last tuesday"'))[0]).toMatch(/^Date value 'last tuesday' for field 'updated' is invalid/);
    expect((await rejected('sprint in mySprints()'))[0]).toMatch(/^Unable to find JQL function 'mySprints\(\)'/);
    expect(await rejected('project > OPS')).toEqual(["The operator '>' is not supported by the 'project' field."]);
    expect(await rejected('project = OPS ORDER BY labels')).toEqual(["Field 'labels' does not support sorting."]);
  });

  it('only ever returns issues the caller may browse', async () => {
    const dan = await searchAll(server, DEV_ACCOUNT_ID, { jql: 'updated >= "2020-01-01"', fields: ['project'], maxResults: 100 });
    expect(dan.length).toBe(siteIssues((i) => i.projectKey !== 'SEC').length);
    expect(dan.every((i) => !(i.key ?? '').startsWith('SEC-'))).toBe(true);
  });
});

describe('the removed search', () => {
  it('/rest/api/3/search and /search/id answer 410, as Jira has since CHANGE-2046', async () => {
    const api = client(server, ADMIN_ACCOUNT_ID);
    for (const reply of [await api.get('/rest/api/3/search?jql=project%20%3D%20OPS'), await api.post('/rest/api/3/search', { jql: 'project = OPS' }), await api.post('/rest/api/3/search/id', { jql: 'project = OPS' })]) {
      expect(reply.status).toBe(410);
      expect(errorMessages(reply)).toEqual([
        'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
      ]);
    }
  });
});
