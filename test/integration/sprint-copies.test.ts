import FakeTimers from '@sinonjs/fake-timers';
import type { AppHost } from '../../dev/app-host';
import {
  ADMIN_ACCOUNT_ID,
  ALL_PROJECT_PERMISSIONS,
  DEV_ACCOUNT_ID,
  MEMBER_PERMISSIONS,
  addBoard,
  addFilter,
  addIssue,
  addProject,
  addSprint,
  addToSprint,
  emptySite,
  removeFromSprint,
  transition,
  type Site,
} from '../../dev/jira/site';
import { boardSnapshots } from '../../src/storage/snapshot-store';
import { appWorld, saveGlobal } from '../support/app-world';

/**
 * A closing sprint measured from the copy the hourly refresh keeps: issues that joined, left for the backlog or were
 * finished between refreshes end up where the board has them, and the close reads only what changed since the last
 * refresh; a board whose filter leaves out issues the copy holds is read in full, and its snapshot is the board's.
 */

const { start } = appWorld();
/** The app's and the server's clock (Date only, running on with real time): the test moves it by the hour. */
let clock: ReturnType<typeof FakeTimers.install>;
beforeEach(() => {
  clock = FakeTimers.install({ now: Date.parse('2026-12-01T08:00:00.000Z'), toFake: ['Date'], shouldAdvanceTime: true });
});
afterEach(() => clock.uninstall());

/** Moves both clocks (the app's, and the site's for JQL's relative dates) to `at`. */
function moveTo(h: AppHost, at: number): string {
  clock.setSystemTime(at);
  h.jira.site.now = iso(at);
  return iso(at);
}
const HOUR = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();

function copySite(filterJql?: string): { site: Site; boardId: number; sprintId: number; nextId: number } {
  const site = emptySite({ now: iso(Date.now()) });
  addProject(site, { key: 'CPY', name: 'Copies', access: { [ADMIN_ACCOUNT_ID]: ALL_PROJECT_PERMISSIONS, [DEV_ACCOUNT_ID]: MEMBER_PERMISSIONS } });
  const board = addBoard(site, { name: 'CPY board', type: 'scrum', projectKey: 'CPY', ...(filterJql ? { filterId: addFilter(site, { name: 'CPY tasks', jql: filterJql }).id } : {}) });
  const startedAt = Date.now() - 10 * 24 * HOUR;
  const sprint = addSprint(site, { boardId: board.id, name: 'CPY Sprint 1', state: 'active', startDate: iso(startedAt), endDate: iso(startedAt + 14 * 24 * HOUR) });
  const next = addSprint(site, { boardId: board.id, name: 'CPY Sprint 2', state: 'future' });
  for (let i = 0; i < 12; i++) {
    addIssue(site, {
      project: 'CPY',
      type: i === 11 ? 'Bug' : 'Task',
      summary: i % 3 === 0 ? `Renew the TLS certificate ${i}` : `Build the invoice export ${i}`,
      labels: i % 3 === 0 ? ['ktlo'] : ['project-work'],
      storyPoints: 1 + (i % 3),
      created: iso(startedAt - 24 * HOUR),
      ...(i < 10 || i === 11 ? { sprints: [{ at: iso(startedAt - HOUR), sprintId: sprint.id }] } : {}),
      ...(i < 4 ? { transitions: [{ at: iso(startedAt + 2 * 24 * HOUR), to: 'Done' }] } : {}),
    });
  }
  return { site, boardId: board.id, sprintId: sprint.id, nextId: next.id };
}

async function refresh(h: AppHost): Promise<void> {
  await h.trigger('sprint-copies-fn', {});
  expect((await h.forge.drainQueues()).failed).toEqual([]);
}

function close(h: AppHost, sprintId: number): Promise<unknown> {
  const sprint = h.jira.site.sprints.get(sprintId);
  if (!sprint) throw new Error('no sprint');
  sprint.state = 'closed';
  sprint.completeDate = iso(Date.now());
  return h.trigger('sprint-events-fn', { sprint: { id: String(sprintId), originBoardId: sprint.originBoardId, state: 'closed' } });
}

