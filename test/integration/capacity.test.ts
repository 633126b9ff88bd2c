import type { AppHost, Caller } from '../../dev/app-host';
import { DEMO_BOARD_IDS, DEMO_SPRINT_IDS } from '../../dev/jira/demo-site';
import { SPRINT_FIELD_ID } from '../../dev/jira/field-catalogue';
import {
  ADMIN_ACCOUNT_ID,
  ALL_PROJECT_PERMISSIONS,
  DEV_ACCOUNT_ID,
  MEMBER_PERMISSIONS,
  addBoard,
  addIssue,
  addProject,
  addSprint,
  addToSprint,
  emptySite,
  issueTypeById,
  statusById,
  type IssueSpec,
  type Site,
} from '../../dev/jira/site';
import type { SprintCapacity } from '../../src/contracts/resolvers';
import { boardSnapshots } from '../../src/storage/snapshot-store';
import { appWorld, saveGlobal } from '../support/app-world';
import { browserFlow, browserSprint, browserSprintList, browserTrend, loadCapacity } from '../support/views';

/**
 * Capacity, velocity, Kanban flow and trends through the capacity resolver, in the local Forge runtime, against the
 * Jira-compatible server. Small purpose-built sites where the numbers matter (expected values derived here by hand),
 * the demo site for realistic checks.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number): string => new Date(ms).toISOString();

const { start } = appWorld();

async function enableProjects(h: AppHost, ...keys: string[]): Promise<void> {
  await saveGlobal(h, { enabledProjects: keys });
}

function sprintCaller(accountId: string, boardId: number, sprintId: number): Caller {
  return { accountId, extension: { type: 'jira:sprintAction', board: { id: boardId }, sprint: { id: sprintId } } };
}

/** The capacity view as the sprint's menu shows it: the surface's load, then Jira read as the viewer in the browser. */
async function sprintCapacity(h: AppHost, caller: Caller, payload: { boardId?: number; sprintId?: number } = {}): Promise<SprintCapacity> {
  const answer = await browserSprint(h, caller, payload);
  if (!answer.ok) throw new Error(`the sprint's capacity failed: ${answer.error.code} ${answer.error.message}`);
  return answer.data;
}

async function saveBoard(h: AppHost, caller: Caller, settings: unknown): Promise<number> {
  const current = await loadCapacity(h, caller);
  if (!current.ok) throw new Error(`capacity/load failed: ${current.error.code} ${current.error.message}`);
  const revision = current.data.own.revision;
  const saved = await h.resolve('capacity-resolver', 'capacity/saveBoardSettings', { level: 'board', expectedRevision: revision, settings }, caller);
  expect(saved).toMatchObject({ ok: true, data: { revision: revision + 1 } });
  return revision + 1;
}

// ---- a purpose-built scrum team --------------------------------------------------------------------------------

/**
 * Project CAP, one scrum board, four closed two-week sprints and an active one. Every issue carries an explicit
 * category label (`ktlo` / `project-work`), so the classifier's answer is known and the numbers can be worked out:
 *
 * completed points of the closed sprints (what velocity averages):
 *   S1: 10 + 20 = 30 (oldest: outside the last three)
 *   S2: 4 + 8 = 12 (B3, 5 points, never done)
 *   S3: 6 + 12 = 18 (C3, 5 points, was in progress at the close and moved on to S4; C4 is a done sub-task of C2: no points on top)
 *   S4: 3 + 13 + C3's 5 = 21
 *   velocity = mean(12, 18, 21) = 17
 *
 * the active sprint S5:
 *   K1 ktlo 3 planned, KS sub-task of K1 with 2 points (same sprint: adds nothing), K2 ktlo 2 added after the start,
 *   U1 ktlo unestimated added after the start, P1 project 5 and P2 project 8 planned, P3 project 2 added after the start,
 *   R1 ktlo 8 planned but taken out of the sprint after it started (not in the sprint any more).
 *   KTLO 5 (planned 3, unplanned 2), project 15.
 */
const S = {
  start: (i: number) => Date.parse('2026-09-23T09:00:00.000Z') + i * 14 * DAY,
};

interface CapSite {
  site: Site;
  boardId: number;
  sprintIds: number[];
  keys: Record<string, string>;
}

