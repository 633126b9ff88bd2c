import FakeTimers from '@sinonjs/fake-timers';
import { startAppHost, type AppHost } from '../dev/app-host';
import { ADMIN_ACCOUNT_ID, addBoard, addIssue, addProject, addSprint, addToSprint, DEV_ACCOUNT_ID, emptySite, MEMBER_PERMISSIONS, ALL_PROJECT_PERMISSIONS, transition, type Site } from '../dev/jira/site';
import { seededRandom } from '../dev/seeded-random';
import { TIER1_POINTS_PER_HOUR } from '../dev/jira/points-meter';
import { PURPOSES, type Purpose } from '../src/jira/points';
import { ledgerSummary } from '../src/storage/points-ledger';
import { boardSnapshots } from '../src/storage/snapshot-store';
import { recordResults } from './results';

/**
 * A day of a reference site in Jira points, through the real handlers, the local Forge runtime and the server's
 * points meter: 10 scrum boards (one project each), 3,000 issues, 300 edits of what the rules read spread over the
 * working day as a team's work is (a morning and an afternoon peak), 3 issues a board resolved during the day, 2 sprint
 * closes (each carrying its unfinished quarter over to the next sprint, which starts), the daily run and the hourly
 * refresh of open sprints. Onboarding (enabling the projects, one bulk reclassification, the first read of open
 * sprints) happens the evening before and is not counted. The app's clock is the simulated one (the Date of this
 * process is faked, advancing in real time between the simulated hours), so every window the app computes from its
 * cursors covers simulated time. Issue events carry the fields Forge documents for them (summary, type, status, project, dates),
 * not labels or descriptions, and a changelog with each changed field's new value.
 *
 * Also: one bulk reclassification of a 1,000-issue project. Invocations are counted as the platform bills them (each
 * trigger, each queue delivery, the scheduled run); GB-seconds are estimated as 0.5 GB (the default function memory)
 * times each invocation's time here plus JIRA_LATENCY_S for every Jira request it made.
 */

const PROJECTS = 10;
const ISSUES_PER_PROJECT = 300;
const EDITS = 300;
const SPRINT_SIZE = 40;
const CLOSED_SPRINTS = 3;
const DAY = '2026-12-02';
const ONBOARDING = '2026-12-01T20:00:00.000Z';
/** Issues each board resolves in the day (a 40-issue sprint, three quarters done over ten working days). */
const RESOLVED_PER_BOARD = 3;
/** The share of an active sprint done before the measured day; the rest is carried over at its close. */
const DONE_BEFORE = 0.75;
/** Share of the day's edits in each UTC hour: quiet nights, a morning and an afternoon peak. */
const EDIT_WEIGHTS = [0, 0, 0, 0, 0, 0, 0, 2, 6, 9, 10, 8, 5, 7, 9, 9, 7, 4, 2, 1, 0, 0, 0, 0];
const DAILY_RUN_HOUR = 2;
const SPRINT_CLOSES: ReadonlyArray<{ hour: number; project: number }> = [
  { hour: 10, project: 0 },
  { hour: 15, project: 1 },
];
const JIRA_LATENCY_S = 0.15;
const GB_PER_FUNCTION = 0.5;
const SUMMARIES = ['Patch the web tier', 'Renew the TLS certificate', 'Build the invoice export', 'Tune noisy disk alerts', 'Migrate search to OpenSearch', 'Rotate service keys'];
const LABELS = [['ktlo'], [], ['project-work'], [], ['chore'], []];

const keyOf = (p: number): string => `P${String.fromCharCode(65 + p)}`;
const at = (hour: number, minute = 0): string => `${DAY}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`;

interface World {
  site: Site;
  /** Per project: board id, the active sprint and the next one. */
  boards: Array<{ boardId: number; active: number; next: number }>;
}

