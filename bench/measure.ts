import type { AppHost } from '../dev/app-host';
import type { RequestRecord } from '../dev/jira/request-log';

/** What a viewer's call cost in Jira requests and time, read from the Jira-compatible server's request log. */
export interface Measured<T> {
  ms: number;
  requests: number;
  /** Sequential round trips: the longest chain of requests each sent after the one before it was answered. */
  roundTrips: number;
  /** Jira points the call cost the app (backend calls as the user spend the app's quota), as the server metered them. */
  points: number;
  value: T;
}

/**
 * The depth of the requests' dependency chain. The server answers no request sooner than `latencyMs` after it
 * arrived, so a request that arrived earlier than that after another cannot have waited for it; one that arrived
 * later may have, and is counted as the next round trip (an upper bound: a request sent late for another reason
 * counts too, as it costs the same wall time).
 */
export function roundTrips(records: readonly Pick<RequestRecord, 'at'>[], latencyMs: number): number {
  const sorted = [...records].sort((a, b) => a.at - b.at);
  const depth: number[] = [];
  sorted.forEach((r, i) => {
    let before = 0;
    for (let j = 0; j < i; j++) if ((sorted[j]?.at ?? 0) + latencyMs <= r.at) before = Math.max(before, depth[j] ?? 0);
    depth.push(before + 1);
  });
  return Math.max(0, ...depth);
}

/** Wall time and the requests made as `accountId`: background work a view queues (as the app) is drained first and not counted. */
export async function measured<T>(host: AppHost, accountId: string, latencyMs: number, fn: () => Promise<T>): Promise<Measured<T>> {
  await host.forge.drainQueues();
  host.jira.requests.clear();
  const spent = () => host.jira.points.usageOf(host.forge.identity.appId).used;
  const pointsBefore = spent();
  const start = process.hrtime.bigint();
  const value = await fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const mine = host.jira.requests.matching({ accountId });
  return { ms, requests: mine.length, roundTrips: roundTrips(mine, latencyMs), points: spent() - pointsBefore, value };
}

export function isOk(v: unknown): boolean {
  return typeof v === 'object' && v !== null && 'ok' in v && v.ok === true;
}

/** The run of median wall time among `runs` warm runs: one slow run (a collection, a neighbour's burst) does not decide. */
export async function medianOf<M extends Measured<unknown>>(runs: number, run: () => Promise<M>): Promise<M> {
  const all: M[] = [];
  for (let i = 0; i < runs; i++) all.push(await run());
  const sorted = [...all].sort((a, b) => a.ms - b.ms);
  const median = sorted[Math.floor(sorted.length / 2)];
  if (!median) throw new Error('no runs');
  return median;
}
