import { seededRandom } from '../seeded-random';
import {
  MEMBER_PERMISSIONS,
  ALL_PROJECT_PERMISSIONS,
  ADMIN_ACCOUNT_ID,
  DEV_ACCOUNT_ID,
  addBoard,
  addFilter,
  addIssue,
  addProject,
  addSprint,
  addUser,
  emptySite,
  type Site,
  type Sprint,
} from './site-model';
import {
  OPS_BACKLOG_KTLO,
  OPS_COMPONENTS,
  OPS_EPICS,
  OPS_PLANNED_KTLO,
  OPS_UNPLANNED,
  SEC_COMPONENTS,
  SEC_ITEMS,
  WEB_COMPONENTS,
  WEB_EPICS,
  WEB_FEATURES,
  WEB_KTLO,
  accessibilityCheck,
  onCallHandover,
  sentryTriage,
  weeklyDependencyBatch,
  weeklyRestoreTest,
  type Epic,
  type WorkItem,
} from './demo-content';

/**
 * The demo site: a platform team on a scrum board (OPS, board 1: six closed two-week sprints, one active, one future), a
 * product team on a kanban board (WEB, board 2) and a restricted security project (SEC, board 3), as of a fixed "today".
 * Built deterministically (a seeded generator, no clock), so tests can rely on every date and count.
 */

export const DEMO_NOW = '2026-11-27T09:00:00.000Z';
export const DEMO_BOARD_IDS = { ops: 1, web: 2, sec: 3 } as const;
export const DEMO_FILTER_IDS = { ops: 10000, web: 10001, sec: 10002 } as const;
export const DEMO_SPRINT_IDS = { closed: [37, 38, 39, 40, 41, 42], active: 43, future: 44 } as const;

/** Team members besides Ana (admin) and Dan (developer): they own and work the issues. */
export const DEMO_TEAM = {
  priya: '5d8a3f2e1c9b4a0012ab34cd',
  tomas: '5e2b7c9d0a1f3e0013bc45de',
  lena: '5f3c8d0e1b2a4f0014cd56ef',
  sam: '60a4d9e1f2c3b50015de67f0',
  sofia: '61b5eaf203d4c60016ef7801',
} as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse(DEMO_NOW);
/** The first OPS sprint in the demo started on this Wednesday; the team runs two-week sprints. */
const FIRST_SPRINT_START = Date.parse('2026-08-26T09:00:00.000Z');
/** Monday of ISO week 1 of 2026. */
const ISO_WEEK_ONE = Date.parse('2025-12-29T09:00:00.000Z');

interface Step {
  at: number;
  to: string;
  by: string;
}

interface SprintMove {
  at: number;
  sprintId: number;
  action: 'add' | 'remove';
  by: string;
}

/** An issue to create: all times known up front, so epics can follow their children and keys follow creation time. */
interface Plan {
  project: string;
  type: string;
  item: Omit<WorkItem, 'type' | 'subtasks'>;
  created: number;
  reporter: string;
  assignee: string | null;
  parent?: Plan;
  steps: Step[];
  sprints: SprintMove[];
}

class Planner {
  readonly plans: Plan[] = [];
  private readonly random = seededRandom(20261127);

