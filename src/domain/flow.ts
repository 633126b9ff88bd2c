import type { Category } from './category';
import type { StatusCategory } from './issue';
import { err, ok, type Result } from './result';
import { percentile } from './stats';

/**
 * Kanban flow for KTLO vs project work, as the article asks of Kanban teams: WIP against a KTLO WIP limit, cycle time
 * and weekly throughput per category. Pure and deterministic: "now" is an input and every week is an ISO week in UTC,
 * so the same data gives the same figures on any server, in any time zone.
 */

/** One change of status category from the issue's changelog. */
export interface StatusCategoryTransition {
  /** ISO 8601 instant. */
  at: string;
  from: StatusCategory;
  to: StatusCategory;
}

export interface FlowIssue {
  key: string;
  category: Category;
  statusCategory: StatusCategory | null;
  /** ISO 8601 instant. */
  created: string;
  /** In any order; sorted by time here. */
  transitions: readonly StatusCategoryTransition[];
}

export interface FlowOptions {
  /** The KTLO WIP limit; null when the team has none. */
  wipLimit: number | null;
  /** Throughput window in ISO weeks, ending with the week that contains `now`. */
  weeks: number;
  /** ISO 8601 instant the figures are taken at. */
  now: string;
}

export type WipStatus = 'within' | 'over' | 'no-limit';

/** Cycle-time percentiles in days, rounded to 0.1; null without samples. */
export interface CycleTimeStats {
  p50: number | null;
  p85: number | null;
  samples: number;
}

/** An issue in progress now and how long it has been: since it last entered progress (or since creation when its history does not show that). */
export interface InProgressIssue {
  key: string;
  ageDays: number;
}

export interface WeeklyThroughput {
  /** The Monday that starts the ISO week, as an ISO date (UTC). */
  weekStart: string;
  KTLO: number;
  PROJECT: number;
}

export interface FlowResult {
  /** Issues in progress (status category 'indeterminate') per category. */
  wip: Record<Category, number>;
  /** KTLO WIP against the limit: over only when the count exceeds it; the issues in progress, oldest first. */
  ktloWip: { count: number; limit: number | null; status: WipStatus; issues: InProgressIssue[] };
  /** Over the issues finished in the throughput window. */
  cycleTime: Record<Category, CycleTimeStats>;
  /** Oldest week first; the last entry is the week containing `now`. */
  throughput: WeeklyThroughput[];
  /** KTLO finished / all finished in the window; null when nothing finished. */
  ktloThroughputShare: number | null;
}

/** Guards against a runaway allocation from a bad `weeks`; ten years of weeks is more than any chart needs. */
export const MAX_FLOW_WEEKS = 520;

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

// date [T time [zone]]; the zone is Z, +hh, +hhmm or +hh:mm.
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:Z|([+-])(\d{2}):?(\d{2})?)?)?$/;

/**
 * Milliseconds since the epoch for an ISO 8601 date or date-time, or null when the text is not one. Strict where
 * `Date.parse` is lenient: impossible dates (2026-02-30) and free-form text are rejected, and a time without an offset
 * is read as UTC rather than in the server's zone, so results never depend on where the code runs.
 * Accepts Jira's own "+0000" offsets as well as "+00:00" and "Z".
 */
export function parseInstant(text: string): number | null {
  const m = ISO_INSTANT.exec(text);
  if (m === null) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', sign = '+', zh = '0', zm = '0'] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const zoneHours = Number(zh);
  const zoneMinutes = Number(zm);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59 || zoneHours > 23 || zoneMinutes > 59) {
    return null;
  }
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not turn years 0-99 into 1900-1999.
  date.setUTCFullYear(Number(y), month - 1, day);
  if (date.getUTCDate() !== day) return null; // the day overflowed into the next month
  date.setUTCHours(hour, minute, second, Number(frac.padEnd(3, '0').slice(0, 3)));
  const offsetMinutes = (sign === '-' ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
  return date.getTime() - offsetMinutes * 60_000;
}

/** Monday 00:00 UTC of the ISO week containing `ms`. */
export function weekStart(ms: number): number {
  const midnight = ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS); // JavaScript time has no leap seconds: days are equal
  return midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * DAY_MS;
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function roundDays(ms: number): number {
  return Math.round((ms / DAY_MS) * 10) / 10;
}

interface Move {
  at: number;
  to: StatusCategory;
}

interface ParsedIssue {
  created: number;
  /** Oldest first; moves at the same instant keep the caller's order. */
  moves: Move[];
}

function parseIssue(issue: FlowIssue): Result<ParsedIssue> {
  const created = parseInstant(issue.created);
  if (created === null) return err(`issue ${issue.key}: created ${JSON.stringify(issue.created)} is not a date`);
  const moves: Move[] = [];
  for (const t of issue.transitions) {
    const at = parseInstant(t.at);
    if (at === null) return err(`issue ${issue.key}: transition at ${JSON.stringify(t.at)} is not a date`);
    moves.push({ at, to: t.to });
  }
  moves.sort((a, b) => a.at - b.at); // stable, so equal instants keep the changelog's order
  return ok({ created, moves });
}

