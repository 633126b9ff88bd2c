import { startAppHost, type AppHost } from '../dev/app-host';
import { DEV_ACCOUNT_ID, emptySite, STORY_POINTS_FIELD_ID } from '../dev/jira/site';
import { boardSetup, sprintView } from '../src/reader/views';
import { measured, medianOf } from './measure';
import { recordResults } from './results';
import { addSprintOfIssues } from './sites';
import { measuredView, type ViewMeasured } from './view-reads';

/**
 * The capacity view of a 1,000-, a 2,000- and a 10,000-issue sprint with 100 ms of latency on every Jira request, read
 * as the browser reads it (the load invoke, then the reader as the viewer under the browser's retry policy; no 25 s
 * invocation bounds it), through the local Forge runtime and the Jira-compatible server with its Jira-like page sizes:
 * requests made, sequential round trips, wall time, points charged to the app (the load's) and points the viewer's
 * reads would cost if charged, cold (the site field cache empty) and warm (the median of five runs). Beside it, a naive
 * baseline that lists the sprint's issue ids and then reads the issues one by one. `capacity_N_reader.*`;
 * bench/views-browser.ts measures the same view in Chromium (`capacity_1000.*`).
 */

const SPRINTS = [
  { issues: 1_000, boardId: 1, sprintId: 100, projectKey: 'OPS' },
  { issues: 2_000, boardId: 2, sprintId: 200, projectKey: 'BIG' },
  { issues: 10_000, boardId: 3, sprintId: 300, projectKey: 'HUGE' },
] as const;
const LATENCY_MS = 100;
const NAIVE_CONCURRENCY = 10;
const WARM_RUNS = 5;

function view(host: AppHost, boardId: number, sprintId: number): () => Promise<ViewMeasured<number>> {
  const caller = { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:sprintAction', board: { id: boardId }, sprint: { id: sprintId } } };
  return () =>
    measuredView(host, caller, LATENCY_MS, async (jira, load, early) => {
      const measuredSprint = await sprintView(jira, load, await boardSetup(jira, load, early), sprintId, early);
      return measuredSprint.issues.length;
    });
}

function figures(name: string, warm: ViewMeasured<number>, cold: ViewMeasured<number>): Record<string, number> {
  return {
    [`${name}.requests`]: warm.requests,
    [`${name}.round_trips`]: warm.roundTrips,
    [`${name}.ms`]: Math.round(warm.ms),
    [`${name}.points`]: warm.points,
    [`${name}.points_if_charged`]: warm.points + warm.frontendPoints,
    [`${name}.cold_requests`]: cold.requests,
    [`${name}.cold_ms`]: Math.round(cold.ms),
  };
}

async function main(): Promise<void> {
  const site = emptySite();
  for (const s of SPRINTS) addSprintOfIssues(site, { projectKey: s.projectKey, boardId: s.boardId, sprintId: s.sprintId, issues: s.issues, seed: 7 });
  const host = await startAppHost({ jira: { site } });
  host.jira.faults.latencyMs = LATENCY_MS;
  const recorded: Record<string, number> = {};
  for (const s of SPRINTS) {
    const check = view(host, s.boardId, s.sprintId);
    const cold = await check();
    const warm = await medianOf(WARM_RUNS, check);
    if (cold.value !== s.issues || warm.value !== s.issues) throw new Error(`the ${s.issues}-issue sprint measured ${warm.value} issues`);
    console.log(
      `capacity view (${s.issues} issues, ${LATENCY_MS} ms per request, read as the viewer): warm (median of ${WARM_RUNS}) ${warm.requests} requests, ${warm.roundTrips} sequential round trips, ${warm.ms.toFixed(0)} ms, ${warm.points} points charged, ${warm.points + warm.frontendPoints} if frontend reads were charged; cold ${cold.requests} requests, ${cold.roundTrips} round trips, ${cold.ms.toFixed(0)} ms`,
    );
    Object.assign(recorded, figures(`capacity_${s.issues}_reader`, warm, cold));
  }

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
  if (naive.value !== SPRINTS[0].issues) throw new Error(`the naive baseline listed ${naive.value} issues, not ${SPRINTS[0].issues}`);
  console.log(`capacity naive baseline (issue by issue, ${NAIVE_CONCURRENCY} at a time): ${naive.requests} requests, ${naive.roundTrips} round trips, ${naive.ms.toFixed(0)} ms`);
  recordResults({
    ...recorded,
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