  /** A number in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.random();
  }

  pick<T>(list: readonly T[]): T {
    const chosen = list[Math.floor(this.random() * list.length)];
    if (chosen === undefined) throw new Error('pick from an empty list');
    return chosen;
  }

  add(plan: Plan): Plan {
    this.plans.push(plan);
    return plan;
  }
}

/** Steps through the workflow at the given offsets from `start`; steps after `limit` have not happened yet. */
function flow(start: number, offsets: [string, number][], limit: number, by: string): Step[] {
  return offsets.map(([to, offset]) => ({ at: start + offset, to, by })).filter((s) => s.at <= limit);
}

function isoWeekMonday(week: number): number {
  return ISO_WEEK_ONE + (week - 1) * 7 * DAY;
}

function isoWeekOf(at: number): number {
  return Math.floor((at - ISO_WEEK_ONE) / (7 * DAY)) + 1;
}

/** Sub-tasks share their parent's sprint moves and are done, one after another, before it goes to review. */
function planSubtasks(planner: Planner, parent: Plan, summaries: readonly string[]): void {
  const start = parent.steps.find((s) => s.to === 'In Progress')?.at;
  const review = parent.steps.find((s) => s.to === 'In Review')?.at ?? (start === undefined ? undefined : start + 3 * DAY);
  summaries.forEach((summary, i) => {
    const steps: Step[] = [];
    if (start !== undefined && review !== undefined) {
      const slot = (review - start) / (summaries.length + 1);
      steps.push(...flow(start + i * slot + HOUR, [['In Progress', 0], ['Done', slot]], NOW, parent.assignee ?? parent.reporter));
    }
    planner.add({
      project: parent.project,
      type: 'Sub-task',
      item: { summary, description: `Part of ${parent.item.summary.charAt(0).toLowerCase()}${parent.item.summary.slice(1)}.` },
      created: parent.created + 2 * HOUR + i * 10 * 60_000,
      reporter: parent.reporter,
      assignee: parent.assignee,
      parent,
      steps,
      sprints: parent.sprints.map((m) => ({ ...m })),
    });
  });
}

/** An epic starts with its first child and is done a day after its last child, if all are done by now. */
function epicSteps(children: readonly Plan[], by: string): Step[] {
  const starts = children.flatMap((c) => c.steps.filter((s) => s.to === 'In Progress').map((s) => s.at));
  const dones = children.map((c) => c.steps.find((s) => s.to === 'Done')?.at);
  const steps: Step[] = [];
  if (starts.length > 0) steps.push({ at: Math.min(...starts) - HOUR, to: 'In Progress', by });
  const finished = dones.every((d): d is number => d !== undefined);
  if (finished && dones.length > 0 && Math.max(...dones) + DAY <= NOW) steps.push({ at: Math.max(...dones) + DAY, to: 'Done', by });
  return steps;
}

function interleave<T>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  const longest = Math.max(...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) for (const list of lists) if (i < list.length) out.push(list[i] as T);
  return out;
}

function setUpPeopleAndProjects(site: Site): void {
  addUser(site, { accountId: DEMO_TEAM.priya, email: 'priya.natarajan@demo.test', displayName: 'Priya Natarajan' });
  addUser(site, { accountId: DEMO_TEAM.tomas, email: 'tomas.ortega@demo.test', displayName: 'Tomás Ortega', timeZone: 'Europe/Madrid' });
  addUser(site, { accountId: DEMO_TEAM.lena, email: 'lena.fischer@demo.test', displayName: 'Lena Fischer', timeZone: 'Europe/Berlin' });
  addUser(site, { accountId: DEMO_TEAM.sam, email: 'sam.okafor@demo.test', displayName: 'Sam Okafor' });
  addUser(site, { accountId: DEMO_TEAM.sofia, email: 'sofia.lindqvist@demo.test', displayName: 'Sofia Lindqvist', timeZone: 'Europe/Stockholm' });
  const devAccess = ['BROWSE_PROJECTS', 'EDIT_ISSUES'] as const;
  addProject(site, {
    key: 'OPS',
    name: 'Platform Operations',
    lead: DEMO_TEAM.priya,
    components: OPS_COMPONENTS,
    access: {
      [ADMIN_ACCOUNT_ID]: ALL_PROJECT_PERMISSIONS,
      [DEV_ACCOUNT_ID]: devAccess,
      [DEMO_TEAM.priya]: [...MEMBER_PERMISSIONS, 'ADMINISTER_PROJECTS', 'MANAGE_SPRINTS_PERMISSION'],
      [DEMO_TEAM.tomas]: MEMBER_PERMISSIONS,
    },
  });
  addProject(site, {
    key: 'WEB',
    name: 'Web Storefront',
    lead: DEMO_TEAM.lena,
    components: WEB_COMPONENTS,
    initialStatus: 'Backlog',
    access: {
      [ADMIN_ACCOUNT_ID]: ALL_PROJECT_PERMISSIONS,
      [DEV_ACCOUNT_ID]: devAccess,
      [DEMO_TEAM.lena]: [...MEMBER_PERMISSIONS, 'ADMINISTER_PROJECTS'],
      [DEMO_TEAM.sam]: MEMBER_PERMISSIONS,
    },
  });
  addProject(site, {
    key: 'SEC',
    name: 'Security Operations',
    lead: DEMO_TEAM.sofia,
    components: SEC_COMPONENTS,
    access: { [ADMIN_ACCOUNT_ID]: ALL_PROJECT_PERMISSIONS, [DEMO_TEAM.sofia]: [...MEMBER_PERMISSIONS, 'ADMINISTER_PROJECTS'] },
  });
  addFilter(site, { id: DEMO_FILTER_IDS.ops, name: 'Filter for OPS board', jql: 'project = OPS ORDER BY Rank', owner: DEMO_TEAM.priya });
  addFilter(site, { id: DEMO_FILTER_IDS.web, name: 'Filter for WEB board', jql: 'project = WEB ORDER BY Rank', owner: DEMO_TEAM.lena });
  addFilter(site, { id: DEMO_FILTER_IDS.sec, name: 'Filter for SEC board', jql: 'project = SEC ORDER BY Rank', owner: DEMO_TEAM.sofia });
  addBoard(site, { id: DEMO_BOARD_IDS.ops, name: 'OPS board', type: 'scrum', projectKey: 'OPS', filterId: DEMO_FILTER_IDS.ops, admins: [ADMIN_ACCOUNT_ID, DEMO_TEAM.priya] });
  addBoard(site, {
    id: DEMO_BOARD_IDS.web,
    name: 'WEB board',
    type: 'kanban',
    projectKey: 'WEB',
    filterId: DEMO_FILTER_IDS.web,
    // Dan administers the WEB board without administering the project.
    admins: [ADMIN_ACCOUNT_ID, DEMO_TEAM.lena, DEV_ACCOUNT_ID],
    columns: [
      { name: 'Backlog', statuses: ['Backlog'] },
      { name: 'Selected for Development', statuses: ['Selected for Development'] },
      { name: 'In Progress', statuses: ['In Progress'], max: 4 },
      { name: 'In Review', statuses: ['In Review'], max: 3 },
      { name: 'Done', statuses: ['Done', "Won't Do"] },
    ],
  });
  addBoard(site, {
    id: DEMO_BOARD_IDS.sec,
    name: 'SEC board',
    type: 'kanban',
    projectKey: 'SEC',
    filterId: DEMO_FILTER_IDS.sec,
    admins: [ADMIN_ACCOUNT_ID, DEMO_TEAM.sofia],
    columns: [
      { name: 'To Do', statuses: ['To Do'] },
      { name: 'In Progress', statuses: ['In Progress', 'In Review'] },
      { name: 'Done', statuses: ['Done', "Won't Do"] },
    ],
  });
}

