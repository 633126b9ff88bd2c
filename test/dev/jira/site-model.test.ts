import { startJiraServer } from '../../../dev/jira/server';
import {
  ADMIN_ACCOUNT_ID,
  APP_ACCOUNT_ID,
  DEV_ACCOUNT_ID,
  MEMBER_PERMISSIONS,
  SPRINT_FIELD_ID,
  addBoard,
  addIssue,
  addProject,
  addSprint,
  addToSprint,
  emptySite,
  grant,
  removeFromSprint,
  requireIssue,
  statusById,
  transition,
} from '../../../dev/jira/site';
import { search } from './support';

/** The builders tests use for their own tiny sites keep an issue's fields and changelog in step. */

function tinySite() {
  const site = emptySite({ now: '2026-03-10T12:00:00.000Z' });
  addProject(site, { key: 'ABC', name: 'Alphabet', components: ['API'] });
  grant(site, DEV_ACCOUNT_ID, 'ABC', MEMBER_PERMISSIONS);
  const board = addBoard(site, { name: 'ABC board', type: 'scrum', projectKey: 'ABC' });
  const one = addSprint(site, {
    boardId: board.id,
    name: 'ABC 1',
    state: 'closed',
    startDate: '2026-02-02T09:00:00.000Z',
    endDate: '2026-02-16T09:00:00.000Z',
    completeDate: '2026-02-16T08:00:00.000Z',
  });
  const two = addSprint(site, { boardId: board.id, name: 'ABC 2', state: 'active', startDate: '2026-02-16T09:00:00.000Z', endDate: '2026-03-02T09:00:00.000Z' });
  return { site, board, one, two };
}

it('starts with the catalogues and the three standard users, and no projects', () => {
  const site = emptySite();
  expect([...site.users.keys()]).toEqual([ADMIN_ACCOUNT_ID, DEV_ACCOUNT_ID, APP_ACCOUNT_ID]);
  expect(site.projects.size).toBe(0);
  expect(site.statuses.map((s) => s.category)).toEqual(expect.arrayContaining(['new', 'indeterminate', 'done']));
  expect(site.issueTypes.find((t) => t.name === 'Sub-task')).toMatchObject({ subtask: true, hierarchyLevel: -1 });
});

it('gives a board a saved filter and default columns', () => {
  const { site, board } = tinySite();
  expect(site.filters.get(board.filterId)?.jql).toBe('project = ABC ORDER BY Rank');
  expect(board.columns.map((c) => c.name)).toEqual(['To Do', 'In Progress', 'In Review', 'Done']);
  expect(board.estimation).toEqual({ type: 'field', fieldId: 'customfield_10016' });
});

it('replays transitions and sprint moves in time order into fields and changelog', () => {
  const { site, one, two } = tinySite();
  const issue = addIssue(site, {
    project: 'ABC',
    type: 'Story',
    summary: 'Carry me over',
    created: '2026-01-30T10:00:00.000Z',
    storyPoints: 5,
    components: ['API'],
    // Given out of order on purpose.
    transitions: [
      { at: '2026-02-20T10:00:00.000Z', to: 'Done' },
      { at: '2026-02-05T10:00:00.000Z', to: 'In Progress' },
    ],
    sprints: [
      { at: '2026-02-16T08:00:00.000Z', sprintId: two.id },
      { at: '2026-02-02T08:00:00.000Z', sprintId: one.id },
    ],
  });
  expect(issue.key).toBe('ABC-1');
  expect(statusById(site, issue.statusId).name).toBe('Done');
  expect([issue.resolutionId, issue.resolutiondate, issue.updated]).toEqual(['10000', '2026-02-20T10:00:00.000Z', '2026-02-20T10:00:00.000Z']);
  // The closed sprint stays in the field when work moves on.
  expect(issue.sprintIds).toEqual([one.id, two.id]);
  expect(issue.changelog.map((h) => h.items.map((i) => `${i.field}:${i.fromString ?? ''}->${i.toString ?? ''}`))).toEqual([
    ['Sprint:->ABC 1'],
    ['status:To Do->In Progress'],
    ['Sprint:ABC 1->ABC 1, ABC 2'],
    ['status:In Progress->Done', 'resolution:->Done'],
  ]);
  expect(issue.customFields.get('customfield_10016')).toBe(5);
});

it('drops an open sprint the issue leaves, and clears the resolution when reopened', () => {
  const { site, two } = tinySite();
  addIssue(site, { project: 'ABC', type: 'Task', summary: 'Moved out', created: '2026-02-10T10:00:00.000Z' });
  addToSprint(site, 'ABC-1', two.id, '2026-02-17T10:00:00.000Z', DEV_ACCOUNT_ID);
  removeFromSprint(site, 'ABC-1', two.id, '2026-02-18T10:00:00.000Z', DEV_ACCOUNT_ID);
  transition(site, 'ABC-1', "Won't Do", '2026-02-19T10:00:00.000Z', DEV_ACCOUNT_ID);
  transition(site, 'ABC-1', 'To Do', '2026-02-20T10:00:00.000Z', DEV_ACCOUNT_ID);
  const issue = requireIssue(site, 'abc-1');
  expect(issue.sprintIds).toEqual([]);
  expect(issue.changelog.at(1)?.items[0]).toMatchObject({ fieldId: SPRINT_FIELD_ID, from: String(two.id), to: '' });
  expect([issue.resolutionId, issue.resolutiondate]).toEqual([null, null]);
  expect(issue.changelog.at(2)?.items.map((i) => i.toString)).toEqual(["Won't Do", "Won't Do"]);
});

it('serves a site with a company-managed "Story Points" field elsewhere', async () => {
  const site = emptySite({ storyPointsField: { id: 'customfield_10026', name: 'Story Points' } });
  addProject(site, { key: 'CM', name: 'Company managed' });
  addBoard(site, { name: 'CM board', type: 'scrum', projectKey: 'CM' });
  addIssue(site, { project: 'CM', type: 'Story', summary: 'Big', created: '2026-01-05T10:00:00.000Z', storyPoints: 8 });
  addIssue(site, { project: 'CM', type: 'Story', summary: 'Small', created: '2026-01-05T11:00:00.000Z', storyPoints: 2 });
  const server = await startJiraServer({ site });
  try {
    const page = await search(server, ADMIN_ACCOUNT_ID, { jql: '"Story Points" > 3', fields: ['summary', 'customfield_10026'], expand: 'names' });
    expect(page.issues.map((i) => i.fields)).toEqual([{ summary: 'Big', customfield_10026: 8 }]);
    expect(page.names?.['customfield_10026']).toBe('Story Points');
    expect(site.boards.get(1)?.estimation).toEqual({ type: 'field', fieldId: 'customfield_10026' });
  } finally {
    await server.close();
  }
});