function referenceSite(): World {
  const site = emptySite({ now: at(0) });
  const r = seededRandom(11);
  const boards: World['boards'] = [];
  for (let p = 0; p < PROJECTS; p++) {
    const key = keyOf(p);
    addProject(site, { key, name: `Team ${key}`, access: { [ADMIN_ACCOUNT_ID]: ALL_PROJECT_PERMISSIONS, [DEV_ACCOUNT_ID]: MEMBER_PERMISSIONS } });
    const board = addBoard(site, { name: `${key} board`, type: 'scrum', projectKey: key });
    const sprints: number[] = [];
    for (let s = 0; s <= CLOSED_SPRINTS + 1; s++) {
      const start = Date.parse('2026-10-07T09:00:00.000Z') + s * 14 * 86_400_000;
      const state = s < CLOSED_SPRINTS ? 'closed' : s === CLOSED_SPRINTS ? 'active' : 'future';
      sprints.push(
        addSprint(site, {
          boardId: board.id,
          name: `${key} Sprint ${s + 1}`,
          state,
          ...(state === 'future' ? {} : { startDate: new Date(start).toISOString(), endDate: new Date(start + 14 * 86_400_000).toISOString() }),
          ...(state === 'closed' ? { completeDate: new Date(start + 14 * 86_400_000 - 3_600_000).toISOString() } : {}),
        }).id,
      );
    }
    for (let i = 0; i < ISSUES_PER_PROJECT; i++) {
      const sprint = Math.floor(i / SPRINT_SIZE);
      const doneAt = Date.parse('2026-10-07T12:00:00.000Z') + sprint * 14 * 86_400_000 + Math.floor(r() * 10) * 86_400_000;
      const done = sprint < CLOSED_SPRINTS || (sprint === CLOSED_SPRINTS && i % SPRINT_SIZE < SPRINT_SIZE * DONE_BEFORE);
      addIssue(site, {
        project: key,
        type: 'Task',
        summary: `${SUMMARIES[i % SUMMARIES.length]} ${i}`,
        labels: LABELS[i % LABELS.length] ?? [],
        storyPoints: [1, 2, 3, 5, 8][Math.floor(r() * 5)],
        created: '2026-09-01T09:00:00.000Z',
        ...(done ? { transitions: [{ at: new Date(doneAt).toISOString(), to: 'Done' }] } : {}),
        ...(sprint <= CLOSED_SPRINTS ? { sprints: [{ at: new Date(Date.parse('2026-10-07T08:00:00.000Z') + sprint * 14 * 86_400_000).toISOString(), sprintId: sprints[sprint] ?? 0 }] } : {}),
      });
    }
    boards.push({ boardId: board.id, active: sprints[CLOSED_SPRINTS] ?? 0, next: sprints[CLOSED_SPRINTS + 1] ?? 0 });
  }
  return { site, boards };
}

/** Invocations and their time, as the platform would bill them. */
class Usage {
  invocations = 0;
  seconds = 0;
  async timed<T>(invocations: number, fn: () => Promise<T>): Promise<T> {
    const start = process.hrtime.bigint();
    const value = await fn();
    this.seconds += Number(process.hrtime.bigint() - start) / 1e9;
    this.invocations += invocations;
    return value;
  }
  async drain(h: AppHost): Promise<void> {
    const start = process.hrtime.bigint();
    const report = await h.forge.drainQueues();
    if (report.failed.length > 0) throw new Error(`queued work failed: ${JSON.stringify(report.failed).slice(0, 300)}`);
    this.seconds += Number(process.hrtime.bigint() - start) / 1e9;
    this.invocations += report.succeeded;
  }
}

async function admin(h: AppHost, key: string, payload: unknown): Promise<unknown> {
  const answer = await h.resolve('settings-resolver', key, payload, { accountId: ADMIN_ACCOUNT_ID, extension: { type: 'jira:adminPage' } });
  if (typeof answer !== 'object' || answer === null || !('ok' in answer) || answer.ok !== true) throw new Error(`${key} failed: ${JSON.stringify(answer).slice(0, 300)}`);
  return answer;
}

async function saveGlobal(h: AppHost, settings: Record<string, unknown>): Promise<void> {
  const current = (await admin(h, 'settings/get', { level: 'global' })) as { data: { revision: number } };
  await admin(h, 'settings/save', { level: 'global', expectedRevision: current.data.revision, settings });
  await h.forge.drainQueues();
}

async function byPurpose(): Promise<Record<Purpose, number>> {
  const summary = await ledgerSummary(new Date());
  return Object.fromEntries(PURPOSES.map((p) => [p, summary.today.byPurpose[p].points])) as Record<Purpose, number>;
}

/** The event Forge sends for an edit: the documented issue fields (no labels, no description) and the changelog. */
function editEvent(site: Site, issueId: string, field: string) {
  const issue = site.issues.get(issueId);
  if (!issue) throw new Error(`no issue ${issueId}`);
  return {
    eventType: 'avi:jira:updated:issue',
    atlassianId: DEV_ACCOUNT_ID,
    issue: { id: issue.id, key: issue.key, fields: { summary: issue.summary, issuetype: { id: issue.issueTypeId }, project: { key: issue.projectKey }, status: { id: issue.statusId }, created: issue.created, updated: issue.updated } },
    changelog: { id: String(Date.now()), items: [{ field, fieldtype: 'jira', from: null, fromString: null, to: null, toString: field === 'labels' ? issue.labels.join(' ') : issue.summary }] },
  };
}