const SPRINT_GOALS = [
  'Billing database on PostgreSQL 16 in staging',
  'Tracing in every cluster',
  'Blue/green deploys for payments',
  'Billing reads on PostgreSQL 16',
  'Payments deploys without failed payments',
  'Self-service databases in pilot',
  'SLO alerts for checkout and search',
  'Retire the static CI runners',
];

function planOpsSprints(site: Site): Sprint[] {
  return SPRINT_GOALS.map((goal, i) => {
    const start = FIRST_SPRINT_START + i * 14 * DAY;
    const id = DEMO_SPRINT_IDS.closed[0] + i;
    const name = `OPS Sprint ${18 + i}`;
    if (i < DEMO_SPRINT_IDS.closed.length) {
      return addSprint(site, {
        id,
        boardId: DEMO_BOARD_IDS.ops,
        name,
        state: 'closed',
        goal,
        createdDate: new Date(start - 7 * DAY).toISOString(),
        startDate: new Date(start).toISOString(),
        endDate: new Date(start + 14 * DAY).toISOString(),
        // Completed just before the next sprint starts: unfinished work moves on before that sprint begins.
        completeDate: new Date(start + 14 * DAY - HOUR + i * 7 * 60_000).toISOString(),
      });
    }
    if (id === DEMO_SPRINT_IDS.active) {
      return addSprint(site, {
        id,
        boardId: DEMO_BOARD_IDS.ops,
        name,
        state: 'active',
        goal,
        createdDate: new Date(start - 7 * DAY).toISOString(),
        startDate: new Date(start).toISOString(),
        endDate: new Date(start + 14 * DAY).toISOString(),
      });
    }
    return addSprint(site, { id, boardId: DEMO_BOARD_IDS.ops, name, state: 'future', goal, createdDate: new Date(start - 14 * DAY).toISOString() });
  });
}

