import { z } from 'zod';
import { softwareIssuePageSchema } from '../../../dev/jira/agile-schemas';
import { DEFAULT_BEHAVIOUR } from '../../../dev/jira/behaviour';
import { startJiraServer, type JiraServer } from '../../../dev/jira/server';
import {
  ADMIN_ACCOUNT_ID,
  APP_ACCOUNT_ID,
  DEMO_SPRINT_IDS,
  DEV_ACCOUNT_ID,
  MEMBER_PERMISSIONS,
  WORK_CATEGORY_FIELD_ID,
  addBoard,
  addIssue,
  addProject,
  addSprint,
  addToSprint,
  emptySite,
  issueTypeById,
  statusById,
  transition,
  type Issue,
  type Site,
} from '../../../dev/jira/site';
import { client, errorMessages, search, searchPageSchema } from './support';

/**
 * The enhanced Jira Software issue lists (/rest/software/1.0) and the behaviour the server shares with search/jql:
 * signed, expiring token paging; page sizes that depend on the fields asked; half-list paging; an eventually consistent
 * index that reconcileIssues sees past; issue bulkfetch's limit.
 */

let server: JiraServer;

beforeAll(async () => {
  server = await startJiraServer();
});

afterEach(() => {
  Object.assign(server.behaviour, DEFAULT_BEHAVIOUR);
});

afterAll(() => server.close());

const admin = () => client(server, ADMIN_ACCOUNT_ID);

async function page(path: string, as = admin()) {
  const reply = await as.get(path);
  if (reply.status !== 200) throw new Error(`${path} answered ${reply.status}: ${reply.text}`);
  expect(reply.body).not.toHaveProperty('startAt');
  expect(reply.body).not.toHaveProperty('maxResults');
  expect(reply.body).not.toHaveProperty('total');
  return softwareIssuePageSchema.parse(reply.body);
}

/** Every page of an enhanced list, as a client follows nextPageToken; the number of requests it took. */
async function walk(path: string, as = admin()): Promise<{ keys: string[]; pages: number; sizes: number[] }> {
  const keys: string[] = [];
  const sizes: number[] = [];
  let token: string | undefined;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const current = await page(token ? `${path}${separator}nextPageToken=${encodeURIComponent(token)}` : path, as);
    keys.push(...current.issues.map((i) => i.key));
    sizes.push(current.issues.length);
    if (current.isLast) expect(current.nextPageToken).toBeUndefined();
    else expect(current.nextPageToken).toEqual(expect.any(String));
    token = current.isLast ? undefined : current.nextPageToken;
  } while (token);
  return { keys, pages: sizes.length, sizes };
}

const level = (issue: Issue) => issueTypeById(server.site, issue.issueTypeId).hierarchyLevel;
const category = (issue: Issue) => statusById(server.site, issue.statusId).category;
const byRank = (issues: Issue[]) => [...issues].sort((a, b) => a.rank - b.rank).map((i) => i.key);
const issuesWhere = (where: (issue: Issue) => boolean) => [...server.site.issues.values()].filter(where);

