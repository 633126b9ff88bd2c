import { startAppHost } from '../dev/app-host';
import { DEV_ACCOUNT_ID, emptySite, STORY_POINTS_FIELD_ID } from '../dev/jira/site';
import { isOk, measured, medianOf } from './measure';
import { recordResults } from './results';
import { addSprintOfIssues } from './sites';

/**
 * The capacity check of a 1,000-issue sprint with 100 ms of latency on every Jira request, through the real resolver
 * alone (`capacity_1000_resolver.*`; bench/views-browser.ts measures the view as a person opens it, `capacity_1000.*`),
 * the local Forge runtime and the Jira-compatible server with its Jira-like page sizes: requests made, sequential
 * round trips and wall time, cold (the site field cache empty) and warm (the median of five runs), beside a naive
 * baseline that lists the sprint's issue ids and then reads the issues one by one.
 */

const ISSUES = 1_000;
const LATENCY_MS = 100;
const NAIVE_CONCURRENCY = 10;
const WARM_RUNS = 5;

async function main(): Promise<void> {
  const site = emptySite();
  addSprintOfIssues(site, { projectKey: 'OPS', boardId: 1, sprintId: 100, issues: ISSUES, seed: 7 });
  const host = await startAppHost({ jira: { site } });
  host.jira.faults.latencyMs = LATENCY_MS;
  const check = () =>
    host.resolve('capacity-resolver', 'capacity/getSprint', {}, { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:sprintAction', board: { id: 1 }, sprint: { id: 100 } } });
  const cold = await measured(host, DEV_ACCOUNT_ID, LATENCY_MS, check);
  const warm = await medianOf(WARM_RUNS, () => measured(host, DEV_ACCOUNT_ID, LATENCY_MS, check));
  if (!isOk(cold.value) || !isOk(warm.value)) throw new Error(`capacity check failed: ${JSON.stringify(warm.value).slice(0, 300)}`);
  console.log(
    `capacity (${ISSUES} issues, ${LATENCY_MS} ms per request): warm (median of ${WARM_RUNS}) ${warm.requests} requests, ${warm.roundTrips} sequential round trips, ${warm.ms.toFixed(0)} ms, ${warm.points} Jira points; cold ${cold.requests} requests, ${cold.roundTrips} round trips, ${cold.ms.toFixed(0)} ms [target <= 4 round trips, < 600 ms]`,
  );

  // Naive baseline: list the sprint's issue ids (the enhanced list, ids only), then read each issue on its own (10 at a time).
  const auth = { authorization: host.jira.authorizationFor(DEV_ACCOUNT_ID), 'content-type': 'application/json' };
  const naive = await measured(host, DEV_ACCOUNT_ID, LATENCY_MS, async () => {
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const q = new URLSearchParams({ fields: 'id', maxResults: '5000', ...(token ? { nextPageToken: token } : {}) });
      const page = (await (await fetch(`${host.jira.url}/rest/software/1.0/board/1/sprint/100/issue?${q}`, { headers: auth })).json()) as { issues: { id: string }[]; nextPageToken?: string; isLast?: boolean };
      ids.push(...page.issues.map((i) => i.id));
      token = page.isLast === true ? undefined : page.nextPageToken;
    } while (token);
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++];
        await fetch(`${host.jira.url}/rest/api/3/issue/bulkfetch`, { method: 'POST', headers: auth, body: JSON.stringify({ issueIdsOrKeys: [id], fields: ['summary', 'labels', 'issuetype', STORY_POINTS_FIELD_ID] }) });
      }
    };
    await Promise.all(Array.from({ length: NAIVE_CONCURRENCY }, worker));
    return ids.length;
  });
  if (naive.value !== ISSUES) throw new Error(`the naive baseline listed ${naive.value} issues, not ${ISSUES}`);
  console.log(`capacity naive baseline (issue by issue, ${NAIVE_CONCURRENCY} at a time): ${naive.requests} requests, ${naive.roundTrips} round trips, ${naive.ms.toFixed(0)} ms`);
  recordResults({
    'capacity_1000_resolver.requests': warm.requests,
    'capacity_1000_resolver.round_trips': warm.roundTrips,
    'capacity_1000_resolver.ms': Math.round(warm.ms),
    'capacity_1000_resolver.points': warm.points,
    'capacity_1000_resolver.cold_requests': cold.requests,
    'capacity_1000_resolver.cold_ms': Math.round(cold.ms),
    'capacity_1000_naive.requests': naive.requests,
    'capacity_1000_naive.round_trips': naive.roundTrips,
    'capacity_1000_naive.ms': Math.round(naive.ms),
  });
  await host.close();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