function planOps(site: Site, planner: Planner): void {
  const team = [DEMO_TEAM.priya, DEMO_TEAM.tomas, DEV_ACCOUNT_ID];
  const scrumMaster = DEMO_TEAM.priya;
  const sprints = planOpsSprints(site);
  const epics = OPS_EPICS.map((epic, i) => ({ epic, plan: planEpic(planner, 'OPS', epic, Date.parse('2026-07-20T10:00:00.000Z') + i * DAY, scrumMaster) }));
  const childrenOf = new Map<Plan, Plan[]>(epics.map((e) => [e.plan, []]));
  // Three epics are worked first and finish; the other three follow.
  const order = [0, 1, 4, 2, 3, 5];
  const lanes = (indices: number[]) =>
    interleave(indices.map((i) => {
      const e = epics[i];
      return e ? e.epic.children.map((child) => ({ child, epic: e.plan })) : [];
    }));
  const queue = [...lanes(order.slice(0, 3)), ...lanes(order.slice(3))];
  const take = (n: number) => queue.splice(0, n);
  let carried: Plan[] = [];

  sprints.forEach((sprint, index) => {
    const start = FIRST_SPRINT_START + index * 14 * DAY;
    const end = start + 14 * DAY;
    const closedAt = sprint.completeDate ? Date.parse(sprint.completeDate) : undefined;
    const planning = sprint.state === 'future' ? Date.parse('2026-11-26T14:00:00.000Z') : start - 2 * HOUR;
    const limit = sprint.state === 'closed' ? end - 3 * HOUR : NOW;
    const working = sprint.state !== 'future';

    // Unfinished work from the previous sprint moved here when it closed, and goes on.
    carried.forEach((plan, i) => {
      if (sprint.state === 'active' && i === carried.length - 1) return;
      plan.steps.push(...flow(start, [['In Review', 2 * DAY + i * 5 * HOUR], ['Done', 3 * DAY + 12 * HOUR + i * 5 * HOUR]], limit, plan.assignee ?? scrumMaster));
    });

    const project = take(sprint.state === 'closed' ? 5 : sprint.state === 'active' ? 6 : 5);
    const nextCarried: Plan[] = [];
    const carryCount = sprint.state === 'closed' ? (index === DEMO_SPRINT_IDS.closed.length - 1 ? 2 : 1) : 0;
    project.forEach(({ child, epic }, i) => {
      const assignee = planner.pick(team);
      const created = planning - planner.between(3, 20) * DAY;
      const plan = planner.add({
        project: 'OPS',
        type: child.type,
        item: child,
        created,
        reporter: scrumMaster,
        assignee,
        parent: epic,
        steps: [],
        sprints: [{ at: planning, sprintId: sprint.id, action: 'add', by: scrumMaster }],
      });
      childrenOf.get(epic)?.push(plan);
      const carry = i >= project.length - carryCount;
      if (carry && closedAt !== undefined) {
        plan.steps.push({ at: start + 4 * DAY, to: 'In Progress', by: assignee });
        plan.sprints.push({ at: closedAt, sprintId: sprint.id + 1, action: 'add', by: scrumMaster });
        nextCarried.push(plan);
      } else if (sprint.state === 'active' && i === project.length - 1) {
        // Taken out two days in to make room for the incidents.
        plan.sprints.push({ at: start + 2 * DAY + 3 * HOUR, sprintId: sprint.id, action: 'remove', by: scrumMaster });
      } else if (working) {
        const dev = (child.points ?? 3) * 0.6 * DAY * planner.between(0.7, 1.3);
        const review = planner.between(0.3, 1.2) * DAY;
        const latestStart = Math.max(start + 12 * HOUR, end - 3 * HOUR - dev - review);
        plan.steps.push(...flow(planner.between(start + 12 * HOUR, latestStart), [['In Progress', 0], ['In Review', dev], ['Done', dev + review]], limit, assignee));
      }
      if (child.subtasks) planSubtasks(planner, plan, child.subtasks);
    });
    carried = nextCarried;

    const weeks = [isoWeekOf(start), isoWeekOf(start) + 1];
    const chores: { item: WorkItem; day: number }[] = [
      ...weeks.map((w, i) => ({ item: weeklyRestoreTest(w), day: 1 + 7 * i })),
      ...(sprint.state === 'future' ? [] : weeks.map((w, i) => ({ item: onCallHandover(w), day: 6 + 7 * i }))),
      ...(OPS_PLANNED_KTLO[index] ?? []).map((item) => ({ item, day: planner.between(0.5, 9) })),
    ];
    for (const { item, day } of chores) {
      const assignee = planner.pick(team);
      planner.add({
        project: 'OPS',
        type: item.type,
        item,
        created: planning - planner.between(1, 10) * DAY,
        reporter: scrumMaster,
        assignee,
        steps: working ? flow(start + day * DAY, [['In Progress', 0], ['Done', planner.between(2, 20) * HOUR]], limit, assignee) : [],
        sprints: [{ at: planning, sprintId: sprint.id, action: 'add', by: scrumMaster }],
      });
    }

    // Raised after the sprint started and pulled straight in: unplanned work.
    for (const { day, item } of OPS_UNPLANNED[index] ?? []) {
      const raised = start + day * DAY + planner.between(1, 6) * HOUR;
      const assignee = planner.pick(team);
      planner.add({
        project: 'OPS',
        type: item.type,
        item,
        created: raised,
        reporter: assignee,
        assignee,
        steps: flow(raised + HOUR, [['In Progress', 0], ['Done', planner.between(3, 30) * HOUR]], limit, assignee),
        sprints: [{ at: raised + 30 * 60_000, sprintId: sprint.id, action: 'add', by: assignee }],
      });
    }
  });

  // The rest of the epics' work and some chores wait in the backlog.
  const backlogStart = Date.parse('2026-10-01T10:00:00.000Z');
  [...queue.map(({ child, epic }) => ({ item: child, epic })), ...OPS_BACKLOG_KTLO.map((item) => ({ item, epic: undefined }))].forEach(({ item, epic }, i) => {
    const plan = planner.add({
      project: 'OPS',
      type: item.type,
      item,
      created: backlogStart + i * 3 * DAY + planner.between(0, 8) * HOUR,
      reporter: scrumMaster,
      assignee: null,
      ...(epic ? { parent: epic } : {}),
      steps: [],
      sprints: [],
    });
    if (epic) childrenOf.get(epic)?.push(plan);
  });
  planner.add({
    project: 'OPS',
    type: 'Task',
    item: {
      summary: 'Evaluate a second log vendor for cold storage',
      points: 3,
      components: ['Observability'],
      description: 'Dropped: the archive to S3 covers the need at a fraction of the cost.',
    },
    created: Date.parse('2026-09-02T11:00:00.000Z'),
    reporter: DEMO_TEAM.tomas,
    assignee: null,
    steps: [{ at: Date.parse('2026-10-14T15:00:00.000Z'), to: "Won't Do", by: scrumMaster }],
    sprints: [],
  });

  for (const { plan } of epics) plan.steps = epicSteps(childrenOf.get(plan) ?? [], scrumMaster);
}