async function siteDay(): Promise<Record<string, number>> {
  const clock = FakeTimers.install({ now: Date.parse(ONBOARDING), toFake: ['Date'], shouldAdvanceTime: true });
  const world = referenceSite();
  const { site } = world;
  site.now = ONBOARDING;
  const h = await startAppHost({ jira: { site } });
  const app = h.forge.identity.appId;
  // The evening before: enabled, reclassified once (its budget raised for that), history backfilled, open sprints
  // read once (not counted).
  await saveGlobal(h, { enabledProjects: world.boards.map((_, p) => keyOf(p)), backgroundPointsPerDay: 65_000 });
  await admin(h, 'settings/startBulk', {});
  await h.forge.drainQueues();
  await h.trigger('daily-snapshots-fn', {});
  await h.forge.drainQueues();
  await h.trigger('sprint-copies-fn', {});
  await h.forge.drainQueues();
  // What that evening cost (its ledger day is the day before the measured one).
  const onboarding = Object.values(await byPurpose()).reduce((a, b) => a + b, 0);

  const usage = new Usage();
  const r = seededRandom(5);
  const weightSum = EDIT_WEIGHTS.reduce((a, b) => a + b, 0);
  const hourly: number[] = [];
  let requests = h.jira.requests.count();
  let jiraRequests = 0;
  let editsDone = 0;
  let resolvedDone = 0;
  for (let hour = 0; hour < 24; hour++) {
    clock.setSystemTime(Date.parse(at(hour, 0)));
    site.now = at(hour, 0);
    // The server's clock is the simulated hour: its meter counts each hour on its own.
    h.jira.points.now = () => Date.parse(at(hour, 30));
    // The hourly schedule, at the top of the hour: what changed in the last one.
    await usage.timed(1, () => h.trigger('sprint-copies-fn', {}));
    await usage.drain(h);
    if (hour === DAILY_RUN_HOUR) {
      await usage.timed(1, () => h.trigger('daily-snapshots-fn', {}));
      await usage.drain(h);
    }
    for (const close of SPRINT_CLOSES.filter((c) => c.hour === hour)) {
      const board = world.boards[close.project];
      const [closing, next] = board ? [site.sprints.get(board.active), site.sprints.get(board.next)] : [];
      if (!board || !closing || !next) throw new Error('sprint setup missing');
      clock.setSystemTime(Date.parse(at(hour, 5)));
      site.now = at(hour, 5);
      closing.state = 'closed';
      closing.completeDate = at(hour, 5);
      // Completing the sprint carries its unfinished issues over to the next one.
      for (const issue of site.issues.values()) {
        if (issue.sprintIds.includes(closing.id) && issue.resolutiondate === null) addToSprint(site, issue.key, next.id, at(hour, 5), DEV_ACCOUNT_ID);
      }
      next.state = 'active';
      next.startDate = at(hour, 10);
      next.endDate = new Date(Date.parse(at(hour, 10)) + 14 * 86_400_000).toISOString();
      // The app subscribes to closed sprints only: the next sprint's start sends it nothing. It measures the closed one
      // after the next hourly refresh.
      await usage.timed(1, () => h.trigger('sprint-events-fn', { eventType: 'avi:jira-software:closed:sprint', sprint: { id: String(closing.id), originBoardId: board.boardId, state: 'closed' } }));
      await usage.drain(h);
    }
    // Work done: issues of active sprints resolved (no event reaches the app: its filter passes only what the rules read).
    const resolutions = hour === 23 ? PROJECTS * RESOLVED_PER_BOARD - resolvedDone : Math.round((PROJECTS * RESOLVED_PER_BOARD * (EDIT_WEIGHTS[hour] ?? 0)) / weightSum);
    for (let i = 0; i < resolutions; i++) {
      const open = [...site.issues.values()].filter((issue) => issue.resolutiondate === null && issue.sprintIds.some((id) => site.sprints.get(id)?.state === 'active'));
      const issue = open[Math.floor(r() * open.length)];
      if (issue) transition(site, issue.key, 'Done', at(hour, 1 + Math.floor(r() * 58)), DEV_ACCOUNT_ID);
    }
    resolvedDone += resolutions;
    const edits = hour === 23 ? EDITS - editsDone : Math.round((EDITS * (EDIT_WEIGHTS[hour] ?? 0)) / weightSum);
    for (let e = 0; e < edits; e++) {
      const issue = [...site.issues.values()][Math.floor(r() * site.issues.size)];
      if (!issue) continue;
      const relabel = r() < 0.4;
      if (relabel) issue.labels = r() < 0.5 ? ['ktlo'] : ['project-work'];
      else issue.summary = `${issue.summary.replace(/ \(edited\)$/, '')} (edited)`;
      issue.updated = at(hour, Math.floor(r() * 60));
      await usage.timed(1, () => h.trigger('issue-events-fn', editEvent(site, issue.id, relabel ? 'labels' : 'summary')));
    }
    editsDone += edits;
    await usage.drain(h);
    hourly.push(h.jira.points.usageOf(app).used);
    const now = h.jira.requests.count();
    jiraRequests += now - requests;
    requests = now;
  }
  // The day's ledger holds the measured day only: onboarding was the evening before.
  const after = await byPurpose();
  // The closed sprints' snapshots carry the planned/unplanned KTLO split the reserve reads.
  const closedSnapshots = await h.forge.invoke(
    async () => {
      const ids = new Set(SPRINT_CLOSES.map((c) => world.boards[c.project]?.active));
      return (await Promise.all(SPRINT_CLOSES.map((c) => boardSnapshots(world.boards[c.project]?.boardId ?? 0)))).flat().filter((s) => ids.has(s.sprintId));
    },
    {},
    { kind: 'trigger', principal: null, functionKey: 'bench-read' },
  );
  const withSplit = closedSnapshots.filter((s) => s.ktloUnplanned !== null).length;
  await h.close();
  clock.uninstall();
  const day = hourly.reduce((a, b) => a + b, 0);
  const peak = Math.max(...hourly);
  const purposes = Object.fromEntries(PURPOSES.map((p) => [`site_day.points.${p}`, after[p]]));
  const gbSeconds = GB_PER_FUNCTION * (usage.seconds + jiraRequests * JIRA_LATENCY_S);
  console.log(
    `site day (${PROJECTS} boards, ${PROJECTS * ISSUES_PER_PROJECT} issues, ${EDITS} edits, ${SPRINT_CLOSES.length} sprint closes, daily run): ${day} points [goal <= 1,000], busiest hour ${peak} (hour ${hourly.indexOf(peak)} UTC) -> ${Math.floor(TIER1_POINTS_PER_HOUR / peak)} such sites per 65,000-point pool [goal >= 1,500]; by purpose ${PURPOSES.map((p) => `${p} ${after[p]}`).join(', ')}; ${usage.invocations} invocations, ~${gbSeconds.toFixed(1)} GB-s (${jiraRequests} Jira requests at ${JIRA_LATENCY_S * 1000} ms)`,
  );
  console.log(`site day points by hour: ${hourly.join(' ')}`);
  console.log(`site day: ${withSplit} of ${closedSnapshots.length} closed sprints' snapshots carry the unplanned KTLO split (${closedSnapshots.map((s) => `${s.name}: ${s.ktloPlanned ?? '?'} planned, ${s.ktloUnplanned ?? '?'} unplanned`).join('; ')}); onboarding the evening before: ${onboarding} points`);
  return {
    'site_day.points': day,
    'site_day.peak_hour_points': peak,
    'site_day.installations_per_pool': Math.floor(TIER1_POINTS_PER_HOUR / peak),
    'site_day.invocations': usage.invocations,
    'site_day.gb_seconds': Number(gbSeconds.toFixed(1)),
    'site_day.jira_requests': jiraRequests,
    'site_day.snapshots_with_split': withSplit,
    'site_day.onboarding_points': onboarding,
    ...purposes,
  };
}

async function bulkOfThousand(): Promise<Record<string, number>> {
  const site = emptySite();
  addProject(site, { key: 'BIG', name: 'Big project', access: { [ADMIN_ACCOUNT_ID]: ALL_PROJECT_PERMISSIONS } });
  for (let i = 0; i < 1_000; i++) addIssue(site, { project: 'BIG', type: 'Task', summary: `${SUMMARIES[i % SUMMARIES.length]} ${i}`, labels: LABELS[i % LABELS.length] ?? [], created: '2026-09-01T09:00:00.000Z' });
  const h = await startAppHost({ jira: { site } });
  await saveGlobal(h, { enabledProjects: ['BIG'] });
  const before = await byPurpose();
  await admin(h, 'settings/startBulk', {});
  await h.forge.drainQueues();
  const points = (await byPurpose()).bulk - before.bulk;
  const written = site.appFieldWrites.length;
  await h.close();
  console.log(`bulk reclassification of a 1,000-issue project: ${points} points (${written} field values written)`);
  return { 'bulk_1000.points': points };
}

async function main(): Promise<void> {
  const figures = { ...(await siteDay()), ...(await bulkOfThousand()) };
  recordResults(figures);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
