import type { z } from 'zod';
import {
  agileBoardPageSchema,
  agileBoardSchema,
  agileEpicPageSchema,
  agileIssuePageSchema,
  agileSprintPageSchema,
  boardConfigurationSchema,
  softwareIssuePageSchema,
} from '../../../dev/jira/agile-schemas';
import { startJiraServer, type JiraServer } from '../../../dev/jira/server';
import { ADMIN_ACCOUNT_ID, APP_ACCOUNT_ID, DEMO_SPRINT_IDS, DEV_ACCOUNT_ID, WORK_CATEGORY_FIELD_ID, issueTypeById, type Issue } from '../../../dev/jira/site';
import { expectValid, platformSpec, supplementSpec, type OpenApiSpec } from './openapi';
import { client, searchPageSchema } from './support';

/**
 * The local server answers in the shapes Jira Cloud documents: platform responses against the response schemas of
 * jira-platform.v3.json (with every $ref resolved), the enhanced Jira Software operations against our supplement
 * (spec/jira-software-enhanced.json), agile responses against the zod schemas written from the Jira Software
 * document's examples.
 */

let server: JiraServer;
let spec: OpenApiSpec;
let supplement: OpenApiSpec;

beforeAll(async () => {
  spec = platformSpec();
  supplement = supplementSpec();
  server = await startJiraServer();
});

afterAll(() => server.close());

function expectShape<T>(schema: z.ZodType<T>, data: unknown): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new Error(`agile response does not match:\n${JSON.stringify(parsed.error.issues.slice(0, 5), null, 2)}`);
  return parsed.data;
}