function planEpic(planner: Planner, project: string, epic: Epic, created: number, owner: string): Plan {
  return planner.add({
    project,
    type: 'Epic',
    item: { summary: epic.summary, description: epic.description, ...(epic.labels ? { labels: epic.labels } : {}), components: epic.components },
    created,
    reporter: owner,
    assignee: owner,
    steps: [],
    sprints: [],
  });
}

/** Kanban: Backlog -> Selected for Development -> In Progress -> In Review -> Done, paced by the kind of work. */
function planWeb(planner: Planner): void {
  const team = [DEMO_TEAM.lena, DEMO_TEAM.sam, DEV_ACCOUNT_ID];
  const owner = DEMO_TEAM.lena;
  const from = Date.parse('2026-08-17T09:00:00.000Z');
  const to = Date.parse('2026-11-26T16:00:00.000Z');
  const epics = WEB_EPICS.map((epic, i) => ({ epic, plan: planEpic(planner, 'WEB', epic, from - (10 - i) * DAY, owner) }));
  const children = interleave(epics.map((e) => e.epic.children.map((child) => ({ child, epic: e.plan }))));
  const childrenOf = new Map<Plan, Plan[]>(epics.map((e) => [e.plan, []]));
  const kanban = (item: WorkItem, created: number, pace: 'project' | 'chore' | 'incident' | 'parked', epic?: Plan): Plan => {
    const assignee = pace === 'parked' ? null : planner.pick(team);
    const by = assignee ?? owner;
    let steps: Step[] = [];
    if (pace === 'incident') {
      steps = flow(created + 10 * 60_000, [['In Progress', 0], ['Done', planner.between(1, 5) * HOUR]], NOW, by);
    } else if (pace !== 'parked') {
      const project = pace === 'project';
      const selected = planner.between(project ? 2 : 0, project ? 21 : 5) * DAY;
      const started = selected + planner.between(0, project ? 6 : 4) * DAY;
      const reviewed = started + (project ? (item.points ?? 3) * DAY * planner.between(0.8, 1.6) : planner.between(0.2, 2) * DAY);
      const done = reviewed + planner.between(project ? 0.5 : 0.1, project ? 2 : 1) * DAY;
      steps = flow(created, [['Selected for Development', selected], ['In Progress', started], ['In Review', reviewed], ['Done', done]], NOW, by);
    }
    const plan = planner.add({ project: 'WEB', type: item.type, item, created, reporter: owner, assignee, ...(epic ? { parent: epic } : {}), steps, sprints: [] });
    if (epic) childrenOf.get(epic)?.push(plan);
    return plan;
  };

  children.forEach(({ child, epic }, i) => kanban(child, from + (i * (to - from - 5 * DAY)) / children.length, 'project', epic));
  WEB_FEATURES.forEach((item, i) => {
    const parked = item.summary.startsWith('Product comparison') || item.summary.startsWith('Store locator') || item.summary.startsWith('Dark mode');
    const plan = kanban(item, from + 5 * DAY + i * 15 * DAY + planner.between(0, 2) * DAY, parked ? 'parked' : 'project');
    if (item.summary.startsWith('Dark mode')) plan.steps.push({ at: Date.parse('2026-10-20T10:30:00.000Z'), to: "Won't Do", by: owner });
  });
  WEB_KTLO.forEach((item) => kanban(item, planner.between(from, to), item.type === 'Incident' ? 'incident' : 'chore'));
  for (let week = isoWeekOf(from); isoWeekMonday(week) <= to; week++) {
    kanban(weeklyDependencyBatch(week), isoWeekMonday(week), 'chore');
    kanban(sentryTriage(week), isoWeekMonday(week) + HOUR, 'chore');
  }
  ['September', 'October', 'November'].forEach((month, i) => kanban(accessibilityCheck(month), Date.parse(`2026-${String(9 + i).padStart(2, '0')}-01T09:00:00.000Z`), 'chore'));
  for (const { plan } of epics) plan.steps = epicSteps(childrenOf.get(plan) ?? [], owner);
}

