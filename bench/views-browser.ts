import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { openHostSession, type HostSession } from '../dev/e2e/host-page';
import { startLocalHost, type LocalHost } from '../dev/host';
import type { BridgeLogEntry } from '../dev/host/local-host';
import { DEV_ACCOUNT_ID, emptySite } from '../dev/jira/site';
import type { JiraServer } from '../dev/jira/server';
import { readHostManifest } from '../dev/host/manifest-modules';
import { medianOf, roundTrips } from './measure';
import { SPRINT_MARKS } from '../src/frontend/shared/marks';
import { recordResults } from './results';
import { addKanbanBoardOfIssues, addSprintOfIssues } from './sites';

/**
 * The views as a person opens them: the local Forge host in-process on a generated site (a 1,000- and a 2,000-issue
 * sprint, a 10,000-issue Kanban board, the issue panel of one of the sprint's issues) with 100 ms of latency on every
 * Jira request, the built surfaces in headless Chromium. Each view is opened in the host page's frame as Dan, and
 * timed from setting the frame's address to the first painted frame that shows its numbers (a DOM marker of the
 * loaded view), by the frame's own clock. The Jira server's points meter tells what the view cost: points charged to
 * the app's quota (its resolvers' reads), and what all its reads would cost if bridge requestJira calls were charged
 * too (`points_if_charged`); the browser's own bridge calls are counted from its requests to the host. Chromium's own
 * network timeline tells over which protocol and how many connections the reads went, and how long the longest waited
 * for a connection. One cold open, then the median of five (three left a run-to-run spread of ±40 ms on a quiet
 * machine: the local Jira's and the browser's scheduling). Prints the figures and records them; it asserts no
 * threshold.
 */

const LATENCY_MS = 100;
/**
 * The host serves over HTTPS with HTTP/2, as Jira Cloud does; `--http1` serves plain HTTP/1.1 instead (the browser's
 * six connections to an origin), to compare. Figures are recorded only over HTTP/2.
 */
const HTTP1 = process.argv.includes('--http1');
const WARM_RUNS = 5;
/** Far beyond any target: a view that has not shown its numbers by then is reported as not shown. */
const VIEW_TIMEOUT_MS = 60_000;
/** No Jira request for this long: what a view set going (its invokes, queued work) has finished. */
const QUIET_MS = 4 * LATENCY_MS;

interface ViewSpec {
  key: string;
  label: string;
  moduleKey: string;
  projectKey?: string;
  boardId?: number;
  sprintId?: number;
  issueKey?: string;
  /** The test id of an element the view renders only once its numbers are in. */
  marker: string;
  /** The test id of what the view draws after its numbers (the issue lists' rows): timed too, as `<key>.rows_ms`. */
  rowsMarker?: string;
  /** Issue 11's goal for the warm figure, printed beside it. */
  targetMs?: number;
}

const VIEWS: readonly ViewSpec[] = [
  { key: 'capacity_1000', label: 'sprint capacity of a 1,000-issue sprint', moduleKey: 'ktlo-sprint-capacity', boardId: 1, sprintId: 100, marker: 'ktlo-share', rowsMarker: 'ktlo-issues', targetMs: 600 },
  { key: 'capacity_2000', label: 'sprint capacity of a 2,000-issue sprint', moduleKey: 'ktlo-sprint-capacity', boardId: 3, sprintId: 300, marker: 'ktlo-share', rowsMarker: 'ktlo-issues' },
  { key: 'flow_10000', label: 'project page flow tab of a 10,000-issue Kanban board', moduleKey: 'ktlo-project-page', projectKey: 'SUP', boardId: 2, marker: 'wip-count', targetMs: 3_000 },
  { key: 'issue_panel', label: 'issue panel of an issue of the 1,000-issue sprint', moduleKey: 'ktlo-issue-panel', issueKey: 'OPS-1', marker: 'category-lozenge' },
];

