import { JiraError } from '../jira/http';
import { QuotaYield } from '../jira/points';

/**
 * Whether background work stopped for Jira's points quota rather than failing: it yielded near the limit, its daily
 * budget is spent, or Jira answered 429 for longer than the invocation could wait (the hourly wall). Such work is
 * parked, not retried at once and not counted as a failure. `resumeInSeconds` null: at the next daily run. A 429 that
 * kept coming back with short waits is a failure like any other: the queue retries it, then it is recorded.
 */

/** Forge delivers a delayed event at most this long after it is pushed. */
export const MAX_DELAY_SECONDS = 900;
/** A wall whose time cannot be read: try again in a minute. */
const DEFAULT_WAIT_SECONDS = 60;

export function quotaStop(e: unknown, now: number): { resumeInSeconds: number | null } | null {
  if (e instanceof QuotaYield) return { resumeInSeconds: e.resumeInSeconds };
  if (e instanceof JiraError && e.code === 'RATE_LIMITED' && e.clearsAt !== null) {
    const at = Date.parse(e.clearsAt);
    return { resumeInSeconds: Number.isFinite(at) ? Math.max(1, Math.ceil((at - now) / 1000)) : DEFAULT_WAIT_SECONDS };
  }
  return null;
}

/** The delay to push a parked event with: Jira's time, within what the queue accepts. */
export function parkingDelay(resumeInSeconds: number): number {
  return Math.min(MAX_DELAY_SECONDS, Math.max(1, resumeInSeconds));
}