describe('platform responses match jira-platform.v3.json', () => {
  it('search/jql with every field, names and schema', async () => {
    const request = { jql: 'project = OPS ORDER BY key ASC', fields: ['*all'], expand: 'names,schema', maxResults: 100 };
    expectValid(spec.request('post', '/rest/api/3/search/jql'), request, 'the test request');
    const reply = await client(server, ADMIN_ACCOUNT_ID).post('/rest/api/3/search/jql', request);
    expect(reply.status).toBe(200);
    expectValid(spec.response('post', '/rest/api/3/search/jql', '200'), reply.body, 'POST search/jql');
    const page = searchPageSchema.parse(reply.body);
    // Every field makes a small page: fewer than the 100 asked, and more to come.
    expect(page.issues.length).toBeGreaterThan(10);
    expect(page.issues.length).toBeLessThan(100);
    expect(page.isLast).toBe(false);
    // The issue bean's fields are free-form in the schema: hold the objects inside them to their own schemas.
    const checks: [string, string][] = [
      ['status', 'StatusDetails'],
      ['issuetype', 'IssueTypeDetails'],
      ['priority', 'Priority'],
      ['project', 'ProjectDetails'],
      ['resolution', 'Resolution'],
      ['assignee', 'UserDetails'],
      ['reporter', 'UserDetails'],
    ];
    for (const issue of page.issues) {
      for (const [field, component] of checks) {
        const value = issue.fields?.[field];
        if (value !== null && value !== undefined) expectValid(spec.component(component), value, `${issue.key} ${field}`);
      }
      const components = issue.fields?.['components'];
      for (const component of Array.isArray(components) ? components : []) {
        expectValid(spec.component('ProjectComponent'), component, `${issue.key} component`);
      }
    }
  });

  it('search/jql with no fields (ids only), via GET', async () => {
    const reply = await client(server, DEV_ACCOUNT_ID).get('/rest/api/3/search/jql?jql=project%20%3D%20WEB&maxResults=10');
    expect(reply.status).toBe(200);
    expectValid(spec.response('get', '/rest/api/3/search/jql', '200'), reply.body, 'GET search/jql');
  });

  it('field list', async () => {
    const reply = await client(server, DEV_ACCOUNT_ID).get('/rest/api/3/field');
    expect(reply.status).toBe(200);
    expectValid(spec.response('get', '/rest/api/3/field', '200'), reply.body, 'GET field');
  });

  it('mypermissions, and its 400 and 404', async () => {
    const api = client(server, DEV_ACCOUNT_ID);
    const ok = await api.get('/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS,EDIT_ISSUES,ADMINISTER_PROJECTS,ADMINISTER&projectKey=OPS');
    expect(ok.status).toBe(200);
    expectValid(spec.response('get', '/rest/api/3/mypermissions', '200'), ok.body, 'mypermissions');
    const missing = await api.get('/rest/api/3/mypermissions');
    expect(missing.status).toBe(400);
    expectValid(spec.response('get', '/rest/api/3/mypermissions', '400'), missing.body, 'mypermissions 400');
    const hidden = await api.get('/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS&projectKey=SEC');
    expect(hidden.status).toBe(404);
    expectValid(spec.response('get', '/rest/api/3/mypermissions', '404'), hidden.body, 'mypermissions 404');
  });

  it('changelog bulkfetch, with and without a field filter', async () => {
    const api = client(server, ADMIN_ACCOUNT_ID);
    const keys = Array.from({ length: 40 }, (_, i) => `OPS-${i + 1}`);
    for (const request of [{ issueIdsOrKeys: keys }, { issueIdsOrKeys: keys, fieldIds: ['status', 'customfield_10020'], maxResults: 25 }]) {
      expectValid(spec.request('post', '/rest/api/3/changelog/bulkfetch'), request, 'the test request');
      const reply = await api.post('/rest/api/3/changelog/bulkfetch', request);
      expect(reply.status).toBe(200);
      expectValid(spec.response('post', '/rest/api/3/changelog/bulkfetch', '200'), reply.body, 'changelog bulkfetch');
    }
  });

  it('app field writes take the documented request bodies and answer 204 with no body', async () => {
    const app = client(server, APP_ACCOUNT_ID);
    const single = { updates: [{ issueIds: [10001, 10002], value: 'KTLO' }] };
    expectValid(spec.request('put', '/rest/api/3/app/field/{fieldIdOrKey}/value'), single, 'the PUT body');
    const put = await app.put(`/rest/api/3/app/field/${WORK_CATEGORY_FIELD_ID}/value?generateChangelog=false`, single);
    expect(put.status).toBe(204);
    expect(put.text).toBe('');
    const multi = { updates: [{ customField: WORK_CATEGORY_FIELD_ID, issueIds: [10003], value: 'Project' }] };
    expectValid(spec.request('post', '/rest/api/3/app/field/value'), multi, 'the POST body');
    const post = await app.post('/rest/api/3/app/field/value?generateChangelog=false', multi);
    expect(post.status).toBe(204);
  });

  it('errors carry the ErrorCollection shape', async () => {
    const error = spec.component('ErrorCollection');
    const anonymous = await client(server, null).get('/rest/api/3/field');
    expect(anonymous.status).toBe(401);
    expectValid(error, anonymous.body, '401');
    const badJql = await client(server, ADMIN_ACCOUNT_ID).post('/rest/api/3/search/jql', { jql: 'project = = OPS' });
    expect(badJql.status).toBe(400);
    expectValid(error, badJql.body, 'JQL 400');
    const notApp = await client(server, ADMIN_ACCOUNT_ID).put(`/rest/api/3/app/field/${WORK_CATEGORY_FIELD_ID}/value`, { updates: [{ issueIds: [10001], value: 'KTLO' }] });
    expect(notApp.status).toBe(403);
    expectValid(error, notApp.body, '403');
  });
});

describe('the checks themselves', () => {
  it('reject drift, through resolved $refs', () => {
    const searchResult = spec.response('post', '/rest/api/3/search/jql', '200');
    expect(searchResult({ issues: [{ id: '10001' }], isLast: true })).toBe(true);
    expect(searchResult({ issues: [{ id: '10001' }], isLast: true, total: 1 })).toBe(false);
    expect(searchResult({ issues: [{ id: '10001' }], isLast: true, nextPageToken: null })).toBe(false);
    // IssueBean is only reachable through a $ref: an id that is not a string must fail.
    expect(searchResult({ issues: [{ id: 10001 }], isLast: true })).toBe(false);
    expect(spec.component('ChangeDetails')({ field: 'status', from: null })).toBe(false);
    expect(agileBoardSchema.safeParse({ id: 1, self: 'http://x/1', name: 'b', type: 'scrum', extra: true }).success).toBe(false);
  });
});

