import type { Json } from './site-model';

/**
 * Jira Cloud's points-based quota as the server meters it (the "Rate limiting" page of the Jira Cloud platform docs;
 * docs/points.md lists the sources). Every request an app makes costs 1 point plus 1 for each issue or other core object
 * it returns and 2 for each user, group or permission object; a write costs 1. One quota per app per UTC hour, summed
 * over all its installations (Tier 1: 65,000); once spent, every call of the app gets 429 with `Retry-After` until the
 * top of the hour. Below 20% left, responses carry `X-RateLimit-NearLimit: true` and the `RateLimit` header with the
 * remaining count (`r`) and the seconds to the reset (`t`); `RateLimit-Policy` is on every metered response. While the
 * quota is "not enforced" for the app (`enforced = false`) the same headers come with a `Beta-` prefix and nothing is
 * refused. Per-issue writes are limited on their own: 20 per 2 s and 100 per 30 s per issue.
 *
 * Requests of a person (Basic auth with their own token, as a browser or API-token script) are not the app's and cost
 * the app nothing. `now` and `quotaPerHour` are knobs so tests reach the wall, and the reset, in seconds.
 *
 * An app's requests come from its functions (`backend`, through Forge's proxy) or from its Custom UI through
 * @forge/bridge `requestJira` (`frontend`, as the viewer). Atlassian staff said (developer community, 1 April 2026)
 * that frontend calls are not charged to the app's quota; not yet documented, so the meter still counts what they
 * would cost (`frontendPointsOf`) without charging or refusing them.
 */

export const TIER1_POINTS_PER_HOUR = 65_000;
const HOUR_MS = 3_600_000;
const NEAR_LIMIT_SHARE = 0.2;
const POLICY = 'global-app-quota';
const WRITE_WINDOWS = [
  { ms: 2_000, max: 20 },
  { ms: 30_000, max: 100 },
] as const;

/** Read operations sent as POST (their bodies are queries, not changes). */
const POST_READS = ['/rest/api/3/search/jql', '/rest/api/3/changelog/bulkfetch', '/rest/api/3/issue/bulkfetch', '/rest/api/3/search/approximate-count'];
/** Response collections of people and permissions: 2 points each. */
const TWO_POINT_KEYS = new Set(['users', 'groups', 'permissions']);
/** Response collections of core objects: 1 point each. */
const ONE_POINT_KEYS = new Set(['issues', 'values', 'issueChangeLogs', 'fields', 'sprints', 'projects']);

/** Where an app's request came from: its functions (charged), or its Custom UI through @forge/bridge (not charged). */
export type RequestOrigin = 'backend' | 'frontend';

/** One metered request of an app, as `watch` listeners see it. */
export interface MeteredRequest {
  app: string;
  origin: RequestOrigin;
  method: string;
  path: string;
  status: number;
  /** What the request costs by the points rules, charged or not. */
  points: number;
  /** Whether the points came out of the app's hourly quota. */
  charged: boolean;
  /** The answer's `X-AREQUESTID`, when the server gave one. */
  requestId: string | null;
}

export interface MeterRefusal {
  retryAfterSeconds: number;
  headers: Record<string, string>;
}

export interface AppUsage {
  /** Points spent in the current hour. */
  used: number;
  /** Requests answered 429 by the hourly wall, this hour. */
  refused: number;
}

function isRead(method: string, path: string): boolean {
  return method === 'GET' || (method === 'POST' && POST_READS.some((p) => path.startsWith(p)));
}

/** The points a successful answer costs: 1, plus what it returns; a write costs 1 whatever it changed. */
export function pointsFor(method: string, path: string, status: number, body: unknown): number {
  if (!isRead(method, path) || status >= 400 || body === undefined || body === null) return 1;
  if (Array.isArray(body)) return 1 + body.length;
  if (typeof body !== 'object') return 1;
  let objects = 0;
  for (const [key, value] of Object.entries(body)) {
    const size = Array.isArray(value) ? value.length : typeof value === 'object' && value !== null ? Object.keys(value).length : 0;
    if (TWO_POINT_KEYS.has(key)) objects += 2 * size;
    else if (ONE_POINT_KEYS.has(key) && Array.isArray(value)) objects += size;
  }
  // A single resource (a board, a sprint, an issue) is one object.
  return 1 + (objects === 0 ? 1 : objects);
}

/** The same for an answer as it came over the wire (a body that is not JSON costs 1). */
export function pointsForText(method: string, path: string, status: number, text: string): number {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return pointsFor(method, path, status, body);
}

/** Issue ids a write touches: the app field value writes (`POST /app/field/value`, `PUT /app/field/{id}/value`). */
function writtenIssues(method: string, path: string, bodyText: string): string[] {
  if ((method !== 'POST' && method !== 'PUT') || !/^\/rest\/api\/3\/app\/field\//.test(path)) return [];
  try {
    const body: unknown = JSON.parse(bodyText);
    const ids: string[] = [];
    const collect = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(collect);
      else if (typeof v === 'object' && v !== null) {
        for (const [k, inner] of Object.entries(v)) {
          if (k === 'issueIds' && Array.isArray(inner)) ids.push(...inner.map(String));
          else collect(inner);
        }
      }
    };
    collect(body);
    return ids;
  } catch {
    return [];
  }
}

