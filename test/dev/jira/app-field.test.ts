import { startJiraServer, type JiraServer } from '../../../dev/jira/server';
import {
  ADMIN_ACCOUNT_ID,
  APP_ACCOUNT_ID,
  DEV_ACCOUNT_ID,
  STORY_POINTS_FIELD_ID,
  WORK_CATEGORY_FIELD_ID,
  createDemoSite,
  requireIssue,
} from '../../../dev/jira/site';
import { client, errorMessages, searchAll } from './support';

/**
 * The app's "Work category" field: only the app writes it (PUT per field, POST for several), every write is counted
 * (so tests can assert "only on change"), generateChangelog=false leaves no history, and JQL can search it.
 */

let server: JiraServer;

beforeAll(async () => {
  server = await startJiraServer();
});

beforeEach(() => {
  server.site = createDemoSite();
  server.requests.clear();
});

afterAll(() => server.close());

const idOf = (key: string) => requireIssue(server.site, key).id;
const putPath = (generateChangelog?: boolean) =>
  `/rest/api/3/app/field/${WORK_CATEGORY_FIELD_ID}/value${generateChangelog === undefined ? '' : `?generateChangelog=${generateChangelog}`}`;

describe('who may write', () => {
  it.each([
    ['the admin', ADMIN_ACCOUNT_ID],
    ['a developer', DEV_ACCOUNT_ID],
  ])('%s gets 403 and nothing is stored', async (_who, accountId) => {
    const api = client(server, accountId);
    const put = await api.put(putPath(false), { updates: [{ issueIds: [Number(idOf('OPS-7'))], value: 'KTLO' }] });
    expect(put.status).toBe(403);
    const post = await api.post('/rest/api/3/app/field/value', { updates: [{ customField: WORK_CATEGORY_FIELD_ID, issueIds: [Number(idOf('OPS-7'))], value: 'KTLO' }] });
    expect(post.status).toBe(403);
    expect(server.site.appFieldWrites).toEqual([]);
    expect(requireIssue(server.site, 'OPS-7').customFields.has(WORK_CATEGORY_FIELD_ID)).toBe(false);
  });

  it('the app may not write fields it does not provide', async () => {
    const reply = await client(server, APP_ACCOUNT_ID).put(`/rest/api/3/app/field/${STORY_POINTS_FIELD_ID}/value`, { updates: [{ issueIds: [Number(idOf('OPS-7'))], value: 5 }] });
    expect(reply.status).toBe(403);
    const unknown = await client(server, APP_ACCOUNT_ID).put('/rest/api/3/app/field/customfield_99999/value', { updates: [{ issueIds: [Number(idOf('OPS-7'))], value: 'KTLO' }] });
    expect(unknown.status).toBe(404);
  });
});