describe('agile responses match the Jira Software shapes', () => {
  it('board list with permissions and admins expanded, and one board', async () => {
    const api = client(server, ADMIN_ACCOUNT_ID);
    const list = expectShape(agileBoardPageSchema, (await api.get('/rest/agile/1.0/board?expand=permissions,admins')).body);
    expect(list.values.map((b) => b.id)).toEqual([1, 2, 3]);
    expect(list.values.every((b) => b.canEdit === true && b.admins !== undefined)).toBe(true);
    expectShape(agileBoardSchema, (await api.get('/rest/agile/1.0/board/1')).body);
  });

  it('board configuration, scrum and kanban', async () => {
    const api = client(server, ADMIN_ACCOUNT_ID);
    const scrum = expectShape(boardConfigurationSchema, (await api.get('/rest/agile/1.0/board/1/configuration')).body);
    expect(scrum.estimation).toEqual({ type: 'field', field: { fieldId: 'customfield_10016', displayName: 'Story point estimate' } });
    const kanban = expectShape(boardConfigurationSchema, (await api.get('/rest/agile/1.0/board/2/configuration')).body);
    expect(kanban.estimation).toBeUndefined();
  });

  it("a board's epics", async () => {
    const page = expectShape(agileEpicPageSchema, (await client(server, DEV_ACCOUNT_ID).get('/rest/agile/1.0/board/1/epic')).body);
    expect(page.values.length).toBeGreaterThan(0);
  });

  describe('the deprecated issue lists, while served', () => {
    beforeAll(() => {
      server.behaviour.agileIssueLists = 'served';
    });

    afterAll(() => {
      server.behaviour.agileIssueLists = 'gone';
    });

  it('sprints and sprint issues', async () => {
    const api = client(server, ADMIN_ACCOUNT_ID);
    expectShape(agileSprintPageSchema, (await api.get('/rest/agile/1.0/board/1/sprint')).body);
    for (const sprintId of [DEMO_SPRINT_IDS.closed[0], DEMO_SPRINT_IDS.active, DEMO_SPRINT_IDS.future]) {
      const page = expectShape(agileIssuePageSchema, (await api.get(`/rest/agile/1.0/board/1/sprint/${sprintId}/issue`)).body);
      expect(page.issues.length).toBeGreaterThan(0);
    }
  });

  it('kanban board issues', async () => {
    const page = expectShape(agileIssuePageSchema, (await client(server, DEV_ACCOUNT_ID).get('/rest/agile/1.0/board/2/issue?maxResults=50')).body);
    expect(page.issues).toHaveLength(50);
  });
  });
});

