import { startAppHost } from '../dev/app-host';
import { DEV_ACCOUNT_ID, emptySite } from '../dev/jira/site';
import { flowViewSchema } from '../src/contracts/resolvers';
import { envelopeSchema } from '../src/contracts/envelope';
import { measured, medianOf } from './measure';
import { recordResults } from './results';
import { addKanbanBoardOfIssues } from './sites';

/**
 * The Kanban flow view of a 10,000-issue board with 100 ms of latency on every Jira request, through the real
 * resolver alone (`flow_10000_resolver.*`; bench/views-browser.ts measures the view in Chromium, `flow_10000.*`), the
 * local Forge runtime and the Jira-compatible server with its Jira-like page sizes: requests made, sequential round
 * trips and wall time, warm (the median of three runs). Like a real board after a few years, most issues were done long
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
  const flow = () => host.resolve('capacity-resolver', 'capacity/getFlow', {}, { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:projectPage', project: { key: 'SUP' }, board: { id: 2 } } });
  await measured(host, DEV_ACCOUNT_ID, LATENCY_MS, flow);
  const warm = await medianOf(WARM_RUNS, () => measured(host, DEV_ACCOUNT_ID, LATENCY_MS, flow));
  const answer = envelopeSchema(flowViewSchema).parse(warm.value);
  if (!answer.ok) throw new Error(`flow view failed: ${answer.error.code} ${answer.error.message}`);
  const finished = answer.data.throughput.reduce((n, w) => n + w.KTLO + w.PROJECT, 0);
  const wip = answer.data.wip.KTLO + answer.data.wip.PROJECT;
  console.log(
    `flow (${ISSUES}-issue Kanban board, ${LATENCY_MS} ms per request): warm (median of ${WARM_RUNS}) ${warm.requests} requests, ${warm.roundTrips} sequential round trips, ${warm.ms.toFixed(0)} ms for ${wip} in progress and ${finished} finished in the window [target < 3,000 ms]`,
  );
  recordResults({ 'flow_10000_resolver.requests': warm.requests, 'flow_10000_resolver.round_trips': warm.roundTrips, 'flow_10000_resolver.ms': Math.round(warm.ms) });
  await host.close();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