interface Opened {
  ms: number;
  /** When the rows the view draws after its numbers were painted (views with a `rowsMarker`). */
  rowsMs: number | null;
  /** A sprint view's own marks (SPRINT_MARKS): its reads answered in the browser, and the sprint measured there. */
  readInMs: number | null;
  measuredMs: number | null;
  shown: boolean;
  /** The marker's text, or what the frame showed instead (an error, a spinner). */
  text: string;
  points: number;
  pointsIfCharged: number;
  browserRequests: number;
  /** The longest chain of the browser's requestJira calls, each sent after the one before it was answered. */
  browserRoundTrips: number;
  invokes: number;
  /**
   * Where the time went, in ms from opening: the browser's first requestJira sent (the frame's start, its context and
   * the code the reads need), its last one answered (the reads), the numbers on screen (measuring and drawing).
   */
  firstReadMs: number | null;
  readsDoneMs: number | null;
  /** The longest the Jira server took to answer one of those reads (its latency included), as the host timed it. */
  slowestReadMs: number | null;
  jiraRequests: number;
  /** The browser's requestJira calls on the wire (Chromium's own timeline): see `wireOf`. */
  wire: Wire;
  /** The app's requests charged during the view, by method and path: "POST /rest/api/3/issue/bulkfetch x10: 1010". */
  charged: string[];
}

/** How the browser's requestJira calls went out: the protocol, over how many connections, and how long the longest waited for one. */
interface Wire {
  protocol: string;
  connections: number;
  /** The longest a call waited in the browser between being asked for and being sent (a free connection). */
  queuedMs: number;
}

interface WireCall {
  asked: number;
  sent?: number;
  protocol?: string;
  connection?: number;
}

/** Chromium's network timeline of the page (its frames included), by request id, from the DevTools protocol. */
async function watchWire(session: HostSession): Promise<{ calls: Map<string, WireCall>; urls: Map<string, string> }> {
  const cdp = await session.context.newCDPSession(session.page);
  await cdp.send('Network.enable');
  const calls = new Map<string, WireCall>();
  const urls = new Map<string, string>();
  cdp.on('Network.requestWillBeSent', (e) => {
    urls.set(e.requestId, e.request.url);
    calls.set(e.requestId, { asked: e.timestamp * 1000 });
  });
  cdp.on('Network.responseReceived', (e) => {
    const call = calls.get(e.requestId);
    const timing = e.response.timing;
    if (!call || !timing) return;
    calls.set(e.requestId, { ...call, sent: timing.requestTime * 1000 + timing.sendStart, protocol: e.response.protocol ?? '?', connection: e.response.connectionId });
  });
  return { calls, urls };
}

function wireOf(watch: { calls: Map<string, WireCall>; urls: Map<string, string> }, frameId: string): Wire {
  const mine = [...watch.calls].filter(([id]) => watch.urls.get(id)?.endsWith(`/api/frames/${frameId}/fetch`)).map(([, call]) => call);
  return {
    protocol: [...new Set(mine.map((c) => c.protocol ?? '?'))].join(', '),
    connections: new Set(mine.map((c) => c.connection)).size,
    queuedMs: Math.round(Math.max(0, ...mine.map((c) => (c.sent === undefined ? 0 : c.sent - c.asked)))),
  };
}

const markTimes = z.record(z.string(), z.number());
const paintedTime = z.number();

/** The epoch time of the latest of each user timing mark in the frame (a string, as paintedScript). */
function marksScript(): string {
  return `Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, performance.timeOrigin + m.startTime]))`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Run in the view's frame as soon as it navigates: resolves with the epoch time (the frame's high-resolution clock) of
 * the first animation frame in which the view's marker or its error message is visible, the frame it is painted in.
 * Checked once an animation frame, as the browser lays the page out for it anyway: a tighter poll would force extra
 * layouts on the view it times. A string, so that it reaches the page as written (no compiler helpers).
 */
function paintedScript(marker: string): string {
  const selector = JSON.stringify(`[data-testid="${marker}"], [data-testid="error-message"]`);
  return `new Promise((resolve) => {
    const look = (at) => {
      if ([...document.querySelectorAll(${selector})].some((e) => e.checkVisibility())) resolve(performance.timeOrigin + at);
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  })`;
}

async function quiet(jira: JiraServer): Promise<void> {
  let seen = -1;
  while (seen !== jira.requests.entries.length) {
    seen = jira.requests.entries.length;
    await sleep(QUIET_MS);
  }
}