export class PointsMeter {
  quotaPerHour = TIER1_POINTS_PER_HOUR;
  /** false: the quota is only reported (`Beta-` headers), as before enforcement reached an app. */
  enforced = true;
  now: () => number = Date.now;
  private hour = -1;
  private readonly usage = new Map<string, AppUsage>();
  private readonly writes = new Map<string, number[]>();
  private readonly frontend = new Map<string, number>();
  private readonly watchers = new Set<(request: MeteredRequest) => void>();

  /** This hour's usage of an app (zeros when it has made no call). */
  usageOf(app: string): AppUsage {
    this.roll();
    return { ...(this.usage.get(app) ?? { used: 0, refused: 0 }) };
  }

  /** Points the app's frontend requests would have cost this hour, had they been charged (they are not). */
  frontendPointsOf(app: string): number {
    this.roll();
    return this.frontend.get(app) ?? 0;
  }

  /** Every metered request of any app, charged or not, until the returned function is called (the local host's log). */
  watch(listener: (request: MeteredRequest) => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  /** Called after every charged request: tests act at a precise point of the app's work (another site spending the pool). */
  onCharge: ((charge: { app: string; method: string; path: string; used: number }) => void) | null = null;

  /** Points the app's other installations spent this hour: they come out of the same pool. */
  spendElsewhere(app: string, points: number): void {
    this.roll();
    this.entry(app).used += points;
  }

  /** What is left of the app's hour. */
  remaining(app: string): number {
    return Math.max(0, this.quotaPerHour - this.usageOf(app).used);
  }

  reset(): void {
    this.onCharge = null;
    this.quotaPerHour = TIER1_POINTS_PER_HOUR;
    this.enforced = true;
    this.now = Date.now;
    this.hour = -1;
    this.usage.clear();
    this.writes.clear();
    this.frontend.clear();
  }

  /** Before the request is served: a refusal when the app's hour is spent or an issue it writes is written too often. */
  admit(app: string, method: string, path: string, bodyText: string): MeterRefusal | null {
    this.roll();
    const usage = this.entry(app);
    const toReset = this.secondsToReset();
    if (this.enforced && usage.used >= this.quotaPerHour) {
      usage.refused += 1;
      return {
        retryAfterSeconds: toReset,
        headers: {
          'retry-after': String(toReset),
          'x-ratelimit-reset': new Date(this.hour * HOUR_MS + HOUR_MS).toISOString(),
          'ratelimit-reason': 'jira-quota-global-based',
          ratelimit: `"${POLICY}";r=0;t=${toReset}`,
        },
      };
    }
    const issues = writtenIssues(method, path, bodyText);
    const at = this.now();
    for (const issue of issues) {
      const times = (this.writes.get(issue) ?? []).filter((t) => at - t < WRITE_WINDOWS[1].ms);
      for (const w of WRITE_WINDOWS) {
        const inWindow = times.filter((t) => at - t < w.ms);
        if (inWindow.length >= w.max) {
          const wait = Math.max(1, Math.ceil((w.ms - (at - (inWindow[0] ?? at))) / 1000));
          return { retryAfterSeconds: wait, headers: { 'retry-after': String(wait), 'ratelimit-reason': 'jira-per-issue-on-write' } };
        }
      }
    }
    for (const issue of issues) this.writes.set(issue, [...(this.writes.get(issue) ?? []).filter((t) => at - t < WRITE_WINDOWS[1].ms), at]);
    return null;
  }

  /**
   * Once the answer is built, before it is sent: charges it and returns the quota headers for the answer. A frontend request is only
   * counted: it is not on the app's quota, so it carries no quota headers.
   */
  charge(app: string, method: string, path: string, status: number, body: Json | undefined, origin: RequestOrigin = 'backend', requestId: string | null = null): Record<string, string> {
    this.roll();
    const points = pointsFor(method, path, status, body);
    for (const watcher of this.watchers) watcher({ app, origin, method, path, status, points, charged: origin === 'backend', requestId });
    if (origin === 'frontend') {
      this.frontend.set(app, (this.frontend.get(app) ?? 0) + points);
      return {};
    }
    const usage = this.entry(app);
    usage.used += points;
    this.onCharge?.({ app, method, path, used: usage.used });
    const remaining = Math.max(0, this.quotaPerHour - usage.used);
    const prefix = this.enforced ? '' : 'Beta-';
    const headers: Record<string, string> = { [`${prefix}RateLimit-Policy`]: `"${POLICY}";q=${this.quotaPerHour};w=3600` };
    // Jira shows the remaining count only once it gets low.
    if (remaining < this.quotaPerHour * NEAR_LIMIT_SHARE) {
      headers[`${prefix}RateLimit`] = `"${POLICY}";r=${remaining};t=${this.secondsToReset()}`;
      headers[this.enforced ? 'X-RateLimit-NearLimit' : 'X-Beta-RateLimit-NearLimit'] = 'true';
    }
    return headers;
  }

  private entry(app: string): AppUsage {
    let usage = this.usage.get(app);
    if (!usage) {
      usage = { used: 0, refused: 0 };
      this.usage.set(app, usage);
    }
    return usage;
  }

  private roll(): void {
    const hour = Math.floor(this.now() / HOUR_MS);
    if (hour !== this.hour) {
      this.hour = hour;
      this.usage.clear();
      this.frontend.clear();
    }
  }

  private secondsToReset(): number {
    return Math.max(1, Math.ceil(((this.hour + 1) * HOUR_MS - this.now()) / 1000));
  }
}