const fullReads = (h: AppHost, boardId: number, sprintId: number) =>
  h.jira.requests.matching({ path: `/rest/software/1.0/board/${boardId}/sprint/${sprintId}/issue` }).filter((r) => r.query['jql'] === undefined).length;

it('a closing sprint is measured from its copy, with what joined, left and was finished since, reading only what changed', async () => {
  const world = copySite();
  // CPY-11, which joins after the start, is KTLO work: unplanned.
  const late = [...world.site.issues.values()].find((i) => i.key === 'CPY-11');
  if (!late) throw new Error('no CPY-11');
  late.labels = ['ktlo'];
  const h = await start(world.site);
  const site = h.jira.site;
  const t0 = Date.now();
  await saveGlobal(h, { enabledProjects: ['CPY'] });
  await refresh(h);

  // In the next hour: CPY-5 leaves for the backlog, CPY-11 joins, CPY-6 is finished; the next refresh reads them.
  const edited = moveTo(h, t0 + 10 * 60_000);
  removeFromSprint(site, 'CPY-5', world.sprintId, edited, DEV_ACCOUNT_ID);
  addToSprint(site, 'CPY-11', world.sprintId, edited, DEV_ACCOUNT_ID);
  transition(site, 'CPY-6', 'Done', edited, DEV_ACCOUNT_ID);
  moveTo(h, t0 + HOUR);
  await refresh(h);
  // Half an hour later the sprint closes and carries its unfinished work over; the next refresh measures it.
  const closed = moveTo(h, t0 + 1.5 * HOUR);
  await close(h, world.sprintId);
  for (const issue of site.issues.values()) {
    if (issue.sprintIds.includes(world.sprintId) && issue.resolutiondate === null) addToSprint(site, issue.key, world.nextId, closed, DEV_ACCOUNT_ID);
  }
  expect(await boardSnapshots(world.boardId)).toEqual([]);
  moveTo(h, t0 + 2 * HOUR);
  h.jira.requests.clear();
  await refresh(h);

  const [snapshot] = await boardSnapshots(world.boardId);
  const members = [...site.issues.values()].filter((i) => i.sprintIds.includes(world.sprintId));
  expect(new Set(snapshot?.issueIds)).toEqual(new Set(members.map((i) => i.id)));
  expect(snapshot?.issueIds).toHaveLength(11);
  // Done: CPY-1..4 (1 + 2 + 3 + 1) and CPY-6 (3).
  expect(snapshot).toMatchObject({ approximate: false, completedPoints: 10 });
  expect(fullReads(h, world.boardId, world.sprintId)).toBe(0);
  expect(h.jira.requests.count({ path: `/rest/software/1.0/board/${world.boardId}/issue/approximate-count` })).toBe(2);
  // The split from when the refreshes saw the issues join (the first from their Sprint history, at enabling; CPY-11
  // in the hour after): CPY-1, 4, 7 and 10 planned (1 point each), CPY-11 unplanned (2). No history read at the close.
  expect(snapshot).toMatchObject({ ktloPoints: 6, ktloPlanned: 4, ktloUnplanned: 2 });
  expect(h.jira.requests.count({ path: '/rest/api/3/changelog/bulkfetch' })).toBe(0);
});

it('a board whose filter leaves out an issue the copy holds is read in full at the close, and its snapshot is what the board shows', async () => {
  const world = copySite('project = CPY AND type != Bug ORDER BY Rank');
  const h = await start(world.site);
  await saveGlobal(h, { enabledProjects: ['CPY'] });
  await refresh(h);
  await close(h, world.sprintId);
  h.jira.requests.clear();
  await refresh(h);

  const [snapshot] = await boardSnapshots(world.boardId);
  const bug = [...h.jira.site.issues.values()].find((i) => i.key === 'CPY-12');
  expect(snapshot?.issueIds).toHaveLength(10);
  expect(snapshot?.issueIds).not.toContain(bug?.id);
  expect(fullReads(h, world.boardId, world.sprintId)).toBeGreaterThan(0);
});
