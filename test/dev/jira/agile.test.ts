import { agileBoardPageSchema, agileIssuePageSchema, agileSprintPageSchema, boardConfigurationSchema } from '../../../dev/jira/agile-schemas';
import { startJiraServer, type JiraServer } from '../../../dev/jira/server';
import { ADMIN_ACCOUNT_ID, DEMO_SPRINT_IDS, DEV_ACCOUNT_ID, issueTypeById, requireIssue, statusById } from '../../../dev/jira/site';
import { client, errorMessages } from './support';

/**
 * The agile API: startAt/maxResults paging capped at 50, boards with canEdit, configuration, sprints, epics; the
 * deprecated issue lists 410 Gone by default, and as they were when a test asks for them to be served.
 */

let server: JiraServer;

beforeAll(async () => {
  server = await startJiraServer();
});

afterEach(() => server.faults.reset());

afterAll(() => server.close());

const admin = () => client(server, ADMIN_ACCOUNT_ID);
const dan = () => client(server, DEV_ACCOUNT_ID);

async function boards(as: ReturnType<typeof client>, query = '') {
  return agileBoardPageSchema.parse((await as.get(`/rest/agile/1.0/board${query}`)).body);
}

async function issues(path: string, as = admin()) {
  const reply = await as.get(path);
  if (reply.status !== 200) throw new Error(`${path} answered ${reply.status}: ${reply.text}`);
  return agileIssuePageSchema.parse(reply.body);
}

describe('boards', () => {
  it('page with startAt / maxResults and filter by type, project and name', async () => {
    const first = await boards(admin(), '?maxResults=1');
    expect([first.maxResults, first.total, first.isLast, first.values.map((b) => b.id)]).toEqual([1, 3, false, [1]]);
    const last = await boards(admin(), '?startAt=2');
    expect([last.isLast, last.values.map((b) => b.id)]).toEqual([true, [3]]);
    expect((await boards(admin(), '?maxResults=500')).maxResults).toBe(50);
    expect((await boards(admin(), '?type=kanban')).values.map((b) => b.id)).toEqual([2, 3]);
    expect((await boards(admin(), '?projectKeyOrId=WEB')).values.map((b) => b.id)).toEqual([2]);
    expect((await boards(admin(), '?projectKeyOrId=10000')).values.map((b) => b.id)).toEqual([1]);
    expect((await boards(admin(), '?name=sec')).values.map((b) => b.id)).toEqual([3]);
  });

  it('carry canEdit only when permissions are expanded: board admins and Jira admins', async () => {
    expect((await boards(dan())).values.every((b) => b.canEdit === undefined)).toBe(true);
    for (const expand of ['permission', 'permissions']) {
      const list = await boards(dan(), `?expand=${expand}`);
      expect(list.values.map((b) => [b.id, b.canEdit])).toEqual([
        [1, false],
        [2, true],
      ]);
    }
    expect((await boards(admin(), '?expand=permissions')).values.map((b) => b.canEdit)).toEqual([true, true, true]);
  });

  it('one board, and 404 for one that does not exist', async () => {
    expect((await admin().get('/rest/agile/1.0/board/1')).body).toMatchObject({ id: 1, name: 'OPS board', type: 'scrum', location: { projectKey: 'OPS' } });
    const missing = await admin().get('/rest/agile/1.0/board/999');
    expect(missing.status).toBe(404);
    expect(errorMessages(missing)).toEqual(['Board does not exist or you do not have permission to see it.']);
  });

  it('configuration: filter, columns with status mappings, estimation, WIP limits', async () => {
    const scrum = boardConfigurationSchema.parse((await dan().get('/rest/agile/1.0/board/1/configuration')).body);
    expect(scrum.filter.id).toBe('10000');
    expect(scrum.columnConfig.columns.map((c) => [c.name, c.statuses.map((s) => statusById(server.site, s.id).name)])).toEqual([
      ['To Do', ['To Do']],
      ['In Progress', ['In Progress']],
      ['In Review', ['In Review']],
      ['Done', ['Done', "Won't Do"]],
    ]);
    expect(scrum.estimation).toEqual({ type: 'field', field: { fieldId: 'customfield_10016', displayName: 'Story point estimate' } });
    const kanban = boardConfigurationSchema.parse((await dan().get('/rest/agile/1.0/board/2/configuration')).body);
    expect(kanban.filter.id).toBe('10001');
    expect(kanban.columnConfig.constraintType).toBe('issueCount');
    expect(kanban.columnConfig.columns.find((c) => c.name === 'In Progress')?.max).toBe(4);
  });
});