function planSec(planner: Planner): void {
  const owner = DEMO_TEAM.sofia;
  const from = Date.parse('2026-09-01T09:00:00.000Z');
  SEC_ITEMS.forEach((item, i) => {
    const created = from + i * 7 * DAY + planner.between(0, 2) * DAY;
    const steps =
      item.type === 'Incident'
        ? flow(created + 15 * 60_000, [['In Progress', 0], ['Done', planner.between(4, 30) * HOUR]], NOW, owner)
        : flow(created, [['In Progress', planner.between(1, 10) * DAY], ['Done', planner.between(12, 30) * DAY]], NOW, owner);
    planner.add({ project: 'SEC', type: item.type, item, created, reporter: owner, assignee: owner, steps, sprints: [] });
  });
}

function materialise(site: Site, plans: readonly Plan[]): void {
  const keys = new Map<Plan, string>();
  const iso = (at: number) => new Date(at).toISOString();
  // Keys and ids follow creation time, across projects, as on a real site.
  const ordered = [...plans].sort((a, b) => a.created - b.created);
  for (const plan of ordered) {
    const parent = plan.parent ? keys.get(plan.parent) : undefined;
    if (plan.parent && parent === undefined) throw new Error(`parent of "${plan.item.summary}" is created after it`);
    const { item } = plan;
    const issue = addIssue(site, {
      project: plan.project,
      type: plan.type,
      summary: item.summary,
      description: item.description,
      ...(item.labels ? { labels: item.labels } : {}),
      ...(item.components ? { components: item.components } : {}),
      ...(item.priority ? { priority: item.priority } : {}),
      ...(item.points === undefined || plan.type === 'Epic' || plan.type === 'Sub-task' ? {} : { storyPoints: item.points }),
      ...(plan.project === 'WEB' && item.points !== undefined && plan.type !== 'Epic' ? { originalEstimateSeconds: item.points * 4 * 3600 } : {}),
      created: iso(plan.created),
      ...(parent ? { parent } : {}),
      reporter: plan.reporter,
      ...(plan.assignee ? { assignee: plan.assignee } : {}),
      transitions: plan.steps.map((s) => ({ at: iso(s.at), to: s.to, by: s.by })),
      sprints: plan.sprints.map((m) => ({ at: iso(m.at), sprintId: m.sprintId, action: m.action, by: m.by })),
    });
    keys.set(plan, issue.key);
  }
}

export function createDemoSite(): Site {
  const site = emptySite({ now: DEMO_NOW });
  setUpPeopleAndProjects(site);
  const planner = new Planner();
  planOps(site, planner);
  planWeb(planner);
  planSec(planner);
  materialise(site, planner.plans);
  return site;
}