function capSite(): CapSite {
  const site = emptySite();
  addProject(site, { key: 'CAP', name: 'Capacity team', access: { [ADMIN_ACCOUNT_ID]: ALL_PROJECT_PERMISSIONS, [DEV_ACCOUNT_ID]: MEMBER_PERMISSIONS } });
  const board = addBoard(site, { name: 'CAP board', type: 'scrum', projectKey: 'CAP' });
  const sprintIds: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = S.start(i);
    const closed = i < 4;
    const sprint = addSprint(site, {
      boardId: board.id,
      name: `CAP Sprint ${i + 1}`,
      state: closed ? 'closed' : 'active',
      startDate: iso(start),
      endDate: iso(start + 14 * DAY),
      ...(closed ? { completeDate: iso(start + 14 * DAY - HOUR) } : {}),
    });
    sprintIds.push(sprint.id);
  }
  const keys: Record<string, string> = {};
  const sprintOf = (i: number) => sprintIds[i] as number;
  const planned = (i: number) => [{ at: iso(S.start(i) - 2 * HOUR), sprintId: sprintOf(i) }];
  const done = (i: number, day: number) => [
    { at: iso(S.start(i) + day * DAY), to: 'In Progress' },
    { at: iso(S.start(i) + (day + 1) * DAY), to: 'Done' },
  ];
  const add = (name: string, spec: Omit<IssueSpec, 'project' | 'created'> & { created?: string }) => {
    keys[name] = addIssue(site, { project: 'CAP', created: spec.created ?? iso(S.start(0) - 10 * DAY), ...spec }).key;
  };
  const ktlo = ['ktlo'];
  const project = ['project-work'];
  // S1
  add('A1', { type: 'Task', summary: 'Rotate the database credentials', labels: ktlo, storyPoints: 10, sprints: planned(0), transitions: done(0, 2) });
  add('A2', { type: 'Story', summary: 'Checkout redesign: new address form', labels: project, storyPoints: 20, sprints: planned(0), transitions: done(0, 5) });
  // S2
  add('B1', { type: 'Task', summary: 'Renew the wildcard certificate', labels: ktlo, storyPoints: 4, sprints: planned(1), transitions: done(1, 1) });
  add('B2', { type: 'Story', summary: 'Gift cards at checkout', labels: project, storyPoints: 8, sprints: planned(1), transitions: done(1, 4) });
  add('B3', { type: 'Story', summary: 'Saved carts across devices', labels: project, storyPoints: 5, sprints: planned(1) });
  // S3, with C3 carried over into S4 when S3 closed
  add('C1', { type: 'Task', summary: 'Patch the edge proxies', labels: ktlo, storyPoints: 6, sprints: planned(2), transitions: done(2, 1) });
  add('C2', { type: 'Story', summary: 'Wishlist sharing', labels: project, storyPoints: 12, sprints: planned(2), transitions: done(2, 6) });
  add('C3', {
    type: 'Story',
    summary: 'Order history export',
    labels: project,
    storyPoints: 5,
    sprints: [...planned(2), { at: iso(S.start(2) + 14 * DAY - HOUR), sprintId: sprintOf(3) }],
    transitions: [
      { at: iso(S.start(2) + 9 * DAY), to: 'In Progress' },
      { at: iso(S.start(3) + 3 * DAY), to: 'Done' },
    ],
  });
  add('C4', { type: 'Sub-task', parent: keys['C2'], summary: 'Share dialog copy', storyPoints: 2, sprints: planned(2), transitions: done(2, 3) });
  // S4
  add('D1', { type: 'Task', summary: 'Tune the disk alerts', labels: ktlo, storyPoints: 3, sprints: planned(3), transitions: done(3, 2) });
  add('D2', { type: 'Story', summary: 'Loyalty points on the receipt', labels: project, storyPoints: 13, sprints: planned(3), transitions: done(3, 7) });
  // S5, active since 2026-11-18
  const s5 = S.start(4);
  const late = (hours: number) => [{ at: iso(s5 + hours * HOUR), sprintId: sprintOf(4) }];
  add('K1', { type: 'Task', summary: 'Upgrade the message broker', labels: ktlo, storyPoints: 3, sprints: planned(4), transitions: [{ at: iso(s5 + DAY), to: 'In Progress' }] });
  add('KS', { type: 'Sub-task', parent: keys['K1'], summary: 'Drain the old broker nodes', storyPoints: 2, sprints: planned(4) });
  add('K2', { type: 'Bug', summary: 'Restore the deleted staging bucket', labels: ktlo, storyPoints: 2, created: iso(s5 + 2 * DAY), sprints: late(49) });
  add('U1', { type: 'Incident', summary: 'Login outage after the IdP change', labels: ktlo, created: iso(s5 + 3 * DAY), sprints: late(73) });
  add('P1', { type: 'Story', summary: 'Store pickup slots', labels: project, storyPoints: 5, sprints: planned(4) });
  add('P2', { type: 'Story', summary: 'Subscription checkout', labels: project, storyPoints: 8, sprints: planned(4) });
  add('P3', { type: 'Story', summary: 'Pickup reminder e-mail', labels: project, storyPoints: 2, sprints: late(26) });
  add('R1', {
    type: 'Task',
    summary: 'Archive the old audit logs',
    labels: ktlo,
    storyPoints: 8,
    sprints: [...planned(4), { at: iso(s5 + 2 * DAY), sprintId: sprintOf(4), action: 'remove' }],
  });
  return { site, boardId: board.id, sprintIds, keys };
}