async function openFrame(session: HostSession, host: LocalHost, view: ViewSpec): Promise<{ frameId: string; token: string; src: string }> {
  const r = await session.context.request.post(`${host.url}/api/frames`, {
    data: {
      moduleKey: view.moduleKey,
      accountId: DEV_ACCOUNT_ID,
      ...(view.boardId ? { boardId: view.boardId } : {}),
      ...(view.sprintId ? { sprintId: view.sprintId } : {}),
      ...(view.projectKey ? { projectKey: view.projectKey } : {}),
      ...(view.issueKey ? { issueKey: view.issueKey } : {}),
    },
  });
  const body = (await r.json()) as { frameId?: string; token?: string; src?: string; message?: string };
  if (!r.ok() || !body.frameId || !body.token || !body.src) throw new Error(`${view.key}: the host did not open ${view.moduleKey}: ${body.message ?? r.status()}`);
  return { frameId: body.frameId, token: body.token, src: body.src };
}

function byPath(entries: readonly BridgeLogEntry[]): string[] {
  const groups = new Map<string, { n: number; points: number }>();
  for (const e of entries) {
    const key = `${e.method} ${e.path}`;
    const group = groups.get(key) ?? { n: 0, points: 0 };
    groups.set(key, { n: group.n + 1, points: group.points + e.points });
  }
  return [...groups].map(([key, g]) => `${key}${g.n > 1 ? ` x${g.n}` : ''}: ${g.points}`);
}

/** Opens the view in the host page's frame, as the host page does, and waits for its numbers (or a failure). */
async function open(session: HostSession, wire: Awaited<ReturnType<typeof watchWire>>, host: LocalHost, jira: JiraServer, view: ViewSpec): Promise<Opened> {
  const { page } = session;
  const appId = host.appHost?.forge.identity.appId ?? '';
  await host.appHost?.forge.drainQueues();
  await quiet(jira);
  const frame = await openFrame(session, host, view);
  // Summed request by request: the meter's own counters start again each hour, and a view may run across one.
  const spent = { charged: 0, frontend: 0 };
  const stopMetering = jira.points.watch((r) => {
    if (r.app !== appId) return;
    if (r.charged) spent.charged += r.points;
    else spent.frontend += r.points;
  });
  const requests0 = jira.requests.entries.length;
  const log0 = host.bridgeLog().at(-1)?.seq ?? 0;
  let browserRequests = 0;
  const count = (request: { url(): string }) => {
    if (request.url().endsWith(`/api/frames/${frame.frameId}/fetch`)) browserRequests += 1;
  };
  page.on('request', count);
  const address = `${host.surfaceUrl}${frame.src}&theme=light&parent=${encodeURIComponent(host.url)}#token=${encodeURIComponent(frame.token)}`;
  const surface = page.frameLocator(`#frame[src*="frame=${frame.frameId}"]`);
  const marker = surface.getByTestId(view.marker);
  const failure = surface.getByTestId('error-message');
  const startedAt = Date.now();
  const started = performance.timeOrigin + performance.now();
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f.url().includes(`frame=${frame.frameId}`), timeout: VIEW_TIMEOUT_MS });
  await page.evaluate((src) => document.getElementById('frame')?.setAttribute('src', src), address);
  // The frame's own clock says when its numbers (or a failure) were first painted; Playwright's locator wait, which
  // polls at 100-500 ms once the first checks fail, would add its back-off to the figure.
  const paintedIn = (testId: string): Promise<number | null> => navigated.then(async (f) => paintedTime.parse(await f.evaluate(paintedScript(testId)))).catch(() => null);
  const paintedAt = paintedIn(view.marker);
  const rowsAt = view.rowsMarker === undefined ? null : paintedIn(view.rowsMarker);
  let shown = false;
  let appeared = false;
  let text: string;
  try {
    // Only a visible one counts: a view may hold a hidden error region (an empty live region) before its numbers.
    const visibleMarker = marker.filter({ visible: true }).first();
    const visibleFailure = failure.filter({ visible: true }).first();
    await visibleMarker.or(visibleFailure).first().waitFor({ state: 'visible', timeout: VIEW_TIMEOUT_MS });
    appeared = true;
    shown = await visibleMarker.isVisible();
    text = ((shown ? await visibleMarker.textContent() : await visibleFailure.textContent()) ?? '').trim();
  } catch {
    text = `nothing after ${VIEW_TIMEOUT_MS / 1000} s; the frame showed: ${((await surface.locator('body').textContent({ timeout: 1_000 }).catch(() => '')) ?? '').trim().slice(0, 200) || '(blank)'}`;
  }
  const painted = appeared ? await paintedAt : null;
  const ms = (painted ?? performance.timeOrigin + performance.now()) - started;
  const marks = appeared ? markTimes.parse(await navigated.then((f) => f.evaluate(marksScript()))) : {};
  const markMs = (name: string): number | null => {
    const at = marks[name];
    return at === undefined ? null : at - started;
  };
  // Rows that never come are reported as not timed, not waited for forever.
  const rowsPainted = appeared && shown && rowsAt !== null ? await Promise.race([rowsAt, sleep(VIEW_TIMEOUT_MS).then(() => null)]) : null;
  // What the view set going (its invokes, work it queued) counts as the view's.
  await host.appHost?.forge.drainQueues();
  await quiet(jira);
  page.off('request', count);
  stopMetering();
  const points = spent.charged;
  const logged = host.bridgeLog().filter((e) => e.seq > log0);
  // A bridge log line is written when Jira's answer is in: the request went out `ms` earlier.
  const frontend = logged.filter((e) => e.kind === 'frontend');
  const sent = frontend.map((e) => ({ at: e.at - (e.ms ?? 0) }));
  // Only what the numbers waited for: reads answered after they showed (a settings form's, say) are not theirs.
  const before = frontend.filter((e) => e.at - startedAt <= ms);
  return {
    ms,
    rowsMs: rowsPainted === null ? null : rowsPainted - started,
    readInMs: markMs(SPRINT_MARKS.read),
    measuredMs: markMs(SPRINT_MARKS.measured),
    shown,
    text,
    points,
    pointsIfCharged: points + spent.frontend,
    browserRequests,
    browserRoundTrips: roundTrips(sent, LATENCY_MS),
    invokes: session.invokedBy(frame.frameId).length,
    firstReadMs: sent.length === 0 ? null : Math.min(...sent.map((s) => s.at)) - startedAt,
    readsDoneMs: before.length === 0 ? null : Math.max(...before.map((e) => e.at)) - startedAt,
    slowestReadMs: before.length === 0 ? null : Math.max(...before.map((e) => e.ms ?? 0)),
    jiraRequests: jira.requests.entries.length - requests0,
    wire: wireOf(wire, frame.frameId),
    charged: byPath(logged.filter((e) => e.kind === 'app')),
  };
}

