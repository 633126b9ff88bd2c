import { z } from 'zod';
import { agileBoardPageSchema, softwareIssuePageSchema } from '../../../dev/jira/agile-schemas';
import { startJiraServer, type JiraServer } from '../../../dev/jira/server';
import { ADMIN_ACCOUNT_ID, APP_ACCOUNT_ID, DEV_ACCOUNT_ID, grant, revoke } from '../../../dev/jira/site';
import { call, client, errorMessages, searchAll } from './support';

/** Who sees what: Dan never sees SEC by any route, /mypermissions answers per context, and credentials are required. */

let server: JiraServer;

beforeAll(async () => {
  server = await startJiraServer();
});

afterAll(() => server.close());

const secIssues = () => [...server.site.issues.values()].filter((i) => i.projectKey === 'SEC');

describe('Dan cannot see SEC', () => {
  it('by search, which treats the project as not existing', async () => {
    const reply = await client(server, DEV_ACCOUNT_ID).post('/rest/api/3/search/jql', { jql: 'project = SEC', fields: ['summary'] });
    expect(reply.status).toBe(400);
    expect(errorMessages(reply)).toEqual(["The value 'SEC' does not exist for the field 'project'."]);
    expect(reply.text).not.toMatch(/HSM|Pen test|suspicious/);
  });

  it('by key, id or a query that would match SEC issues', async () => {
    const [first] = secIssues();
    const api = client(server, DEV_ACCOUNT_ID);
    const byKey = await api.post('/rest/api/3/search/jql', { jql: `issuekey = ${first?.key}`, fields: ['summary'] });
    expect(byKey.status).toBe(400);
    expect(errorMessages(byKey)).toEqual([`An issue with key '${first?.key}' does not exist for field 'issuekey'.`]);
    const byText = await searchAll(server, DEV_ACCOUNT_ID, { jql: 'summary ~ "pen test" OR text ~ HSM OR created >= "2026-01-01"', fields: ['summary'], maxResults: 100 });
    expect(byText.some((i) => (i.key ?? '').startsWith('SEC-'))).toBe(false);
    const secSummaries = new Set(secIssues().map((i) => i.summary));
    expect(byText.some((i) => secSummaries.has(String(i.fields?.['summary'])))).toBe(false);
  });

  it('by changelog, which leaves the issues out', async () => {
    const ids = [...secIssues().map((i) => i.id), 'OPS-1'];
    const reply = await client(server, DEV_ACCOUNT_ID).post('/rest/api/3/changelog/bulkfetch', { issueIdsOrKeys: ids });
    expect(reply.status).toBe(200);
    const body = z.object({ issueChangeLogs: z.array(z.object({ issueId: z.string() })) }).parse(reply.body);
    expect(body.issueChangeLogs.map((c) => c.issueId)).toEqual([server.site.issueIdsByKey.get('OPS-1')]);
    const admin = await client(server, ADMIN_ACCOUNT_ID).post('/rest/api/3/changelog/bulkfetch', { issueIdsOrKeys: ids });
    expect(z.object({ issueChangeLogs: z.array(z.unknown()) }).parse(admin.body).issueChangeLogs.length).toBeGreaterThan(1);
  });

  it('by board: the SEC board is neither listed nor readable', async () => {
    const api = client(server, DEV_ACCOUNT_ID);
    const boards = agileBoardPageSchema.parse((await api.get('/rest/agile/1.0/board')).body);
    expect(boards.values.map((b) => b.id)).toEqual([1, 2]);
    for (const path of ['/rest/agile/1.0/board/3', '/rest/software/1.0/board/3/issue', '/rest/agile/1.0/board/3/configuration']) {
      const reply = await api.get(path);
      expect(reply.status).toBe(404);
      expect(errorMessages(reply)).toEqual(['Board does not exist or you do not have permission to see it.']);
    }
    const projectFilter = await api.get('/rest/agile/1.0/board?projectKeyOrId=SEC');
    expect(projectFilter.status).toBe(400);
  });

  it('through a saved filter over SEC', async () => {
    const reply = await client(server, DEV_ACCOUNT_ID).post('/rest/api/3/search/jql', { jql: 'filter = 10002', fields: ['summary'] });
    expect(reply.status).toBe(400);
    expect(errorMessages(reply)).toEqual(["The value '10002' does not exist for the field 'filter'."]);
  });

  it('until someone grants him Browse Projects', async () => {
    grant(server.site, DEV_ACCOUNT_ID, 'SEC', ['BROWSE_PROJECTS']);
    try {
      const issues = await searchAll(server, DEV_ACCOUNT_ID, { jql: 'project = SEC', maxResults: 100 });
      expect(issues).toHaveLength(secIssues().length);
    } finally {
      revoke(server.site, DEV_ACCOUNT_ID, 'SEC', ['BROWSE_PROJECTS']);
    }
  });
});