describe('the eight lists hold what Jira documents, in rank order', () => {
  it("a board's issues: a scrum board's without epics, a kanban board's all", async () => {
    expect((await walk('/rest/software/1.0/board/1/issue?fields=summary')).keys).toEqual(byRank(issuesWhere((i) => i.projectKey === 'OPS' && level(i) < 1)));
    expect((await walk('/rest/software/1.0/board/2/issue?fields=summary')).keys).toEqual(byRank(issuesWhere((i) => i.projectKey === 'WEB')));
  });

  it('a sprint, through its board or on its own, with the agile fields', async () => {
    const expected = byRank(issuesWhere((i) => i.sprintIds.includes(DEMO_SPRINT_IDS.active)));
    const viaBoard = await walk(`/rest/software/1.0/board/1/sprint/${DEMO_SPRINT_IDS.active}/issue`);
    expect(viaBoard.keys).toEqual(expected);
    expect((await walk(`/rest/software/1.0/sprint/${DEMO_SPRINT_IDS.active}/issue`)).keys).toEqual(expected);
    const first = await page(`/rest/software/1.0/sprint/${DEMO_SPRINT_IDS.active}/issue?maxResults=1`);
    expect(first.issues[0]?.fields).toEqual(expect.objectContaining({ sprint: expect.objectContaining({ id: DEMO_SPRINT_IDS.active }), flagged: expect.any(Boolean) }));
  });

  it('the backlog: incomplete issues in no active or future sprint', async () => {
    const open = (i: Issue) => i.sprintIds.some((id) => server.site.sprints.get(id)?.state !== 'closed');
    const expected = byRank(issuesWhere((i) => i.projectKey === 'OPS' && level(i) < 1 && category(i) !== 'done' && !open(i)));
    expect(expected.length).toBeGreaterThan(0);
    expect((await walk('/rest/software/1.0/board/1/backlog?fields=summary')).keys).toEqual(expected);
  });

  it("an epic's issues, on a board and on their own; issues without an epic", async () => {
    const epic = issuesWhere((i) => i.projectKey === 'OPS' && level(i) === 1)[0];
    if (!epic) throw new Error('the demo site has no OPS epic');
    const children = byRank(issuesWhere((i) => i.parentId === epic.id));
    expect(children.length).toBeGreaterThan(0);
    expect((await walk(`/rest/software/1.0/board/1/epic/${epic.id}/issue?fields=summary`)).keys).toEqual(children);
    expect((await walk(`/rest/software/1.0/epic/${epic.key}/issue?fields=summary`)).keys).toEqual(children);
    const noEpic = (i: Issue) => level(i) === 0 && (i.parentId === null || level(server.site.issues.get(i.parentId) as Issue) !== 1);
    expect((await walk('/rest/software/1.0/board/1/epic/none/issue?fields=summary')).keys).toEqual(byRank(issuesWhere((i) => i.projectKey === 'OPS' && noEpic(i))));
    expect((await walk('/rest/software/1.0/epic/none/issue?fields=summary', client(server, DEV_ACCOUNT_ID))).keys.sort()).toEqual(
      issuesWhere((i) => i.projectKey !== 'SEC' && noEpic(i))
        .map((i) => i.key)
        .sort(),
    );
    expect((await admin().get('/rest/software/1.0/epic/OPS-999999/issue')).status).toBe(404);
  });

  it('narrowed and ordered by jql, fields as asked', async () => {
    const result = await page(`/rest/software/1.0/board/1/issue?fields=summary,status&jql=${encodeURIComponent('statusCategory = Done ORDER BY created DESC, key ASC')}`);
    expect(result.issues.length).toBeGreaterThan(0);
    for (const issue of result.issues) expect(Object.keys(issue.fields).sort()).toEqual(['status', 'summary']);
    const created = result.issues.map((i) => Date.parse(server.site.issues.get(i.id)?.created ?? ''));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect((await admin().get('/rest/software/1.0/board/1/issue?jql=bogus%20%3D%201')).status).toBe(400);
  });

  it('Jira answers: 404 for a board or sprint nobody may see, 400 for a kanban sprint list', async () => {
    const dan = client(server, DEV_ACCOUNT_ID);
    for (const path of ['/rest/software/1.0/board/3/issue', '/rest/software/1.0/board/999/backlog', '/rest/software/1.0/sprint/999/issue', '/rest/software/1.0/board/1/sprint/999/issue']) {
      expect([path, (await dan.get(path)).status]).toEqual([path, 404]);
    }
    const kanban = await dan.get(`/rest/software/1.0/board/2/sprint/${DEMO_SPRINT_IDS.active}/issue`);
    expect(kanban.status).toBe(400);
    expect(errorMessages(kanban)).toEqual(['The board does not support sprints']);
  });

  it('approximate counts equal the lists they count', async () => {
    const count = z.strictObject({ count: z.number().int() });
    expect(count.parse((await admin().get('/rest/software/1.0/board/1/issue/approximate-count')).body).count).toBe((await walk('/rest/software/1.0/board/1/issue?fields=id')).keys.length);
    const jql = encodeURIComponent('issuetype = Bug');
    expect(count.parse((await admin().get(`/rest/software/1.0/board/1/backlog/approximate-count?jql=${jql}`)).body).count).toBe(
      (await walk(`/rest/software/1.0/board/1/backlog?fields=id&jql=${jql}`)).keys.length,
    );
  });
});

