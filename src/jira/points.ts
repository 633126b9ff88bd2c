/**
 * Jira's points quota as the app sees it (docs/points.md has the facts and their sources): what each backend call
 * cost, by purpose, and what Jira's quota headers said. One CallMeter per invocation counts in memory; the ledger
 * store writes it at the end, and as it goes once the invocation nears its deadline. Background work asks the meter before each request whether it should go on: it
 * yields when Jira has said the quota is near its end, or when the installation's daily budget is spent, so what is
 * left of the hour goes to the people using the app.
 */

export const PURPOSES = ['view', 'trigger', 'snapshot', 'daily', 'backfill', 'bulk'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** Work nobody waits for: it yields before the wall and is parked at it. */
export const BACKGROUND_PURPOSES: ReadonlySet<Purpose> = new Set(['snapshot', 'daily', 'backfill', 'bulk']);

/** POST operations that read (their bodies are queries): they cost what they return, not a write's 1 point. */
const POST_READS = ['/rest/api/3/search/jql', '/rest/api/3/changelog/bulkfetch', '/rest/api/3/issue/bulkfetch'];
/** Collections whose items are users, groups or permissions (2 points each); other collections hold core objects (1). */
const PEOPLE_AND_PERMISSIONS = new Set(['users', 'groups', 'permissions']);
const CORE_COLLECTIONS = new Set(['issues', 'values', 'issueChangeLogs', 'fields', 'sprints', 'projects']);

/** The points one answered request cost: 1, plus 1 per core object and 2 per user, group or permission returned; writes 1. */
export function pointsOf(method: string, endpoint: string, body: unknown): number {
  const read = method === 'GET' || (method === 'POST' && POST_READS.includes(endpoint));
  if (!read || body === undefined || body === null || typeof body !== 'object') return 1;
  if (Array.isArray(body)) return 1 + body.length;
  let objects = 0;
  for (const [key, value] of Object.entries(body)) {
    if (PEOPLE_AND_PERMISSIONS.has(key) && typeof value === 'object' && value !== null) objects += 2 * (Array.isArray(value) ? value.length : Object.keys(value).length);
    else if (CORE_COLLECTIONS.has(key) && Array.isArray(value)) objects += value.length;
  }
  return 1 + (objects === 0 ? 1 : objects);
}

/** What one response's quota headers said (either the enforced `RateLimit*` form or the `Beta-` form). */
export interface QuotaSignal {
  /** `RateLimit-Policy` q: the hourly quota. */
  quota: number | null;
  /** `RateLimit` r: points left; Jira sends it only once they run low. */
  remaining: number | null;
  /** `RateLimit` t, else Retry-After: seconds until the quota resets. */
  resetSeconds: number | null;
  nearLimit: boolean;
  /** True for the enforced headers, false for the `Beta-` ones, null when the response had neither. */
  enforced: boolean | null;
}

interface HeaderSource {
  get(name: string): string | null;
}

function param(value: string | null, name: string): number | null {
  if (value === null) return null;
  const match = new RegExp(`(?:^|;)\\s*${name}=(\\d+)`).exec(value);
  return match?.[1] === undefined ? null : Number(match[1]);
}

export function readQuotaHeaders(headers: HeaderSource): QuotaSignal {
  const enforcedPolicy = headers.get('ratelimit-policy');
  const enforcedLimit = headers.get('ratelimit');
  const betaPolicy = headers.get('beta-ratelimit-policy');
  const betaLimit = headers.get('beta-ratelimit');
  const enforced = enforcedPolicy !== null || enforcedLimit !== null ? true : betaPolicy !== null || betaLimit !== null ? false : null;
  const policy = enforced === false ? betaPolicy : enforcedPolicy;
  const limit = enforced === false ? betaLimit : enforcedLimit;
  const retryAfter = Number(headers.get('retry-after') ?? Number.NaN);
  const near = (enforced === false ? headers.get('x-beta-ratelimit-nearlimit') : headers.get('x-ratelimit-nearlimit')) ?? headers.get('x-ratelimit-nearlimit');
  return {
    quota: param(policy, 'q'),
    remaining: param(limit, 'r'),
    resetSeconds: param(limit, 't') ?? (Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null),
    nearLimit: near?.toLowerCase() === 'true',
    enforced,
  };
}

/** Background work stopped before Jira's wall (near limit) or its own daily budget: park it and resume later. */
export class QuotaYield extends Error {
  constructor(
    readonly reason: 'near-limit' | 'daily-budget',
    /** When to try again, in seconds; null: at the next daily run. */
    readonly resumeInSeconds: number | null,
  ) {
    super(reason === 'near-limit' ? 'Jira says the points quota is near its end: background work waits for the reset' : "the installation's daily points budget for background work is spent");
    this.name = 'QuotaYield';
  }
}

export interface PurposeTotals {
  points: number;
  requests: number;
}

/** The seconds until the next UTC hour, when Jira did not say. */
function secondsToNextHour(now: number): number {
  return Math.max(1, Math.ceil((3_600_000 - (now % 3_600_000)) / 1000));
}

export class CallMeter {
  points = 0;
  requests = 0;
  /** The last quota headers seen, and when. */
  lastSignal: (QuotaSignal & { at: string }) | null = null;
  nearLimit = false;
  /** When a 429 wall clears, as Jira said (ISO). */
  wallClearsAt: string | null = null;

  constructor(
    readonly purpose: Purpose,
    /** Points background work may still spend today; null for no budget (user-facing work). */
    private readonly budgetLeft: number | null = null,
    private readonly now: () => number = Date.now,
  ) {}

  get background(): boolean {
    return BACKGROUND_PURPOSES.has(this.purpose);
  }

  /** Before each request: background work stops here once Jira said "near limit" or the budget is spent. */
  admit(): void {
    if (!this.background) return;
    if (this.nearLimit) throw new QuotaYield('near-limit', this.lastSignal?.resetSeconds ?? secondsToNextHour(this.now()));
    if (this.budgetLeft !== null && this.points >= this.budgetLeft) throw new QuotaYield('daily-budget', null);
  }

  /** Every response, whatever its status: the quota headers. */
  observe(status: number, headers: HeaderSource): void {
    const signal = readQuotaHeaders(headers);
    if (signal.enforced !== null || status === 429) this.lastSignal = { ...signal, at: new Date(this.now()).toISOString() };
    // A low remaining count means the same as the flag: under a fifth of the quota left.
    if (signal.nearLimit || (signal.remaining !== null && signal.quota !== null && signal.remaining < signal.quota * 0.2)) this.nearLimit = true;
    if (status === 429 && signal.resetSeconds !== null) this.wallClearsAt = new Date(this.now() + signal.resetSeconds * 1000).toISOString();
  }

  /** Called after each charge (the ledger's writes near the deadline). */
  onCharge: (() => void) | null = null;

  /** An answered request (not a 429, which costs nothing). */
  charge(method: string, endpoint: string, body: unknown): void {
    this.points += pointsOf(method, endpoint, body);
    this.requests += 1;
    this.onCharge?.();
  }
}