describe('capacity of a seeded sprint', () => {
  it('counts explicit KTLO and project points, splits planned from unplanned, lists the unestimated and ignores sub-task points', async () => {
    const world = capSite();
    const h = await start(world.site);
    const active = world.sprintIds[4] as number;
    // Not enabled: no snapshots, so no velocity; the check weighs the planned total.
    const answer = await sprintCapacity(h, sprintCaller(DEV_ACCOUNT_ID, world.boardId, active));
    const k = world.keys;
    expect(answer).toMatchObject({
      board: { id: world.boardId, name: 'CAP board', type: 'scrum' },
      sprint: { id: active, name: 'CAP Sprint 5', state: 'active' },
      unit: 'points',
      ktloPoints: 5,
      projectPoints: 15,
      totalPoints: 20,
      ktloShare: 0.25,
      status: 'within',
      band: { min: 0.2, max: 0.3 },
      teamCapacity: null,
      reserved: null,
      projectRoom: null,
      ktloSplit: { planned: 3, unplanned: 2 },
      unestimated: [k['U1']],
    });
    expect(new Set(answer.issues.map((i) => i.key))).toEqual(new Set(['K1', 'KS', 'K2', 'U1', 'P1', 'P2', 'P3'].map((n) => k[n])));
    const byKey = new Map(answer.issues.map((i) => [i.key, i]));
    // The sub-task is listed with its own estimate and follows its KTLO parent, but its points are the parent's.
    expect(byKey.get(k['KS'] as string)).toMatchObject({ category: 'KTLO', estimate: 2, unplanned: false, isSubtask: true, parentKey: k['K1'] });
    expect(answer.issues.filter((i) => i.unplanned).map((i) => i.key).sort()).toEqual([k['K2'], k['U1'], k['P3']].sort());
    expect(answer.issues.filter((i) => i.category === 'KTLO' && i.unplanned).map((i) => i.key).sort()).toEqual([k['K2'], k['U1']].sort());
    expect(byKey.get(k['P3'] as string)).toMatchObject({ category: 'PROJECT', estimate: 2, unplanned: true, isSubtask: false, parentKey: null });
  });

  it('measures against a configured team capacity, with inclusive band edges', async () => {
    const world = capSite();
    const h = await start(world.site);
    const caller = sprintCaller(ADMIN_ACCOUNT_ID, world.boardId, world.sprintIds[4] as number);

    await saveBoard(h, caller, { teamCapacity: 25 });
    // 5 / 25 = 0.2: exactly the lower edge is within.
    expect(await sprintCapacity(h, caller)).toMatchObject({
      ktloPoints: 5,
      projectPoints: 15,
      ktloShare: 0.2,
      status: 'within',
      teamCapacity: { value: 25, source: 'configured' },
      reserved: { min: 5, max: 7.5 },
      projectRoom: 5,
      settingsInForce: { teamCapacity: 25, band: { min: 0.2, max: 0.3 } },
    });

    await saveBoard(h, caller, { teamCapacity: 20, band: { min: 0.1, max: 0.25 } });
    // 5 / 20 = 0.25: exactly the upper edge is within; room = 20 - max(5, 2) - 15 = 0.
    expect(await sprintCapacity(h, caller)).toMatchObject({ ktloShare: 0.25, status: 'within', reserved: { min: 2, max: 5 }, projectRoom: 0, band: { min: 0.1, max: 0.25 } });

    await saveBoard(h, caller, { teamCapacity: 19, band: { min: 0.1, max: 0.25 } });
    const over = await sprintCapacity(h, caller);
    expect(over.ktloShare).toBeCloseTo(5 / 19, 12);
    // Room = 19 - max(5, 1.9) - 15 = -1: over-committed.
    expect(over).toMatchObject({ status: 'over', reserved: { min: 1.9, max: 4.75 }, projectRoom: -1 });

    await saveBoard(h, caller, { teamCapacity: 20, band: { min: 0.3, max: 0.5 } });
    // 0.25 under a 30% minimum; room keeps the reservation: 20 - max(5, 6) - 15 = -1.
    expect(await sprintCapacity(h, caller)).toMatchObject({ ktloShare: 0.25, status: 'under', reserved: { min: 6, max: 10 }, projectRoom: -1 });
  });

  it('takes team capacity from the velocity of the last three closed sprints, from snapshots the backfill produced', async () => {
    const world = capSite();
    const h = await start(world.site);
    await enableProjects(h, 'CAP');
    const answer = await sprintCapacity(h, sprintCaller(DEV_ACCOUNT_ID, world.boardId, world.sprintIds[4] as number));
    // mean(12, 18, 21) = 17; 5 / 17 within; reserved 3.4..5.1; room 17 - max(5, 3.4) - 15 = -3.
    expect(answer.teamCapacity).toEqual({ value: 17, source: 'velocity', approximate: false });
    expect(answer.historyPending).toBe(false);
    expect(answer.ktloShare).toBeCloseTo(5 / 17, 12);
    expect(answer).toMatchObject({ status: 'within', reserved: { min: 3.4, max: 5.1 }, projectRoom: -3, ktloSplit: { planned: 3, unplanned: 2 } });
    // The backfill read every sprint as the app: no issue list a person asked for.
    expect(h.jira.requests.count({ path: `/rest/software/1.0/board/${world.boardId}/sprint/${world.sprintIds[0]}/issue`, accountId: 'app-ktlo-lens' })).toBe(1);
  });

  it('the first view of a board with no history queues its backfill; velocity arrives once it has run', async () => {
    const world = capSite();
    const h = await start(world.site);
    const caller = sprintCaller(DEV_ACCOUNT_ID, world.boardId, world.sprintIds[4] as number);
    // The project is not opted in yet: the queued backfill looks at the board and measures nothing.
    const before = await sprintCapacity(h, caller);
    expect(before).toMatchObject({ teamCapacity: null, historyPending: true });
    await h.forge.drainQueues();
    expect(h.jira.requests.count({ path: `/rest/agile/1.0/board/${world.boardId}/configuration`, accountId: 'app-ktlo-lens' })).toBe(1);
    expect(h.jira.requests.count({ path: `/rest/agile/1.0/board/${world.boardId}/sprint`, accountId: 'app-ktlo-lens' })).toBe(0);
    expect(h.jira.requests.count({ path: `/rest/software/1.0/board/${world.boardId}/sprint/`, accountId: 'app-ktlo-lens' })).toBe(0);
    // Opening the view again within ten minutes queues nothing more.
    await sprintCapacity(h, caller);
    await h.forge.drainQueues();
    expect(h.jira.requests.count({ path: `/rest/agile/1.0/board/${world.boardId}/configuration`, accountId: 'app-ktlo-lens' })).toBe(1);
    await enableProjects(h, 'CAP');
    const after = await sprintCapacity(h, caller);
    expect(after).toMatchObject({ teamCapacity: { value: 17, source: 'velocity', approximate: false }, historyPending: false });
  });

  it('a configured capacity wins over velocity, and a closed sprint is measured on its own scope', async () => {
    const world = capSite();
    const h = await start(world.site);
    await enableProjects(h, 'CAP');
    const caller = sprintCaller(ADMIN_ACCOUNT_ID, world.boardId, world.sprintIds[4] as number);
    await saveBoard(h, caller, { teamCapacity: 40 });
    expect(await sprintCapacity(h, caller)).toMatchObject({ teamCapacity: { value: 40, source: 'configured' }, ktloShare: 0.125, status: 'under', projectRoom: 17 });

    // S3 as committed: C1 6 KTLO; C2 12 + C3 5 project (C4 is C2's sub-task), everything planned.
    const s3 = await sprintCapacity(h, sprintCaller(ADMIN_ACCOUNT_ID, world.boardId, world.sprintIds[2] as number));
    expect(s3).toMatchObject({ sprint: { state: 'closed' }, ktloPoints: 6, projectPoints: 17, ktloSplit: { planned: 6, unplanned: 0 }, unestimated: [] });
  });

  it('lists the active and future sprints of the board in context', async () => {
    const h = await start();
    const answer = await browserSprintList(h, { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:backlogAction', board: { id: DEMO_BOARD_IDS.ops } } });
    expect(answer).toMatchObject({ ok: true, data: { board: { id: 1, name: 'OPS board', type: 'scrum', canEdit: false } } });
    if (answer.ok) expect(answer.data.sprints.map((s) => [s.id, s.state])).toEqual([[DEMO_SPRINT_IDS.active, 'active'], [DEMO_SPRINT_IDS.future, 'future']]);
    const asAdmin = await browserSprintList(h, { accountId: ADMIN_ACCOUNT_ID, extension: { type: 'jira:backlogAction', board: { id: DEMO_BOARD_IDS.ops } } });
    expect(asAdmin).toMatchObject({ ok: true, data: { board: { canEdit: true } } });
  });
});

// ---- paging ------------------------------------------------------------------------------------------------------

/** One active sprint of 123 issues (two bulk fetches of at most 100): 41 KTLO of 2 points, 82 project of 1 point. */
function bigSprintSite(): { site: Site; boardId: number; sprintId: number } {
  const site = emptySite();
  addProject(site, { key: 'BIG', name: 'Big sprint', access: { [ADMIN_ACCOUNT_ID]: ALL_PROJECT_PERMISSIONS, [DEV_ACCOUNT_ID]: MEMBER_PERMISSIONS } });
  const board = addBoard(site, { name: 'BIG board', type: 'scrum', projectKey: 'BIG' });
  const start = Date.parse('2026-11-23T09:00:00.000Z');
  const sprint = addSprint(site, { boardId: board.id, name: 'BIG Sprint 1', state: 'active', startDate: iso(start), endDate: iso(start + 14 * DAY) });
  for (let i = 0; i < 123; i++) {
    const ktlo = i % 3 === 0;
    addIssue(site, {
      project: 'BIG',
      type: 'Task',
      summary: `${ktlo ? 'Routine chore' : 'Feature slice'} ${i}`,
      labels: [ktlo ? 'ktlo' : 'project-work'],
      storyPoints: ktlo ? 2 : 1,
      created: iso(start - 5 * DAY),
      // Every seventh issue joined after the start.
      sprints: [{ at: iso(i % 7 === 0 ? start + DAY : start - HOUR), sprintId: sprint.id }],
    });
  }
  return { site, boardId: board.id, sprintId: sprint.id };
}

describe('paging of a sprint bigger than one page', () => {
  // 41 KTLO (i = 0, 3, ..., 120) of 2 points = 82; 82 project points. Unplanned KTLO: i divisible by 21 (0, 21, ..., 105 and 126 > 122): 6 issues = 12 points.
  const expected = { ktloPoints: 82, projectPoints: 82, totalPoints: 164, ktloShare: 0.5, status: 'over', ktloSplit: { planned: 70, unplanned: 12 } };
  const listPath = (world: { boardId: number; sprintId: number }) => `/rest/software/1.0/board/${world.boardId}/sprint/${world.sprintId}/issue`;

  it.each([
    ["Jira's page sizes", 'jira' as const, 1],
    ['half a list per page', 'half' as const, 2],
  ])('a view lists the ids on the enhanced operation, then reads fields by bulk fetch, with %s', async (_label, paging, idPages) => {
    const world = bigSprintSite();
    const h = await start(world.site);
    h.jira.behaviour.paging = paging;
    const answer = await sprintCapacity(h, sprintCaller(DEV_ACCOUNT_ID, world.boardId, world.sprintId));
    expect(answer).toMatchObject(expected);
    expect(answer.issues).toHaveLength(123);
    expect(new Set(answer.issues.map((i) => i.key)).size).toBe(123);
    // Ids only, at the documented maximum, token after token, never an offset or the deprecated agile list.
    const pages = h.jira.requests.matching({ path: listPath(world) });
    expect(pages).toHaveLength(idPages);
    for (const [n, page] of pages.entries()) {
      expect(page).toMatchObject({ accountId: DEV_ACCOUNT_ID, status: 200, query: { fields: 'id', maxResults: '5000' } });
      expect(page.query['startAt']).toBeUndefined();
      expect(page.query['nextPageToken'] === undefined).toBe(n === 0);
    }
    expect(h.jira.requests.count({ path: '/rest/agile/1.0/board/' + world.boardId + '/sprint/' + world.sprintId + '/issue' })).toBe(0);
    // 123 issues: two bulk fetches of at most 100; their Sprint history in two bulk changelog calls (a view spreads
    // them, at least 100 issues a call: 100 and 23), each call's pages halved too.
    expect(h.jira.requests.count({ path: '/rest/api/3/issue/bulkfetch', accountId: DEV_ACCOUNT_ID })).toBe(2);
    expect(h.jira.requests.count({ path: '/rest/api/3/changelog/bulkfetch' })).toBe(2 * idPages);
  });

  it('background work reads pages with fields instead, each issue paid for once, and measures the same sprint', async () => {
    const world = bigSprintSite();
    const h = await start(world.site);
    h.jira.behaviour.paging = 'half';
    await enableProjects(h, 'BIG');
    const view = await sprintCapacity(h, sprintCaller(DEV_ACCOUNT_ID, world.boardId, world.sprintId));
    // The view queued a backfill of the board's history: let it run before the sprint event's measurement is watched.
    await h.forge.drainQueues();
    h.jira.requests.clear();
    await h.trigger('sprint-events-fn', { sprint: { id: world.sprintId, originBoardId: world.boardId, state: 'active', name: 'BIG Sprint 1' } });
    // The sprint is measured by the next hourly refresh; it is still open, so it is read in full.
    await h.trigger('sprint-copies-fn', {});
    expect((await h.forge.drainQueues()).failed).toEqual([]);
    const pages = h.jira.requests.matching({ path: listPath(world), accountId: 'app-ktlo-lens' });
    expect(pages).toHaveLength(2);
    expect(pages.every((p) => p.query['fields']?.split(',').includes('summary') === true)).toBe(true);
    expect(h.jira.requests.count({ path: '/rest/api/3/issue/bulkfetch' })).toBe(0);
    // Sprint history, two half pages each: the refresh's first read of the open sprint notes when its issues joined (for
    // the closes to come), and the open sprint's snapshot reads its KTLO issues' for the split: the split the view shows live.
    expect(h.jira.requests.count({ path: '/rest/api/3/changelog/bulkfetch', accountId: 'app-ktlo-lens' })).toBe(4);
    const [snapshot] = await boardSnapshots(world.boardId);
    expect(snapshot).toMatchObject({ sprintId: world.sprintId, ktloPoints: view.ktloPoints, projectPoints: view.projectPoints, ktloPlanned: 70, ktloUnplanned: 12 });
    expect(view.ktloSplit).toEqual({ planned: 70, unplanned: 12 });
    expect(snapshot?.issueIds).toHaveLength(123);
  });
});

// ---- the demo site -----------------------------------------------------------------------------------------------

/** The issues that joined a sprint after it started, read straight from the site's Sprint history. */
function joinedLate(site: Site, sprintId: number): string[] {
  const sprint = site.sprints.get(sprintId);
  if (!sprint?.startDate) throw new Error(`sprint ${sprintId} has not started`);
  const start = Date.parse(sprint.startDate);
  const out: string[] = [];
  for (const issue of site.issues.values()) {
    if (!issue.sprintIds.includes(sprintId)) continue;
    const joined = issue.changelog.find((h) =>
      h.items.some((i) => i.fieldId === SPRINT_FIELD_ID && (i.to ?? '').split(', ').includes(String(sprintId)) && !(i.from ?? '').split(', ').includes(String(sprintId))),
    );
    if (Date.parse(joined?.created ?? issue.created) > start) out.push(issue.key);
  }
  return out.sort();
}

describe('the demo site', () => {
  it('flags exactly the issues added to active sprint 43 after it started, and counts the KTLO ones as unplanned KTLO', async () => {
    const h = await start();
    const site = h.jira.site;
    expect(joinedLate(site, DEMO_SPRINT_IDS.active)).toEqual(['OPS-137', 'OPS-141', 'OPS-144', 'OPS-145']);
    const answer = await sprintCapacity(h, sprintCaller(DEV_ACCOUNT_ID, DEMO_BOARD_IDS.ops, DEMO_SPRINT_IDS.active));
    const unplanned = answer.issues.filter((i) => i.unplanned);
    expect(unplanned.map((i) => i.key).sort()).toEqual(['OPS-137', 'OPS-141', 'OPS-144', 'OPS-145']);
    // Incidents, certificate renewals and access grants raised mid-sprint: all KTLO.
    expect(unplanned.every((i) => i.category === 'KTLO')).toBe(true);
    const unplannedKtlo = unplanned.filter((i) => i.category === 'KTLO' && i.estimate !== null).reduce((n, i) => n + (i.estimate ?? 0), 0);
    const ktlo = answer.issues.filter((i) => i.category === 'KTLO' && i.estimate !== null);
    expect(answer.ktloSplit).toEqual({ planned: answer.ktloPoints - unplannedKtlo, unplanned: unplannedKtlo });
    expect(answer.ktloPoints).toBe(ktlo.reduce((n, i) => n + (i.estimate ?? 0), 0));
    // OPS-137 (the CDN incident) has no estimate: listed, not counted.
    expect(answer.unestimated).toEqual(['OPS-137']);
    // The story taken out two days in is no longer in the sprint.
    const lists = (value: string | null, id: number) => (value ?? '').split(', ').includes(String(id));
    const removed = [...site.issues.values()].filter((i) =>
      i.changelog.some((c) => c.items.some((it) => it.fieldId === SPRINT_FIELD_ID && lists(it.from, DEMO_SPRINT_IDS.active) && !lists(it.to, DEMO_SPRINT_IDS.active))),
    );
    expect(removed).toHaveLength(1);
    expect(answer.issues.map((i) => i.key)).not.toContain(removed[0]?.key);
    // Every issue the board shows for the sprint, as Dan sees it.
    const inSprint = [...site.issues.values()].filter((i) => i.projectKey === 'OPS' && i.sprintIds.includes(DEMO_SPRINT_IDS.active)).map((i) => i.key);
    expect(answer.issues.map((i) => i.key).sort()).toEqual(inSprint.sort());
  });

  it('an issue just moved into the sprint is missing from the eventually consistent list until an issue event names it; then it is listed', async () => {
    const h = await start();
    const site = h.jira.site;
    h.jira.behaviour.indexLagMs = 60_000;
    const caller = sprintCaller(DEV_ACCOUNT_ID, DEMO_BOARD_IDS.ops, DEMO_SPRINT_IDS.active);
    const before = await sprintCapacity(h, caller);
    const moved = [...site.issues.values()].find((i) => i.projectKey === 'OPS' && i.sprintIds.length === 0 && issueTypeById(site, i.issueTypeId).hierarchyLevel === 0 && statusById(site, i.statusId).category !== 'done');
    if (!moved) throw new Error('the demo site has no OPS issue outside every sprint');
    addToSprint(site, moved.key, DEMO_SPRINT_IDS.active, site.now, DEV_ACCOUNT_ID);
    // Jira's lists lag behind the write: the view cannot know of it yet.
    const stale = await sprintCapacity(h, caller);
    expect(stale.issues.map((i) => i.key)).not.toContain(moved.key);
    expect(stale).toEqual(before);
    // The issue event that the move fires names the issue: from then on the sprint's lists reconcile it.
    await h.trigger('issue-events-fn', {
      eventType: 'avi:jira:updated:issue',
      atlassianId: DEV_ACCOUNT_ID,
      issue: { id: moved.id, key: moved.key, fields: { summary: moved.summary, project: { id: '10000', key: 'OPS' } } },
      changelog: { id: '1', items: [{ field: 'Sprint', fieldtype: 'custom', from: null, fromString: null, to: String(DEMO_SPRINT_IDS.active), toString: 'OPS Sprint 24' }] },
    });
    h.jira.requests.clear();
    // Two pages, the same reconcileIssues on each, as Jira asks.
    h.jira.behaviour.paging = 'half';
    const fresh = await sprintCapacity(h, caller);
    expect(fresh.issues.map((i) => i.key)).toContain(moved.key);
    expect(fresh.issues).toHaveLength(before.issues.length + 1);
    const lists = h.jira.requests.matching({ path: `/rest/software/1.0/board/${DEMO_BOARD_IDS.ops}/sprint/${DEMO_SPRINT_IDS.active}/issue`, accountId: DEV_ACCOUNT_ID });
    expect(lists.map((r) => r.query['reconcileIssues'])).toEqual([moved.id, moved.id]);
  });

  it("gives the same answer with Jira's page sizes and with half a list per page", async () => {
    const h = await start();
    const caller = sprintCaller(DEV_ACCOUNT_ID, DEMO_BOARD_IDS.ops, DEMO_SPRINT_IDS.active);
    const jiraPages = await sprintCapacity(h, caller);
    h.jira.behaviour.paging = 'half';
    const halfPages = await sprintCapacity(h, caller);
    expect(halfPages).toEqual(jiraPages);
  });

  it('trend of board 1: the six closed sprints in order, with planned and unplanned KTLO and the recurring chores', async () => {
    const h = await start();
    const site = h.jira.site;
    const caller: Caller = { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:projectPage', project: { key: 'OPS' } } };
    const trend = await browserTrend(h, caller, { boardId: DEMO_BOARD_IDS.ops });
    if (!trend.ok) throw new Error(trend.error.message);
    const { points, recurring } = trend.data;
    expect(points.map((p) => p.sprintId)).toEqual([...DEMO_SPRINT_IDS.closed]);
    expect(points.map((p) => p.name)).toEqual(['OPS Sprint 18', 'OPS Sprint 19', 'OPS Sprint 20', 'OPS Sprint 21', 'OPS Sprint 22', 'OPS Sprint 23']);
    for (const point of points) {
      // Each point is the capacity check of that sprint, with its split from the Sprint history.
      const check = await sprintCapacity(h, sprintCaller(DEV_ACCOUNT_ID, DEMO_BOARD_IDS.ops, point.sprintId));
      const late = joinedLate(site, point.sprintId);
      expect(check.issues.filter((i) => i.unplanned).map((i) => i.key).sort()).toEqual(late);
      const unplannedKtlo = check.issues.filter((i) => i.unplanned && i.category === 'KTLO').reduce((n, i) => n + (i.estimate ?? 0), 0);
      expect(point).toMatchObject({
        ktloPoints: check.ktloPoints,
        projectPoints: check.projectPoints,
        ktloShare: check.ktloShare,
        status: check.status,
        ktloUnplanned: unplannedKtlo,
        ktloPlanned: check.ktloPoints - unplannedKtlo,
      });
    }
    // Interrupts came every sprint of the demo.
    expect(points.every((p) => (p.ktloUnplanned ?? 0) > 0)).toBe(true);

    // The monthly security patching tickets of those sprints form one recurring group.
    const closed = new Set<number>(DEMO_SPRINT_IDS.closed);
    const patching = [...site.issues.values()].filter((i) => /^monthly security patching/i.test(i.summary) && i.sprintIds.some((s) => closed.has(s)));
    expect(patching.length).toBeGreaterThanOrEqual(3);
    const group = recurring.find((r) => r.title === 'Monthly security patching');
    expect(group).toEqual({
      title: 'Monthly security patching',
      occurrences: patching.length,
      keys: patching.map((i) => i.key),
      totalPoints: patching.reduce((n, i) => n + Number(i.customFields.get(site.storyPointsFieldId) ?? 0), 0),
    });
    // Candidates come most frequent first.
    const counts = recurring.map((r) => r.occurrences);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    expect(recurring.every((r) => r.occurrences >= 3)).toBe(true);

    const three = await browserTrend(h, caller, { boardId: DEMO_BOARD_IDS.ops, sprints: 3 });
    expect(three.ok && three.data.points.map((p) => p.sprintId)).toEqual([40, 41, 42]);
  });
});

// ---- Kanban flow -------------------------------------------------------------------------------------------------

const WEEK = 7 * DAY;
/** Monday 00:00 UTC of the ISO week holding `ms`, as the flow view labels weeks. */
function weekStartOf(ms: number): string {
  const midnight = ms - (ms % DAY);
  return iso(midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * DAY).slice(0, 10);
}

/**
 * A Kanban board whose history is relative to today (flow is measured up to now): three KTLO issues and one project
 * issue in progress, three KTLO issues done after 1, 2 and 4 days in progress, one project issue done after 5 days,
 * one KTLO issue done long ago (outside the window), one waiting in the backlog.
 */
function kanbanSite(now: number): { site: Site; boardId: number; done: { at: number; category: 'KTLO' | 'PROJECT' }[] } {
  const site = emptySite({ now: iso(now) });
  addProject(site, { key: 'KAN', name: 'Kanban team', initialStatus: 'Backlog', access: { [ADMIN_ACCOUNT_ID]: ALL_PROJECT_PERMISSIONS, [DEV_ACCOUNT_ID]: MEMBER_PERMISSIONS } });
  const board = addBoard(site, { name: 'KAN board', type: 'kanban', projectKey: 'KAN', admins: [ADMIN_ACCOUNT_ID] });
  const add = (summary: string, category: 'KTLO' | 'PROJECT', steps: [string, number][]) =>
    addIssue(site, {
      project: 'KAN',
      type: 'Task',
      summary,
      labels: [category === 'KTLO' ? 'ktlo' : 'project-work'],
      created: iso(now - 40 * DAY),
      transitions: steps.map(([to, at]) => ({ at: iso(at), to })),
    });
  for (const n of [1, 2, 3]) add(`Chore in progress ${n}`, 'KTLO', [['Selected for Development', now - 5 * DAY], ['In Progress', now - 4 * DAY + n * HOUR]]);
  add('Feature in review', 'PROJECT', [['In Progress', now - 6 * DAY], ['In Review', now - 2 * DAY]]);
  const done: { at: number; category: 'KTLO' | 'PROJECT' }[] = [];
  ([[1, 30], [2, 20], [4, 12]] as const).forEach(([days, ago], i) => {
    const started = now - ago * DAY;
    add(`Chore done ${i}`, 'KTLO', [['Selected for Development', started - DAY], ['In Progress', started], ['Done', started + days * DAY]]);
    done.push({ at: started + days * DAY, category: 'KTLO' });
  });
  add('Feature shipped', 'PROJECT', [['In Progress', now - 16 * DAY], ['In Review', now - 12 * DAY], ['Done', now - 11 * DAY]]);
  done.push({ at: now - 11 * DAY, category: 'PROJECT' });
  add('Chore done long ago', 'KTLO', [['In Progress', now - 200 * DAY], ['Done', now - 199 * DAY]]);
  add('Idea in the backlog', 'PROJECT', []);
  return { site, boardId: board.id, done };
}

describe('Kanban flow', () => {
  it('a Kanban board never gets a sprint request: no sprints to list, a sprint check says why, a trend without points', async () => {
    const h = await start();
    const caller: Caller = { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:projectPage', project: { key: 'WEB' }, board: { id: DEMO_BOARD_IDS.web, type: 'kanban' } } };
    expect(await browserSprintList(h, caller)).toMatchObject({ ok: true, data: { board: { id: DEMO_BOARD_IDS.web, type: 'kanban' }, sprints: [] } });
    expect(await browserSprint(h, caller)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('Kanban board') } });
    expect(await browserTrend(h, caller)).toMatchObject({ ok: true, data: { points: [], recurring: [] } });
    expect(await browserFlow(h, caller)).toMatchObject({ ok: true });
    expect(h.jira.requests.entries.filter((r) => r.path.includes('/sprint')).map((r) => r.path)).toEqual([]);
  });

  it('WIP against the board KTLO limit, cycle time percentiles and weekly throughput of a seeded board', async () => {
    const now = Date.now();
    const world = kanbanSite(now);
    const h = await start(world.site);
    const caller: Caller = { accountId: ADMIN_ACCOUNT_ID, extension: { type: 'jira:projectPage', project: { key: 'KAN' }, board: { id: world.boardId, type: 'kanban' } } };
    const flow = async () => {
      const answer = await browserFlow(h, caller);
      if (!answer.ok) throw new Error(answer.error.message);
      return answer.data;
    };
    const first = await flow();
    // In Review counts as in progress (status category indeterminate), Selected for Development does not.
    expect(first).toMatchObject({ board: { id: world.boardId, type: 'kanban' }, wip: { KTLO: 3, PROJECT: 1 }, ktloWip: { count: 3, limit: null, status: 'no-limit' } });
    // The KTLO issues in progress are listed, oldest first, each with its age.
    expect(first.ktloWip.issues).toHaveLength(3);
    const ages = first.ktloWip.issues.map((i) => i.ageDays);
    expect(ages).toEqual([...ages].sort((x, y) => y - x));
    expect(ages.every((d) => d >= 0)).toBe(true);
    // Nearest rank: KTLO 1, 2, 4 days -> p50 2, p85 4; the project issue alone: 5 days in progress (In Progress to Done).
    expect(first.cycleTime).toEqual({ KTLO: { p50: 2, p85: 4, samples: 3 }, PROJECT: { p50: 5, p85: 5, samples: 1 } });
    expect(first.ktloThroughputShare).toBe(0.75);
    expect(first.throughput).toHaveLength(8);
    expect(first.throughput[7]?.weekStart).toBe(weekStartOf(now));
    expect(first.throughput.map((w) => w.weekStart)).toEqual(Array.from({ length: 8 }, (_, i) => weekStartOf(now - (7 - i) * WEEK)));
    const expected = first.throughput.map((w) => ({
      weekStart: w.weekStart,
      KTLO: world.done.filter((d) => d.category === 'KTLO' && weekStartOf(d.at) === w.weekStart).length,
      PROJECT: world.done.filter((d) => d.category === 'PROJECT' && weekStartOf(d.at) === w.weekStart).length,
    }));
    expect(first.throughput).toEqual(expected);

    await saveBoard(h, caller, { wipLimit: 2 });
    expect((await flow()).ktloWip).toMatchObject({ count: 3, limit: 2, status: 'over' });
    await saveBoard(h, caller, { wipLimit: 3 });
    expect((await flow()).ktloWip).toMatchObject({ count: 3, limit: 3, status: 'within' });
  });

  it('board 2 of the demo: WIP against a saved limit, cycle time and throughput consistent with the status history', async () => {
    const h = await start();
    const site = h.jira.site;
    // Dan administers the WEB board without administering the project: he may set its limit.
    const caller: Caller = { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:projectPage', project: { key: 'WEB' }, board: { id: DEMO_BOARD_IDS.web, type: 'kanban' } } };
    const flow = async () => {
      const answer = await browserFlow(h, caller);
      if (!answer.ok) throw new Error(answer.error.message);
      return answer.data;
    };
    const before = await flow();
    const web = [...site.issues.values()].filter((i) => i.projectKey === 'WEB');
    const inProgress = web.filter((i) => statusById(site, i.statusId).category === 'indeterminate');
    expect(before.wip.KTLO + before.wip.PROJECT).toBe(inProgress.length);
    // Two KTLO chores are in progress on the demo board (a limit of one less is then exceeded).
    expect(before.wip.KTLO).toBeGreaterThanOrEqual(2);
    // Each of them is listed by key, every one of them in progress on the board.
    expect(before.ktloWip.issues).toHaveLength(before.wip.KTLO);
    const inProgressKeys = new Set(inProgress.map((i) => i.key));
    expect(before.ktloWip.issues.every((i) => inProgressKeys.has(i.key))).toBe(true);

    // Throughput: issues done now, by when they last entered a done status, in the eight weeks up to now.
    const now = Date.now();
    const windowStart = Date.parse(`${weekStartOf(now - 7 * WEEK)}T00:00:00.000Z`);
    const siteNow = Date.parse(site.now);
    const lastDone = web.flatMap((i) => {
      if (statusById(site, i.statusId).category !== 'done' || i.resolutiondate === null || Date.parse(i.resolutiondate) < siteNow - 8 * WEEK) return [];
      const entered = i.changelog.filter((c) => c.items.some((it) => it.fieldId === 'status' && statusById(site, it.to ?? '').category === 'done'));
      const at = entered.length === 0 ? null : Date.parse(entered[entered.length - 1]?.created ?? '');
      return at !== null && at >= windowStart ? [at] : [];
    });
    const perWeek = before.throughput.map((w) => w.KTLO + w.PROJECT);
    expect(perWeek).toEqual(before.throughput.map((w) => lastDone.filter((at) => weekStartOf(at) === w.weekStart).length));
    const finished = perWeek.reduce((a, b) => a + b, 0);
    expect(before.cycleTime.KTLO.samples + before.cycleTime.PROJECT.samples).toBe(finished);
    const ktloDone = before.throughput.reduce((n, w) => n + w.KTLO, 0);
    expect(before.cycleTime.KTLO.samples).toBe(ktloDone);
    expect(before.ktloThroughputShare).toBe(finished === 0 ? null : ktloDone / finished);
    for (const c of [before.cycleTime.KTLO, before.cycleTime.PROJECT]) {
      if (c.samples > 0) expect(c.p50).not.toBeNull();
      if (c.p50 !== null && c.p85 !== null) expect(c.p50).toBeLessThanOrEqual(c.p85);
    }

    await saveBoard(h, caller, { wipLimit: before.wip.KTLO - 1 });
    expect((await flow()).ktloWip).toMatchObject({ count: before.wip.KTLO, limit: before.wip.KTLO - 1, status: 'over' });
    await saveBoard(h, caller, { wipLimit: before.wip.KTLO });
    expect((await flow()).ktloWip).toMatchObject({ count: before.wip.KTLO, limit: before.wip.KTLO, status: 'within' });
  });
});
