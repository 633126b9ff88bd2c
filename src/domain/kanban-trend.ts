import { checkCapacity, type Band, type CapacityItem } from './capacity';
import { isoDate, parseInstant, weekStart } from './flow';
import { err, ok, type Result } from './result';
import { ktloShareRange } from './share-range';
import { sprintTrend, type SprintTrend, type TrendSprint } from './trends';

/**
 * KTLO over time for a Kanban board, which has no sprints: each week or calendar month (UTC) is measured as a sprint
 * would be, over the issues finished in it, weighted as the board weighs them (points, hours or one per issue), so
 * the same trend and the same chart serve both. Pure.
 */

export type TrendPeriod = 'week' | 'month';

/** A finished issue: a capacity item (weighed in the board's basis, null when unestimated) and when it last entered done. */
export interface DoneIssue extends Omit<CapacityItem, 'addedAfterStart'> {
  /** ISO 8601. */
  doneAt: string;
}

export interface KanbanTrendOptions {
  period: TrendPeriod;
  /** How many periods, up to and including the one containing `now`. */
  periods: number;
  now: string;
  band: Band;
  lowConfidenceThreshold: number;
}

export interface KanbanTrend extends SprintTrend {
  /** Of the periods asked for, those on or after the period of the board's first finished issue. */
  available: number;
}

export const MAX_TREND_PERIODS = 104;

function periodStart(ms: number, period: TrendPeriod): number {
  if (period === 'week') return weekStart(ms);
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function shift(start: number, period: TrendPeriod, by: number): number {
  if (period === 'week') return start + by * 7 * 86_400_000;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + by, 1);
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function periodName(start: number, period: TrendPeriod): string {
  const d = new Date(start);
  return period === 'week' ? `Week of ${isoDate(start)}` : `${MONTH_NAMES[d.getUTCMonth()] ?? ''} ${d.getUTCFullYear()}`;
}

/**
 * The KTLO share of what the board finished, period by period, oldest first, judged against `band`; the last period is
 * the one containing `now` (so far). Issues finished outside the window are left out; a bad date is an error naming
 * the issue.
 */
export function kanbanTrend(done: readonly DoneIssue[], options: KanbanTrendOptions): Result<KanbanTrend> {
  const now = parseInstant(options.now);
  if (now === null) return err(`now: not an ISO 8601 instant: ${options.now}`);
  if (!Number.isInteger(options.periods) || options.periods < 1 || options.periods > MAX_TREND_PERIODS) {
    return err(`periods: must be a whole number from 1 to ${MAX_TREND_PERIODS}, got ${options.periods}`);
  }
  const last = periodStart(now, options.period);
  const starts = Array.from({ length: options.periods }, (_, i) => shift(last, options.period, i - options.periods + 1));
  const buckets: CapacityItem[][] = starts.map(() => []);
  let earliest: number | null = null;
  for (const issue of done) {
    const at = parseInstant(issue.doneAt);
    if (at === null) return err(`issue ${issue.key}: doneAt is not an ISO 8601 instant: ${issue.doneAt}`);
    const start = periodStart(at, options.period);
    earliest = earliest === null ? start : Math.min(earliest, start);
    const index = starts.indexOf(start);
    if (index < 0) continue;
    buckets[index]?.push({ key: issue.key, category: issue.category, confidence: issue.confidence, estimate: issue.estimate, isSubtask: issue.isSubtask, parentKey: issue.parentKey });
  }
  const sprints = starts.map((start, i): TrendSprint => {
    const input = { items: buckets[i] ?? [], band: options.band, teamCapacity: null, lowConfidenceThreshold: options.lowConfidenceThreshold };
    return {
      id: i + 1,
      name: periodName(start, options.period),
      startDate: isoDate(start),
      endDate: isoDate(shift(start, options.period, 1) - 86_400_000),
      capacity: checkCapacity(input),
      range: ktloShareRange(input),
    };
  });
  const firstDone = earliest;
  const available = firstDone === null ? 0 : starts.filter((s) => s >= firstDone).length;
  return ok({ ...sprintTrend(sprints, options.band), available });
}