describe('the app and the admin see everything', () => {
  it.each([ADMIN_ACCOUNT_ID, APP_ACCOUNT_ID])('%s', async (accountId) => {
    const issues = await searchAll(server, accountId, { jql: 'project in (OPS, WEB, SEC)', maxResults: 1000 });
    expect(issues).toHaveLength(server.site.issues.size);
  });

  it('the app reads the SEC board too', async () => {
    const page = softwareIssuePageSchema.parse((await client(server, APP_ACCOUNT_ID).get('/rest/software/1.0/board/3/issue?fields=summary&maxResults=100')).body);
    expect([page.issues.length, page.isLast]).toEqual([secIssues().length, true]);
  });
});

describe('mypermissions', () => {
  const permissionsSchema = z.object({
    permissions: z.record(z.string(), z.object({ key: z.string(), havePermission: z.boolean(), type: z.enum(['GLOBAL', 'PROJECT']), id: z.string(), name: z.string() })),
  });

  async function held(as: string, query: string): Promise<Record<string, boolean>> {
    const reply = await client(server, as).get(`/rest/api/3/mypermissions?${query}`);
    expect(reply.status).toBe(200);
    return Object.fromEntries(Object.entries(permissionsSchema.parse(reply.body).permissions).map(([k, v]) => [k, v.havePermission]));
  }

  const ALL = 'permissions=ADMINISTER,ADMINISTER_PROJECTS,BROWSE_PROJECTS,EDIT_ISSUES';

  it('answers for the admin everywhere', async () => {
    expect(await held(ADMIN_ACCOUNT_ID, `${ALL}&projectKey=SEC`)).toEqual({ ADMINISTER: true, ADMINISTER_PROJECTS: true, BROWSE_PROJECTS: true, EDIT_ISSUES: true });
  });

  it('answers for Dan per project, issue and globally', async () => {
    const none = { ADMINISTER: false, ADMINISTER_PROJECTS: false };
    expect(await held(DEV_ACCOUNT_ID, `${ALL}&projectKey=OPS`)).toEqual({ ...none, BROWSE_PROJECTS: true, EDIT_ISSUES: true });
    expect(await held(DEV_ACCOUNT_ID, `${ALL}&projectId=10001`)).toEqual({ ...none, BROWSE_PROJECTS: true, EDIT_ISSUES: true });
    expect(await held(DEV_ACCOUNT_ID, `${ALL}&issueKey=WEB-5`)).toEqual({ ...none, BROWSE_PROJECTS: true, EDIT_ISSUES: true });
    // Without a context a project permission counts if held in any project.
    expect(await held(DEV_ACCOUNT_ID, ALL)).toEqual({ ...none, BROWSE_PROJECTS: true, EDIT_ISSUES: true });
  });

  it('answers 404 for a project or issue the caller cannot see, and 400 for bad requests', async () => {
    const api = client(server, DEV_ACCOUNT_ID);
    const sec = secIssues()[0];
    expect((await api.get('/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS&projectKey=SEC')).status).toBe(404);
    expect((await api.get(`/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS&issueKey=${sec?.key}`)).status).toBe(404);
    expect((await api.get(`/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS&issueId=${sec?.id}`)).status).toBe(404);
    expect((await api.get('/rest/api/3/mypermissions?projectKey=OPS')).status).toBe(400);
    expect((await api.get('/rest/api/3/mypermissions?permissions=FLY')).status).toBe(400);
  });
});

describe('authentication', () => {
  it('answers 401 with Jira\'s error body without credentials, or with an unknown email', async () => {
    const anonymous = await call(server, null, 'GET', '/rest/agile/1.0/board');
    expect(anonymous.status).toBe(401);
    expect(errorMessages(anonymous)).toEqual(['Client must be authenticated to access this resource.']);
    const stranger = await fetch(`${server.url}/rest/api/3/field`, { headers: { authorization: `Basic ${Buffer.from('eve@evil.test:token').toString('base64')}` } });
    expect(stranger.status).toBe(401);
    const bearer = await fetch(`${server.url}/rest/api/3/field`, { headers: { authorization: 'Bearer abc' } });
    expect(bearer.status).toBe(401);
  });

  it('accepts a known email with any token, case-insensitively', async () => {
    const reply = await fetch(`${server.url}/rest/api/3/field`, { headers: { authorization: `Basic ${Buffer.from('Dev.Dan@Demo.Test:whatever').toString('base64')}` } });
    expect(reply.status).toBe(200);
    expect(server.authorizationFor(DEV_ACCOUNT_ID)).toMatch(/^Basic /);
    expect(() => server.authorizationFor('nobody')).toThrow();
  });
});