describe('sprints', () => {
  async function sprints(query = '') {
    return agileSprintPageSchema.parse((await admin().get(`/rest/agile/1.0/board/1/sprint${query}`)).body);
  }

  it('lists closed, then active, then future, filtered by state', async () => {
    const all = await sprints();
    expect(all.values.map((s) => [s.id, s.state])).toEqual([
      ...DEMO_SPRINT_IDS.closed.map((id) => [id, 'closed']),
      [DEMO_SPRINT_IDS.active, 'active'],
      [DEMO_SPRINT_IDS.future, 'future'],
    ]);
    expect((await sprints('?state=active,future')).values.map((s) => s.id)).toEqual([DEMO_SPRINT_IDS.active, DEMO_SPRINT_IDS.future]);
    expect((await sprints('?state=closed')).values).toHaveLength(6);
  });

  it('pages, capping maxResults at 50', async () => {
    const page = await sprints('?maxResults=3&startAt=3');
    expect([page.startAt, page.maxResults, page.total, page.isLast, page.values.map((s) => s.id)]).toEqual([3, 3, 8, false, [40, 41, 42]]);
    expect((await sprints('?maxResults=1000')).maxResults).toBe(50);
  });

  it('answers 400 for a kanban board or an unknown state', async () => {
    const kanban = await admin().get('/rest/agile/1.0/board/2/sprint');
    expect(kanban.status).toBe(400);
    expect(errorMessages(kanban)).toEqual(['The board does not support sprints']);
    expect((await admin().get('/rest/agile/1.0/board/1/sprint?state=open')).status).toBe(400);
  });
});

describe('the deprecated issue lists', () => {
  it.each([
    ['board/1/issue', 'board/{boardId}/issue'],
    ['board/1/backlog', 'board/{boardId}/backlog'],
    [`board/1/sprint/${DEMO_SPRINT_IDS.active}/issue`, 'board/{boardId}/sprint/{sprintId}/issue'],
    [`sprint/${DEMO_SPRINT_IDS.active}/issue`, 'sprint/{sprintId}/issue'],
    ['board/1/epic/none/issue', 'board/{boardId}/epic/none/issue'],
    ['board/1/epic/10001/issue', 'board/{boardId}/epic/{epicId}/issue'],
    ['epic/none/issue', 'epic/none/issue'],
    ['epic/OPS-1/issue', 'epic/{epicIdOrKey}/issue'],
  ])('/rest/agile/1.0/%s is 410 Gone by default, naming its replacement', async (path, replacement) => {
    const reply = await admin().get(`/rest/agile/1.0/${path}`);
    expect(reply.status).toBe(410);
    expect(errorMessages(reply)[0]).toContain(`Please migrate to the /rest/software/1.0/${replacement} API.`);
  });

  it('the rest of the agile API stays: boards, configuration, sprints, epics', async () => {
    for (const path of ['board', 'board/1', 'board/1/configuration', 'board/1/sprint', `sprint/${DEMO_SPRINT_IDS.active}`, 'board/1/epic']) {
      expect([path, (await admin().get(`/rest/agile/1.0/${path}`)).status]).toEqual([path, 200]);
    }
  });
});

