import { startAppHost, type AppHost } from '../dev/app-host';
import { ADMIN_ACCOUNT_ID, addBoard, addIssue, addProject, addSprint, DEV_ACCOUNT_ID, emptySite, MEMBER_PERMISSIONS, STORY_POINTS_FIELD_ID } from '../dev/jira/site';
import { seededRandom } from '../dev/seeded-random';

/**
 * The capacity check of a 1,000-issue sprint with 100 ms of latency on every Jira request, through the real resolver,
 * the local Forge runtime and the Jira-compatible server: requests made and wall time, cold (first call of the
 * invocation's site field cache) and warm, beside a naive baseline that reads the sprint's issues one by one.
 */

const ISSUES = 1_000;
const LATENCY_MS = 100;
const PAGE = 50;
const NAIVE_CONCURRENCY = 10;

const SUMMARIES = ['Monthly security patching - web tier', 'Renew TLS certificate for the API gateway', 'Build the invoice export', 'Tune noisy disk alerts', 'Migrate search to OpenSearch', 'Implement SSO for partners'];

function seededSite() {
  const site = emptySite();
  addProject(site, { key: 'OPS', name: 'Platform Operations', access: { [ADMIN_ACCOUNT_ID]: MEMBER_PERMISSIONS, [DEV_ACCOUNT_ID]: MEMBER_PERMISSIONS } });
  addBoard(site, { id: 1, name: 'OPS board', type: 'scrum', projectKey: 'OPS', estimation: { type: 'field', fieldId: STORY_POINTS_FIELD_ID } });
  const start = '2026-11-18T09:00:00.000Z';
  addSprint(site, { id: 100, boardId: 1, name: 'Big sprint', state: 'active', startDate: start, endDate: '2026-12-02T09:00:00.000Z' });
  const r = seededRandom(7);
  for (let i = 0; i < ISSUES; i++) {
    const late = r() < 0.1;
    addIssue(site, {
      project: 'OPS',
      type: 'Task',
      summary: `${SUMMARIES[i % SUMMARIES.length]} ${i}`,
      storyPoints: [1, 2, 3, 5, 8][i % 5],
      created: '2026-11-10T09:00:00.000Z',
      sprints: [{ at: late ? '2026-11-20T09:00:00.000Z' : '2026-11-17T09:00:00.000Z', sprintId: 100 }],
    });
  }
  return site;
}

/** Wall time and the requests made as the viewer: background work the view queues (the first-view backfill) runs as the app and is not part of the answer. */
async function measured<T>(host: AppHost, fn: () => Promise<T>): Promise<{ ms: number; requests: number; value: T }> {
  await host.forge.drainQueues();
  host.jira.requests.clear();
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, requests: host.jira.requests.count({ accountId: DEV_ACCOUNT_ID }), value };
}

async function main(): Promise<void> {
  const host = await startAppHost({ jira: { site: seededSite() } });
  host.jira.faults.latencyMs = LATENCY_MS;
  const check = () =>
    host.resolve('capacity-resolver', 'capacity/getSprint', {}, { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:sprintAction', board: { id: 1 }, sprint: { id: 100 } } });
  const minimum = Math.ceil(ISSUES / PAGE);
  const cold = await measured(host, check);
  const warm = await measured(host, check);
  const ok = (v: unknown) => typeof v === 'object' && v !== null && 'ok' in v && v.ok === true;
  if (!ok(cold.value) || !ok(warm.value)) throw new Error(`capacity check failed: ${JSON.stringify(warm.value).slice(0, 300)}`);
  console.log(
    `capacity (${ISSUES} issues, ${LATENCY_MS} ms per request): warm ${warm.requests} requests (minimum ${minimum} issue pages, +${warm.requests - minimum}) in ${warm.ms.toFixed(0)} ms; cold ${cold.requests} requests (+${cold.requests - minimum}) in ${cold.ms.toFixed(0)} ms [target <= +3 requests, < 1,500 ms]`,
  );

  // Naive baseline: list the sprint's issue ids, then read each issue on its own (10 at a time).
  const auth = { authorization: host.jira.authorizationFor(DEV_ACCOUNT_ID), 'content-type': 'application/json' };
  const naive = await measured(host, async () => {
    const ids: string[] = [];
    for (let startAt = 0; ; startAt += PAGE) {
      const page = (await (await fetch(`${host.jira.url}/rest/agile/1.0/board/1/sprint/100/issue?fields=id&startAt=${startAt}&maxResults=${PAGE}`, { headers: auth })).json()) as { issues: { id: string }[] };
      ids.push(...page.issues.map((i) => i.id));
      if (page.issues.length < PAGE) break;
    }
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++];
        await fetch(`${host.jira.url}/rest/api/3/search/jql`, { method: 'POST', headers: auth, body: JSON.stringify({ jql: `id = ${id}`, fields: ['summary', 'labels', 'issuetype', STORY_POINTS_FIELD_ID] }) });
      }
    };
    await Promise.all(Array.from({ length: NAIVE_CONCURRENCY }, worker));
    return ids.length;
  });
  console.log(`capacity naive baseline (issue by issue, ${NAIVE_CONCURRENCY} at a time): ${naive.requests} requests in ${naive.ms.toFixed(0)} ms`);
  await host.close();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
