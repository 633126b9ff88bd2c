import { startAppHost } from '../dev/app-host';
import { ADMIN_ACCOUNT_ID, addBoard, addIssue, addProject, DEV_ACCOUNT_ID, emptySite, MEMBER_PERMISSIONS } from '../dev/jira/site';
import { seededRandom } from '../dev/seeded-random';
import { flowViewSchema } from '../src/contracts/resolvers';
import { envelopeSchema } from '../src/contracts/envelope';
import { measured, medianOf } from './measure';
import { recordResults } from './results';

/**
 * The Kanban flow view of a 10,000-issue board with 100 ms of latency on every Jira request, through the real
 * resolver, the local Forge runtime and the Jira-compatible server with its Jira-like page sizes: requests made,
 * sequential round trips and wall time, warm (the median of three runs). Like a real board after a few years, most issues were done long ago;
 * flow needs only what is in progress and what finished in its eight-week window.
 */

const ISSUES = 10_000;
const LATENCY_MS = 100;
const DAY_MS = 86_400_000;
const WARM_RUNS = 3;

const SUMMARIES = ['Restart the stuck ingest worker', 'Grant repository access to the new starter', 'Add CSV export to the audit log', 'Renew the wildcard certificate', 'Rotate the database credentials', 'Build the onboarding checklist'];

function seededSite(now: number) {
  // The server's relative JQL dates count from the site's clock: the same as the view's.
  const site = emptySite({ now: new Date(now).toISOString() });
  addProject(site, { key: 'SUP', name: 'Support', access: { [ADMIN_ACCOUNT_ID]: MEMBER_PERMISSIONS, [DEV_ACCOUNT_ID]: MEMBER_PERMISSIONS } });
  addBoard(site, { id: 2, name: 'Support flow', type: 'kanban', projectKey: 'SUP' });
  const r = seededRandom(11);
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY_MS).toISOString();
  for (let i = 0; i < ISSUES; i++) {
    const kind = r();
    // 80% done long ago, 15% done in the window, 3% in progress, 2% still to do.
    const doneDaysAgo = kind < 0.8 ? 70 + Math.floor(r() * 1000) : kind < 0.95 ? 1 + Math.floor(r() * 50) : null;
    const inProgress = doneDaysAgo === null && kind < 0.98;
    const started = doneDaysAgo === null ? 1 + Math.floor(r() * 20) : doneDaysAgo + 1 + Math.floor(r() * 10);
    const created = started + 1 + Math.floor(r() * 30);
    addIssue(site, {
      project: 'SUP',
      type: 'Task',
      summary: `${SUMMARIES[i % SUMMARIES.length]} ${i}`,
      created: at(created),
      transitions: [
        ...(doneDaysAgo !== null || inProgress ? [{ at: at(started), to: 'In Progress' }] : []),
        ...(doneDaysAgo !== null ? [{ at: at(doneDaysAgo), to: 'Done' }] : []),
      ],
    });
  }
  return site;
}

async function main(): Promise<void> {
  const now = Date.now();
  const host = await startAppHost({ jira: { site: seededSite(now) } });
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
  recordResults({ 'flow_10000.requests': warm.requests, 'flow_10000.round_trips': warm.roundTrips, 'flow_10000.ms': Math.round(warm.ms) });
  await host.close();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
