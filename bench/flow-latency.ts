import { startAppHost } from '../dev/app-host';
import { DEV_ACCOUNT_ID, emptySite } from '../dev/jira/site';
import { boardSetup, flowView } from '../src/reader/views';
import { medianOf } from './measure';
import { recordResults } from './results';
import { addKanbanBoardOfIssues } from './sites';
import { measuredView } from './view-reads';

/**
 * The Kanban flow view of a 10,000-issue board with 100 ms of latency on every Jira request, read as the browser reads
 * it (the load invoke, then the reader as the viewer under the browser's retry policy: no 25 s invocation bounds it;
 * `flow_10000_reader.*`; bench/views-browser.ts measures the view in Chromium, `flow_10000.*`), through the local
 * Forge runtime and the Jira-compatible server with its Jira-like page sizes: requests made, sequential round trips,
 * wall time and points, warm (the median of three runs). Like a real board after a few years, most issues were done long
 * ago (bench/sites.ts); flow needs only what is in progress and what finished in its eight-week window.
 */

const ISSUES = 10_000;
const LATENCY_MS = 100;
const WARM_RUNS = 3;

async function main(): Promise<void> {
  const now = Date.now();
  // The server's relative JQL dates count from the site's clock: the same as the view's.
  const site = emptySite({ now: new Date(now).toISOString() });
  addKanbanBoardOfIssues(site, { projectKey: 'SUP', boardId: 2, issues: ISSUES, now, seed: 11 });
  const host = await startAppHost({ jira: { site } });
  host.jira.faults.latencyMs = LATENCY_MS;
  const caller = { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:projectPage', project: { key: 'SUP' }, board: { id: 2 } } };
  const flow = () =>
    measuredView(host, caller, LATENCY_MS, async (jira, load, early) => {
      const result = await flowView(jira, load, await boardSetup(jira, load, early), new Date(now));
      if (!result.ok) throw new Error(`flow view failed: ${result.error}`);
      return result.value;
    });
  await flow();
  const warm = await medianOf(WARM_RUNS, flow);
  const finished = warm.value.throughput.reduce((n, w) => n + w.KTLO + w.PROJECT, 0);
  const wip = warm.value.wip.KTLO + warm.value.wip.PROJECT;
  console.log(
    `flow (${ISSUES}-issue Kanban board, ${LATENCY_MS} ms per request): warm (median of ${WARM_RUNS}) ${warm.requests} requests, ${warm.roundTrips} sequential round trips, ${warm.ms.toFixed(0)} ms for ${wip} in progress and ${finished} finished in the window, ${warm.points} points charged, ${warm.points + warm.frontendPoints} if frontend reads were charged [target < 3,000 ms]`,
  );
  recordResults({
    'flow_10000_reader.requests': warm.requests,
    'flow_10000_reader.round_trips': warm.roundTrips,
    'flow_10000_reader.ms': Math.round(warm.ms),
    'flow_10000_reader.points': warm.points,
    'flow_10000_reader.points_if_charged': warm.points + warm.frontendPoints,
  });
  await host.close();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