/** Path parameters of the demo site for every template in the supplement. */
function demoPath(template: string): string {
  const epic = [...server.site.issues.values()].find((i: Issue) => i.projectKey === 'OPS' && issueTypeById(server.site, i.issueTypeId).hierarchyLevel === 1);
  if (!epic) throw new Error('the demo site has no OPS epic');
  const values: Record<string, string> = { boardId: '1', sprintId: String(DEMO_SPRINT_IDS.active), epicId: epic.id, epicIdOrKey: epic.key };
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no demo value for {${name}}`);
    return value;
  });
}

function supplementOperations(): { path: string; method: string; operation: Record<string, unknown> }[] {
  const paths = supplement.spec['paths'];
  if (typeof paths !== 'object' || paths === null) throw new Error('the supplement has no paths');
  return Object.entries(paths).flatMap(([path, item]: [string, Record<string, Record<string, unknown>>]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
  );
}

describe('enhanced Jira Software responses match the supplement (spec/jira-software-enhanced.json)', () => {
  it('every operation it documents is served: 200, and 410 for the deprecated ones', async () => {
    const api = client(server, ADMIN_ACCOUNT_ID);
    const seen: [string, number][] = [];
    for (const { path, method, operation } of supplementOperations()) {
      const reply = method === 'get' ? await api.get(demoPath(path)) : await api.post(demoPath(path), { issueIdsOrKeys: ['OPS-1', 'OPS-2'] });
      seen.push([`${method} ${path}`, reply.status]);
      const status = operation['deprecated'] === true ? '410' : '200';
      expect([`${method} ${path}`, reply.status]).toEqual([`${method} ${path}`, Number(status)]);
      // The supplement records bulkfetch's limits only: its response is the platform document's.
      const documented = path.startsWith('/rest/api/3/') ? spec : supplement;
      expectValid(documented.response(method, path, status), reply.body, `${method.toUpperCase()} ${path}`);
    }
    expect(seen).toHaveLength(19);
  });

  it('list pages are SoftwareIssueResults of agile issues, with names and schema when expanded', async () => {
    const api = client(server, DEV_ACCOUNT_ID);
    const path = `/rest/software/1.0/board/1/sprint/${DEMO_SPRINT_IDS.active}/issue?expand=names,schema&maxResults=5`;
    const reply = await api.get(path);
    expectValid(supplement.response('get', '/rest/software/1.0/board/{boardId}/sprint/{sprintId}/issue', '200'), reply.body, path);
    const page = expectShape(softwareIssuePageSchema, reply.body);
    expect(page.issues).toHaveLength(5);
    expect(Object.keys(page.names ?? {})).toEqual(expect.arrayContaining(['summary', 'status']));
    expect(page.schema?.['status']).toEqual(expect.objectContaining({ type: 'status' }));
    for (const issue of page.issues) {
      for (const [field, component] of [['status', 'StatusDetails'], ['issuetype', 'IssueTypeDetails'], ['priority', 'Priority']] as const) {
        expectValid(spec.component(component), issue.fields[field], `${issue.key} ${field}`);
      }
    }
  });

  it('errors are ErrorCollections: a bad token, too many reconcileIssues, a kanban sprint list', async () => {
    const api = client(server, DEV_ACCOUNT_ID);
    const error = supplement.component('ErrorCollection');
    const tooMany = Array.from({ length: 51 }, (_, i) => `reconcileIssues=${10001 + i}`).join('&');
    for (const path of ['/rest/software/1.0/board/1/issue?nextPageToken=forged', `/rest/software/1.0/board/1/issue?${tooMany}`, `/rest/software/1.0/board/2/sprint/${DEMO_SPRINT_IDS.active}/issue`]) {
      const reply = await api.get(path);
      expect([path, reply.status]).toEqual([path, 400]);
      expectValid(error, reply.body, path);
    }
  });

  it('issue bulkfetch takes the documented body and answers BulkIssueResults', async () => {
    const request = { issueIdsOrKeys: ['OPS-1', '10002', 'SEC-1'], fields: ['summary', 'status'], expand: ['names'] };
    expectValid(spec.request('post', '/rest/api/3/issue/bulkfetch'), request, 'the platform request');
    expectValid(supplement.request('post', '/rest/api/3/issue/bulkfetch'), request, 'the supplement request');
    const reply = await client(server, DEV_ACCOUNT_ID).post('/rest/api/3/issue/bulkfetch', request);
    expect(reply.status).toBe(200);
    expectValid(spec.response('post', '/rest/api/3/issue/bulkfetch', '200'), reply.body, 'issue bulkfetch');
  });

  it('one issue and the approximate search count match the platform document', async () => {
    const api = client(server, DEV_ACCOUNT_ID);
    const issue = await api.get('/rest/api/3/issue/OPS-1');
    expect(issue.status).toBe(200);
    expectValid(spec.response('get', '/rest/api/3/issue/{issueIdOrKey}', '200'), issue.body, 'GET issue');
    const count = await api.post('/rest/api/3/search/approximate-count', { jql: 'project = OPS' });
    expect(count.status).toBe(200);
    expectValid(spec.response('post', '/rest/api/3/search/approximate-count', '200'), count.body, 'approximate-count');
  });
});