/**
 * When a done issue last entered done, and how long it took from its first move into progress (or from creation
 * when it skipped progress). Counting from the last done makes a reopened issue count once, when it was finally done.
 * Null when the issue is not done now, or its history never shows it entering done (nothing to date it by).
 */
function finish(statusCategory: StatusCategory | null, { created, moves }: ParsedIssue): { at: number; cycleMs: number } | null {
  if (statusCategory !== 'done') return null;
  let lastDone = moves.length - 1;
  while (lastDone >= 0 && moves[lastDone]?.to !== 'done') lastDone -= 1;
  const done = moves[lastDone];
  if (done === undefined) return null;
  const started = moves.slice(0, lastDone).find((m) => m.to === 'indeterminate')?.at ?? created;
  // A creation date after the done date is bad data; a negative cycle time would only skew the percentiles.
  return { at: done.at, cycleMs: Math.max(0, done.at - started) };
}

/** How long an issue in progress has been in progress at `now`. */
function age({ created, moves }: ParsedIssue, now: number): number {
  const started = moves.filter((m) => m.to === 'indeterminate').at(-1)?.at ?? created;
  return roundDays(Math.max(0, now - started));
}

function cycleStats(samples: readonly number[]): CycleTimeStats {
  const p50 = percentile(samples, 50);
  const p85 = percentile(samples, 85);
  return {
    p50: p50 === null ? null : roundDays(p50),
    p85: p85 === null ? null : roundDays(p85),
    samples: samples.length,
  };
}

function checkOptions(options: FlowOptions): Result<{ now: number }> {
  const now = parseInstant(options.now);
  if (now === null) return err(`now ${JSON.stringify(options.now)} is not a date`);
  const { weeks, wipLimit } = options;
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_FLOW_WEEKS) {
    return err(`weeks must be a whole number from 1 to ${MAX_FLOW_WEEKS}, got ${weeks}`);
  }
  if (wipLimit !== null && !(Number.isFinite(wipLimit) && wipLimit >= 0)) {
    return err(`wipLimit must be a number of at least 0, or null, got ${wipLimit}`);
  }
  return ok({ now });
}

/**
 * Kanban flow metrics per category, so a team can see whether KTLO is crowding the board (WIP against its limit),
 * how long KTLO takes (cycle time) and how much of what the team finishes is KTLO (throughput share).
 * Cycle time and throughput count issues that are done now, by the time they last entered done, within the last
 * `weeks` ISO weeks (UTC) up to the end of the week containing `now`. Bad dates or options come back as an error
 * naming the issue, never as an exception; an issue key listed twice is an error too, as it would count twice.
 */
export function flowMetrics(issues: readonly FlowIssue[], options: FlowOptions): Result<FlowResult> {
  const checked = checkOptions(options);
  if (!checked.ok) return checked;
  const windowEnd = weekStart(checked.value.now) + WEEK_MS;
  const windowStart = windowEnd - options.weeks * WEEK_MS;
  const throughput: WeeklyThroughput[] = Array.from({ length: options.weeks }, (_, i) => ({
    weekStart: isoDate(windowStart + i * WEEK_MS),
    KTLO: 0,
    PROJECT: 0,
  }));
  const wip: Record<Category, number> = { KTLO: 0, PROJECT: 0 };
  const cycleMs: Record<Category, number[]> = { KTLO: [], PROJECT: [] };
  const inProgress: InProgressIssue[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    if (seen.has(issue.key)) return err(`issue ${issue.key}: listed more than once`);
    seen.add(issue.key);
    const parsed = parseIssue(issue);
    if (!parsed.ok) return parsed;
    if (issue.statusCategory === 'indeterminate') {
      wip[issue.category] += 1;
      if (issue.category === 'KTLO') inProgress.push({ key: issue.key, ageDays: age(parsed.value, checked.value.now) });
    }
    const done = finish(issue.statusCategory, parsed.value);
    if (done === null) continue;
    const week = throughput[Math.floor((done.at - windowStart) / WEEK_MS)];
    if (week === undefined) continue; // finished outside the window
    week[issue.category] += 1;
    cycleMs[issue.category].push(done.cycleMs);
  }
  const ktloDone = cycleMs.KTLO.length;
  const allDone = ktloDone + cycleMs.PROJECT.length;
  const limit = options.wipLimit;
  return ok({
    wip,
    ktloWip: {
      count: wip.KTLO,
      limit,
      status: limit === null ? 'no-limit' : wip.KTLO > limit ? 'over' : 'within',
      issues: inProgress.sort((a, b) => b.ageDays - a.ageDays || a.key.localeCompare(b.key)),
    },
    cycleTime: { KTLO: cycleStats(cycleMs.KTLO), PROJECT: cycleStats(cycleMs.PROJECT) },
    throughput,
    ktloThroughputShare: allDone === 0 ? null : ktloDone / allDone,
  });
}