describe('the app writes', () => {
  it('one field for several issues, without a changelog, and every write is counted', async () => {
    const app = client(server, APP_ACCOUNT_ID);
    const ids = ['OPS-7', 'OPS-8'].map(idOf);
    const historyBefore = requireIssue(server.site, 'OPS-7').changelog.length;
    const updatedBefore = requireIssue(server.site, 'OPS-7').updated;
    expect((await app.put(putPath(false), { updates: [{ issueIds: ids.map(Number), value: 'KTLO' }] })).status).toBe(204);
    expect(server.site.appFieldWrites.map((w) => [w.issueId, w.value, w.generateChangelog])).toEqual(ids.map((id) => [id, 'KTLO', false]));
    expect(requireIssue(server.site, 'OPS-7').customFields.get(WORK_CATEGORY_FIELD_ID)).toBe('KTLO');
    expect(requireIssue(server.site, 'OPS-7').changelog).toHaveLength(historyBefore);
    expect(requireIssue(server.site, 'OPS-7').updated).toBe(updatedBefore);
    // Writing the same value again is still a write: a client that skips unchanged values is what tests look for.
    expect((await app.put(putPath(false), { updates: [{ issueIds: [ids[0]], value: 'KTLO' }] })).status).toBe(204);
    expect(server.site.appFieldWrites).toHaveLength(3);
    expect(server.requests.count({ method: 'PUT', path: '/rest/api/3/app/field/' })).toBe(2);
  });

  it('several values in one POST', async () => {
    const app = client(server, APP_ACCOUNT_ID);
    const reply = await app.post('/rest/api/3/app/field/value?generateChangelog=false', {
      updates: [
        { customField: WORK_CATEGORY_FIELD_ID, issueIds: [Number(idOf('WEB-5')), Number(idOf('WEB-6'))], value: 'KTLO' },
        { customField: WORK_CATEGORY_FIELD_ID, issueIds: [idOf('WEB-7')], value: 'Project' },
      ],
    });
    expect(reply.status).toBe(204);
    expect(server.site.appFieldWrites.map((w) => w.value)).toEqual(['KTLO', 'KTLO', 'Project']);
  });

  it('records a changelog entry when generateChangelog is left at its default', async () => {
    await client(server, APP_ACCOUNT_ID).put(putPath(), { updates: [{ issueIds: [Number(idOf('OPS-9'))], value: 'Project' }] });
    const last = requireIssue(server.site, 'OPS-9').changelog.at(-1);
    expect(last?.authorAccountId).toBe(APP_ACCOUNT_ID);
    expect(last?.items).toEqual([{ field: 'Work category', fieldtype: 'custom', fieldId: WORK_CATEGORY_FIELD_ID, from: null, fromString: null, to: null, toString: 'Project' }]);
    expect(requireIssue(server.site, 'OPS-9').updated).toBe(server.site.now);
  });

  it('clears the value with null', async () => {
    const app = client(server, APP_ACCOUNT_ID);
    await app.put(putPath(false), { updates: [{ issueIds: [Number(idOf('OPS-9'))], value: 'KTLO' }] });
    await app.put(putPath(false), { updates: [{ issueIds: [Number(idOf('OPS-9'))], value: null }] });
    expect(requireIssue(server.site, 'OPS-9').customFields.has(WORK_CATEGORY_FIELD_ID)).toBe(false);
  });

  it('all or nothing: an invalid update stores none of the request', async () => {
    const app = client(server, APP_ACCOUNT_ID);
    const cases: unknown[] = [
      { updates: [{ issueIds: [Number(idOf('OPS-7'))], value: 'KTLO' }, { issueIds: [99999999], value: 'KTLO' }] },
      { updates: [{ issueIds: [Number(idOf('OPS-7'))], value: 'KTLO' }, { issueIds: [Number(idOf('OPS-8'))], value: 42 }] },
      { updates: [{ issueIds: [Number(idOf('OPS-7'))], value: 'x'.repeat(256) }] },
      { updates: [{ issueIds: [Number(idOf('OPS-7'))] }] },
      { updates: [{ issueIds: ['OPS-7'], value: 'KTLO' }] },
    ];
    for (const body of cases) expect((await app.put(putPath(false), body)).status).toBe(400);
    const duplicate = await app.post('/rest/api/3/app/field/value', {
      updates: [
        { customField: WORK_CATEGORY_FIELD_ID, issueIds: [Number(idOf('OPS-7'))], value: 'KTLO' },
        { customField: WORK_CATEGORY_FIELD_ID, issueIds: [Number(idOf('OPS-7'))], value: 'Project' },
      ],
    });
    expect(duplicate.status).toBe(400);
    expect(errorMessages(duplicate)[0]).toMatch(/more than once/);
    expect(server.site.appFieldWrites).toEqual([]);
  });
});

describe('searching the field', () => {
  it('by name, by cf[id], by EMPTY, and returning its value', async () => {
    const app = client(server, APP_ACCOUNT_ID);
    await app.post('/rest/api/3/app/field/value?generateChangelog=false', {
      updates: [
        { customField: WORK_CATEGORY_FIELD_ID, issueIds: ['OPS-7', 'OPS-8'].map(idOf).map(Number), value: 'KTLO' },
        { customField: WORK_CATEGORY_FIELD_ID, issueIds: [Number(idOf('OPS-9'))], value: 'Project' },
      ],
    });
    const keys = async (jql: string) => (await searchAll(server, DEV_ACCOUNT_ID, { jql, fields: [WORK_CATEGORY_FIELD_ID], maxResults: 100 })).map((i) => i.key).sort();
    expect(await keys('"Work category" = KTLO')).toEqual(['OPS-7', 'OPS-8']);
    expect(await keys('cf[10100] in (KTLO, Project)')).toEqual(['OPS-7', 'OPS-8', 'OPS-9']);
    // As everywhere in JQL, != does not match issues where the field is empty.
    expect(await keys('project = OPS AND "Work category" != KTLO')).toEqual(['OPS-9']);
    const unset = await keys('project = OPS AND "work category" is EMPTY');
    expect(unset).toHaveLength([...server.site.issues.values()].filter((i) => i.projectKey === 'OPS').length - 3);
    const [issue] = await searchAll(server, DEV_ACCOUNT_ID, { jql: 'key = OPS-7', fields: [WORK_CATEGORY_FIELD_ID] });
    expect(issue?.fields).toEqual({ [WORK_CATEGORY_FIELD_ID]: 'KTLO' });
  });
});