/** The built surfaces the views need: the bench measures static/, so it must be the current build. */
function requireBuilt(root: string): void {
  const manifest = readHostManifest(join(root, 'manifest.yml'));
  for (const key of new Set(VIEWS.map((v) => v.moduleKey))) {
    const module = manifest.modules.find((m) => m.key === key);
    if (!module) throw new Error(`manifest.yml has no module ${key}`);
    if (!existsSync(join(root, module.resourcePath, 'index.html'))) throw new Error(`${module.resourcePath}/index.html is missing: run npm run build first`);
  }
}

async function main(): Promise<void> {
  const root = join(__dirname, '..');
  requireBuilt(root);
  const now = Date.now();
  // Flow's window and the server's relative JQL dates count from the site's clock: the same as the browser's.
  const site = emptySite({ now: new Date(now).toISOString() });
  addSprintOfIssues(site, { projectKey: 'OPS', boardId: 1, sprintId: 100, issues: 1_000, seed: 7 });
  addSprintOfIssues(site, { projectKey: 'BIG', boardId: 3, sprintId: 300, issues: 2_000, seed: 8 });
  addKanbanBoardOfIssues(site, { projectKey: 'SUP', boardId: 2, issues: 10_000, now, seed: 11 });
  const host = await startLocalHost({ port: 0, surfacePort: 0, site, install: false, root, tls: !HTTP1 });
  const jira = host.appHost?.jira;
  if (!jira) throw new Error('the local host did not start in demo mode');
  jira.faults.latencyMs = LATENCY_MS;
  const session = await openHostSession(host.url);
  const { problems } = session;
  const wire = await watchWire(session);
  const figures: Record<string, number | boolean> = {};
  let failed = false;
  try {
    for (const view of VIEWS) {
      const cold = await open(session, wire, host, jira, view);
      const runs: Opened[] = [];
      const warm = await medianOf(WARM_RUNS, async () => {
        const run = await open(session, wire, host, jira, view);
        runs.push(run);
        return { ms: run.ms, requests: run.jiraRequests, roundTrips: 0, points: run.points, value: run };
      });
      const median = warm.value;
      const shown = cold.shown && runs.every((r) => r.shown);
      const seen = problems.take();
      if (!shown) {
        failed = true;
        const bad = [cold, ...runs].find((r) => !r.shown) ?? cold;
        console.log(`${view.key} (${view.label}): the numbers did not show: ${bad.text}`);
        for (const p of seen) console.log(`  ${p.kind} in ${p.frameUrl}: ${p.text.split('\n')[0]}`);
      }
      console.log(
        `${view.key} (${view.label}, ${LATENCY_MS} ms per Jira request): ${shown ? `numbers shown ("${median.text}")` : 'NOT SHOWN'} in ${median.ms.toFixed(0)} ms warm (median of ${WARM_RUNS}, runs ${Math.min(...runs.map((r) => r.ms)).toFixed(0)}-${Math.max(...runs.map((r) => r.ms)).toFixed(0)})${view.targetMs === undefined ? '' : ` [target < ${view.targetMs} ms]`}, ${cold.ms.toFixed(0)} ms cold; ` +
          `${median.points} points charged to the app, ${median.pointsIfCharged} if bridge calls were charged; ${median.browserRequests} requestJira calls from the browser in ${median.browserRoundTrips} round trips, ${median.invokes} invokes, ${median.jiraRequests} Jira requests in all`,
      );
      if (median.firstReadMs !== null && median.readsDoneMs !== null) {
        // The machine's load tells how far the figures are the app's (a shared machine stretches every part).
        console.log(`  where the time went: first read sent at ${median.firstReadMs} ms, last read answered at ${median.readsDoneMs} ms${median.readInMs === null ? '' : `, in the browser at ${median.readInMs.toFixed(0)} ms`}${median.measuredMs === null ? '' : `, measured at ${median.measuredMs.toFixed(0)} ms`}, numbers at ${median.ms.toFixed(0)} ms${median.rowsMs === null ? '' : `, issue rows at ${median.rowsMs.toFixed(0)} ms`}; reads over ${median.wire.protocol} on ${median.wire.connections} connections, the longest waited ${median.wire.queuedMs} ms for one, Jira's slowest answer took ${median.slowestReadMs ?? '?'} ms (load average ${loadavg()[0]?.toFixed(1)})`);
      }
      if (median.charged.length > 0) console.log(`  charged to the app: ${median.charged.join(', ')}`);
      Object.assign(figures, {
        [`${view.key}.shown`]: shown,
        [`${view.key}.ms`]: Math.round(median.ms),
        [`${view.key}.cold_ms`]: Math.round(cold.ms),
        ...(median.rowsMs === null ? {} : { [`${view.key}.rows_ms`]: Math.round(median.rowsMs) }),
        ...(median.readInMs === null ? {} : { [`${view.key}.read_in_browser_ms`]: Math.round(median.readInMs) }),
        ...(median.measuredMs === null ? {} : { [`${view.key}.measured_ms`]: Math.round(median.measuredMs) }),
        [`${view.key}.points`]: median.points,
        [`${view.key}.points_if_charged`]: median.pointsIfCharged,
        [`${view.key}.browser_requests`]: median.browserRequests,
        [`${view.key}.browser_round_trips`]: median.browserRoundTrips,
        [`${view.key}.invokes`]: median.invokes,
        [`${view.key}.jira_requests`]: median.jiraRequests,
        [`${view.key}.browser_connections`]: median.wire.connections,
        [`${view.key}.browser_queued_ms`]: median.wire.queuedMs,
        ...(median.firstReadMs === null ? {} : { [`${view.key}.first_read_ms`]: median.firstReadMs }),
        ...(median.readsDoneMs === null ? {} : { [`${view.key}.reads_done_ms`]: median.readsDoneMs }),
        ...(median.slowestReadMs === null ? {} : { [`${view.key}.slowest_read_ms`]: median.slowestReadMs }),
      });
    }
  } finally {
    await session.close();
    await host.close();
  }
  if (!HTTP1) recordResults(figures);
  if (failed) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