describe('board issues, served as before the removal', () => {
  beforeAll(() => {
    server.behaviour.agileIssueLists = 'served';
  });

  afterAll(() => {
    server.behaviour.agileIssueLists = 'gone';
  });

  it("a sprint's issues in rank order, with agile fields", async () => {
    const page = await issues(`/rest/agile/1.0/board/1/sprint/${DEMO_SPRINT_IDS.active}/issue`);
    const expected = [...server.site.issues.values()].filter((i) => i.sprintIds.includes(DEMO_SPRINT_IDS.active));
    expect(page.issues.map((i) => i.key)).toEqual(expected.sort((a, b) => a.rank - b.rank).map((i) => i.key));
    expect(page.total).toBe(expected.length);
    const carried = page.issues.find((i) => Array.isArray(i.fields.closedSprints));
    expect(carried?.fields.closedSprints?.map((s) => s.id)).toEqual([42]);
    for (const issue of page.issues) {
      expect(issue.fields.sprint?.id).toBe(DEMO_SPRINT_IDS.active);
      expect(typeof issue.fields.description).toBe('string');
      const parent = requireIssue(server.site, issue.key).parentId;
      const parentIsEpic = parent !== null && issueTypeById(server.site, requireIssue(server.site, parent).issueTypeId).name === 'Epic';
      expect(issue.fields.epic?.key ?? null).toBe(parentIsEpic && parent ? requireIssue(server.site, parent).key : null);
    }
  });

  it('named fields only, narrowed and ordered by jql', async () => {
    const page = await issues(`/rest/agile/1.0/board/1/sprint/${DEMO_SPRINT_IDS.active}/issue?fields=summary,customfield_10016&jql=${encodeURIComponent('statusCategory = Done ORDER BY key DESC')}`);
    expect(page.issues.length).toBeGreaterThan(0);
    for (const issue of page.issues) {
      expect(Object.keys(issue.fields).sort()).toEqual(['customfield_10016', 'summary']);
      expect(statusById(server.site, requireIssue(server.site, issue.key).statusId).category).toBe('done');
    }
    const numbers = page.issues.map((i) => Number(i.key.split('-')[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect((await admin().get('/rest/agile/1.0/board/1/sprint/43/issue?jql=bogus%20%3D%201')).status).toBe(400);
    expect((await admin().get('/rest/agile/1.0/board/1/sprint/999/issue')).status).toBe(404);
  });

  it('caps maxResults at 50, reports what it used, and may leave total out', async () => {
    const webCount = [...server.site.issues.values()].filter((i) => i.projectKey === 'WEB').length;
    const first = await issues('/rest/agile/1.0/board/2/issue?maxResults=100');
    expect([first.maxResults, first.issues.length, first.total, first.isLast]).toEqual([50, 50, webCount, false]);
    server.faults.omitIssueTotals = true;
    const rest = await issues('/rest/agile/1.0/board/2/issue?startAt=50&maxResults=100');
    expect(rest.total).toBeUndefined();
    expect([rest.startAt, rest.issues.length, rest.isLast]).toEqual([50, webCount - 50, true]);
  });

  it('a scrum board shows everything but epics, backlog included', async () => {
    let startAt = 0;
    const keys: string[] = [];
    for (;;) {
      const page = await issues(`/rest/agile/1.0/board/1/issue?startAt=${startAt}&fields=issuetype`, dan());
      keys.push(...page.issues.map((i) => i.key));
      if (page.isLast) break;
      startAt += page.maxResults;
    }
    const expected = [...server.site.issues.values()].filter((i) => i.projectKey === 'OPS' && issueTypeById(server.site, i.issueTypeId).name !== 'Epic');
    expect(keys.sort()).toEqual(expected.map((i) => i.key).sort());
  });

  it('a kanban board has no sprint issue list', async () => {
    const reply = await admin().get(`/rest/agile/1.0/board/2/sprint/${DEMO_SPRINT_IDS.active}/issue`);
    expect(reply.status).toBe(400);
    expect(errorMessages(reply)).toEqual(['The board does not support sprints']);
  });
});