describe('page tokens', () => {
  const path = '/rest/software/1.0/board/1/issue?fields=summary&maxResults=5';

  async function secondPageToken(): Promise<string> {
    const first = await page(path);
    if (!first.nextPageToken) throw new Error('expected a second page');
    return first.nextPageToken;
  }

  it('a forged or altered token is a 400', async () => {
    const token = await secondPageToken();
    const [payload] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ s: 'x', o: 0, e: Date.now() + 60_000 })).toString('base64url')}.${token.split('.')[1] ?? ''}`;
    for (const bad of ['garbage', `${payload ?? ''}.AAAA`, forged, `${token}x`]) {
      const reply = await admin().get(`${path}&nextPageToken=${encodeURIComponent(bad)}`);
      expect([bad, reply.status]).toEqual([bad, 400]);
      expect(errorMessages(reply)).toEqual(['The provided next page token is invalid or expired.']);
    }
  });

  it('a token from another list or another query is a 400', async () => {
    const token = encodeURIComponent(await secondPageToken());
    expect((await admin().get(`/rest/software/1.0/board/2/issue?fields=summary&nextPageToken=${token}`)).status).toBe(400);
    expect((await admin().get(`${path}&jql=issuetype%20%3D%20Bug&nextPageToken=${token}`)).status).toBe(400);
    const searchToken = (await search(server, ADMIN_ACCOUNT_ID, { jql: 'project = OPS', maxResults: 5 })).nextPageToken;
    expect((await admin().get(`${path}&nextPageToken=${encodeURIComponent(searchToken ?? '')}`)).status).toBe(400);
  });

  it('an expired token is a 400, on the enhanced lists and on search/jql', async () => {
    server.behaviour.pageTokenTtlMs = 50;
    const token = await secondPageToken();
    const searchToken = (await search(server, ADMIN_ACCOUNT_ID, { jql: 'project = OPS', maxResults: 5 })).nextPageToken;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await admin().get(`${path}&nextPageToken=${encodeURIComponent(token)}`)).status).toBe(400);
    const expired = await admin().post('/rest/api/3/search/jql', { jql: 'project = OPS', maxResults: 5, nextPageToken: searchToken });
    expect(expired.status).toBe(400);
    expect(errorMessages(expired)).toEqual(['The provided next page token is invalid or expired.']);
  });

  it('the same token twice gives the same page', async () => {
    const token = encodeURIComponent(await secondPageToken());
    const again = await Promise.all([page(`${path}&nextPageToken=${token}`), page(`${path}&nextPageToken=${token}`)]);
    expect(again[0].issues.map((i) => i.key)).toEqual(again[1].issues.map((i) => i.key));
  });
});

/** A board of `count` issues, fast to build. */
function bigSite(count: number): Site {
  const site = emptySite();
  addProject(site, { key: 'BIG', name: 'Big', access: { [ADMIN_ACCOUNT_ID]: MEMBER_PERMISSIONS } });
  addBoard(site, { id: 1, name: 'BIG board', type: 'kanban', projectKey: 'BIG' });
  for (let n = 0; n < count; n++) addIssue(site, { project: 'BIG', type: 'Task', summary: `Task ${n}`, created: '2026-11-01T09:00:00.000Z' });
  return site;
}

describe('page sizes, as Jira grants them', () => {
  let big: JiraServer;

  beforeAll(async () => {
    big = await startJiraServer({ site: bigSite(5200) });
  });

  afterAll(() => big.close());

  async function bigPage(path: string) {
    const reply = await client(big, ADMIN_ACCOUNT_ID).get(path);
    if (reply.status !== 200) throw new Error(`${path}: ${reply.status} ${reply.text}`);
    return softwareIssuePageSchema.parse(reply.body);
  }

  it('enhanced lists: 50 by default, up to 5000 ids or keys only, 100 with a few fields, fewer with many', async () => {
    expect((await bigPage('/rest/software/1.0/board/1/issue?fields=summary')).issues).toHaveLength(50);
    expect((await bigPage('/rest/software/1.0/board/1/issue?fields=id&maxResults=10000')).issues).toHaveLength(5000);
    expect((await bigPage('/rest/software/1.0/board/1/issue?fields=key&maxResults=5000')).issues).toHaveLength(5000);
    expect((await bigPage('/rest/software/1.0/board/1/issue?fields=summary,status&maxResults=5000')).issues).toHaveLength(100);
    const all = (await bigPage('/rest/software/1.0/board/1/issue?maxResults=5000')).issues.length;
    expect(all).toBeLessThan(100);
    expect(all).toBeGreaterThanOrEqual(10);
  });

  it('search/jql alike', async () => {
    const ids = await search(big, ADMIN_ACCOUNT_ID, { jql: 'project = BIG', maxResults: 5000 });
    expect([ids.issues.length, ids.isLast]).toEqual([5000, false]);
    expect((await search(big, ADMIN_ACCOUNT_ID, { jql: 'project = BIG', fields: ['summary'], maxResults: 5000 })).issues).toHaveLength(100);
    expect((await search(big, ADMIN_ACCOUNT_ID, { jql: 'project = BIG', fields: ['*all'], maxResults: 5000 })).issues.length).toBeLessThan(100);
    expect((await search(big, ADMIN_ACCOUNT_ID, { jql: 'project = BIG' })).issues).toHaveLength(50);
  });
});

describe("'half' paging serves at most half a list a page, so paging loops run", () => {
  it('on the enhanced lists and search/jql, whatever maxResults asks', async () => {
    server.behaviour.paging = 'half';
    const sprint = issuesWhere((i) => i.sprintIds.includes(DEMO_SPRINT_IDS.active)).length;
    const walked = await walk(`/rest/software/1.0/sprint/${DEMO_SPRINT_IDS.active}/issue?fields=summary&maxResults=5000`);
    expect(walked.keys).toHaveLength(sprint);
    expect(walked.sizes[0]).toBe(Math.ceil(sprint / 2));
    expect(walked.pages).toBeGreaterThanOrEqual(2);
    const first = await search(server, ADMIN_ACCOUNT_ID, { jql: `sprint = ${DEMO_SPRINT_IDS.active}`, maxResults: 5000 });
    expect([first.issues.length, first.isLast]).toEqual([Math.ceil(sprint / 2), false]);
  });

  it('on agile lists (boards, sprints) and changelog bulkfetch', async () => {
    server.behaviour.paging = 'half';
    const boards = z.object({ maxResults: z.number(), isLast: z.boolean() }).parse((await admin().get('/rest/agile/1.0/board?maxResults=50')).body);
    expect([boards.maxResults, boards.isLast]).toEqual([2, false]);
    const changelogs = z
      .object({ issueChangeLogs: z.array(z.object({ changeHistories: z.array(z.unknown()) })), nextPageToken: z.string().optional() })
      .parse((await admin().post('/rest/api/3/changelog/bulkfetch', { issueIdsOrKeys: ['OPS-1', 'OPS-2'] })).body);
    expect(changelogs.nextPageToken).toEqual(expect.any(String));
  });
});

describe('eventual consistency: recent writes lag behind in the index, reconcileIssues reads them now', () => {
  let lagged: JiraServer;
  let site: Site;

  beforeEach(async () => {
    site = emptySite();
    addProject(site, { key: 'EC', name: 'Eventual', access: { [ADMIN_ACCOUNT_ID]: MEMBER_PERMISSIONS, [APP_ACCOUNT_ID]: MEMBER_PERMISSIONS } });
    addBoard(site, { id: 1, name: 'EC board', type: 'scrum', projectKey: 'EC' });
    addSprint(site, { id: 1, boardId: 1, name: 'EC 1', state: 'active', startDate: '2026-11-20T09:00:00.000Z', endDate: '2026-12-04T09:00:00.000Z' });
    addIssue(site, { project: 'EC', type: 'Task', summary: 'Indexed', created: '2026-11-20T09:00:00.000Z', sprints: [{ at: '2026-11-20T09:00:00.000Z', sprintId: 1 }] });
    lagged = await startJiraServer({ site, behaviour: { indexLagMs: 60_000 } });
  });

  afterEach(() => lagged.close());

  const sprintPath = '/rest/software/1.0/board/1/sprint/1/issue?fields=summary,status,' + WORK_CATEGORY_FIELD_ID;

  async function sprintKeys(query = ''): Promise<string[]> {
    const reply = await client(lagged, ADMIN_ACCOUNT_ID).get(`${sprintPath}${query}`);
    return softwareIssuePageSchema.parse(reply.body).issues.map((i) => i.key);
  }

  it('the site as built is indexed; a new issue is invisible until reconciled, or until the lag has passed', async () => {
    const added = addIssue(site, { project: 'EC', type: 'Bug', summary: 'New', created: site.now });
    addToSprint(site, added.key, 1, site.now, ADMIN_ACCOUNT_ID);
    expect(await sprintKeys()).toEqual(['EC-1']);
    expect(await sprintKeys(`&reconcileIssues=${added.id}`)).toEqual(['EC-1', 'EC-2']);
    const count = await client(lagged, ADMIN_ACCOUNT_ID).get('/rest/software/1.0/board/1/issue/approximate-count');
    expect(count.body).toEqual({ count: 1 });
    expect((await search(lagged, ADMIN_ACCOUNT_ID, { jql: 'project = EC' })).issues.map((i) => i.id)).toEqual([site.issueIdsByKey.get('EC-1')]);
    expect((await search(lagged, ADMIN_ACCOUNT_ID, { jql: 'project = EC', reconcileIssues: [Number(added.id)] })).issues).toHaveLength(2);
    lagged.behaviour.indexLagMs = 0;
    expect(await sprintKeys()).toEqual(['EC-1', 'EC-2']);
  });

  it('a changed issue is listed as it was, matched by what it was', async () => {
    const issue = site.issues.get(site.issueIdsByKey.get('EC-1') ?? '');
    if (!issue) throw new Error('EC-1 missing');
    transition(site, 'EC-1', 'Done', site.now, ADMIN_ACCOUNT_ID);
    const status = async (query: string) => {
      const reply = await client(lagged, ADMIN_ACCOUNT_ID).get(`${sprintPath}${query}`);
      return softwareIssuePageSchema.parse(reply.body).issues.map((i) => z.object({ name: z.string() }).parse(i.fields['status']).name);
    };
    expect(await status('')).toEqual(['To Do']);
    expect(await status(`&jql=${encodeURIComponent('statusCategory = Done')}`)).toEqual([]);
    expect(await status(`&jql=${encodeURIComponent('statusCategory = Done')}&reconcileIssues=${issue.id}`)).toEqual(['Done']);
  });

  it("the app's field writes lag too, and bulkfetch reads them at once", async () => {
    const id = site.issueIdsByKey.get('EC-1') ?? '';
    const write = await client(lagged, APP_ACCOUNT_ID).put(`/rest/api/3/app/field/${WORK_CATEGORY_FIELD_ID}/value`, { updates: [{ issueIds: [Number(id)], value: 'KTLO' }] });
    expect(write.status).toBe(204);
    const listed = async (query: string) => softwareIssuePageSchema.parse((await client(lagged, APP_ACCOUNT_ID).get(`${sprintPath}${query}`)).body).issues[0]?.fields[WORK_CATEGORY_FIELD_ID];
    expect(await listed('')).toBeNull();
    expect(await listed(`&reconcileIssues=${id}`)).toBe('KTLO');
    const fetched = z
      .object({ issues: z.array(z.object({ fields: z.record(z.string(), z.unknown()) })) })
      .parse((await client(lagged, APP_ACCOUNT_ID).post('/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: [id], fields: [WORK_CATEGORY_FIELD_ID] })).body);
    expect(fetched.issues[0]?.fields[WORK_CATEGORY_FIELD_ID]).toBe('KTLO');
  });

  it('reconcileIssues takes at most 50 ids, as numbers, repeated or comma separated', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => 10001 + i);
    expect((await client(lagged, ADMIN_ACCOUNT_ID).get(`${sprintPath}&reconcileIssues=${ids.join(',')}`)).status).toBe(200);
    expect((await client(lagged, ADMIN_ACCOUNT_ID).get(`${sprintPath}&${ids.map((id) => `reconcileIssues=${id}`).join('&')}`)).status).toBe(200);
    const tooMany = await client(lagged, ADMIN_ACCOUNT_ID).get(`${sprintPath}&reconcileIssues=${[...ids, 99999].join(',')}`);
    expect(tooMany.status).toBe(400);
    expect(errorMessages(tooMany)).toEqual(['reconcileIssues accepts at most 50 issue ids, got 51.']);
    expect((await client(lagged, ADMIN_ACCOUNT_ID).get(`${sprintPath}&reconcileIssues=EC-1`)).status).toBe(400);
    const post = await client(lagged, ADMIN_ACCOUNT_ID).post('/rest/api/3/search/jql', { jql: 'project = EC', reconcileIssues: [...ids, 99999] });
    expect(post.status).toBe(400);
  });
});

describe('issue bulkfetch', () => {
  it('returns up to 100 issues in ascending id order, leaving out what the caller cannot see', async () => {
    const keys = ['WEB-2', 'OPS-3', 'SEC-1', 'OPS-1', 'NOPE-1'];
    const reply = await client(server, DEV_ACCOUNT_ID).post('/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: keys, fields: ['summary'] });
    const body = z.strictObject({ issues: z.array(z.object({ id: z.string(), key: z.string(), fields: z.record(z.string(), z.unknown()) })), issueErrors: z.array(z.unknown()) }).parse(reply.body);
    const ids = body.issues.map((i) => Number(i.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(body.issues.map((i) => i.key).sort()).toEqual(['OPS-1', 'OPS-3', 'WEB-2']);
    expect(body.issues.every((i) => Object.keys(i.fields).join() === 'summary')).toBe(true);
  });

  it('refuses more than 100 in one call', async () => {
    const keys = Array.from({ length: 101 }, (_, i) => `OPS-${i + 1}`);
    const reply = await admin().post('/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: keys });
    expect(reply.status).toBe(400);
    expect(errorMessages(reply)).toEqual(['You can request at most 100 issues in one call; this request has 101.']);
    expect((await admin().post('/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: keys.slice(0, 100), fields: ['id'] })).status).toBe(200);
  });
});

describe('search/jql also answers the platform approximate count', () => {
  it('counts what a search finds, and wants a bounded query', async () => {
    const found = await search(server, ADMIN_ACCOUNT_ID, { jql: 'project = WEB', maxResults: 5000 });
    expect(searchPageSchema.parse(found).isLast).toBe(true);
    expect((await admin().post('/rest/api/3/search/approximate-count', { jql: 'project = WEB' })).body).toEqual({ count: found.issues.length });
    expect((await admin().post('/rest/api/3/search/approximate-count', { jql: 'ORDER BY key' })).status).toBe(400);
  });
});

describe('a token lifetime of 0', () => {
  it('makes the second page of any list a 400, the first still answering', async () => {
    server.behaviour.pageTokenTtlMs = 0;
    const first = await page('/rest/software/1.0/board/1/issue?fields=summary&maxResults=5');
    const second = await admin().get(`/rest/software/1.0/board/1/issue?fields=summary&maxResults=5&nextPageToken=${encodeURIComponent(first.nextPageToken ?? '')}`);
    expect([first.issues.length, second.status]).toEqual([5, 400]);
  });
});

describe('assigning another site', () => {
  it('indexes it as built, and stops listening to the one before', async () => {
    const lagged = await startJiraServer({ site: emptySite(), behaviour: { indexLagMs: 60_000 } });
    try {
      const before = lagged.site;
      const next = emptySite();
      addProject(next, { key: 'NX', name: 'Next', access: { [ADMIN_ACCOUNT_ID]: MEMBER_PERMISSIONS } });
      addIssue(next, { project: 'NX', type: 'Task', summary: 'Built before', created: next.now });
      lagged.site = next;
      expect(before.writeListener).toBeNull();
      addIssue(next, { project: 'NX', type: 'Task', summary: 'Written after', created: next.now });
      const found = await search(lagged, ADMIN_ACCOUNT_ID, { jql: 'project = NX', fields: ['summary'] });
      expect(found.issues.map((i) => i.key)).toEqual(['NX-1']);
    } finally {
      await lagged.close();
    }
  });
});
