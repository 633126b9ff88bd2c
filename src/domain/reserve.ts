import type { Band } from './capacity';
import type { SprintTrendPoint } from './trends';
import { percentile } from './stats';

/**
 * A KTLO reserve suggested from the board's history, for the article's "reserve 20-30% of capacity, then adjust to
 * what your team actually spends": over the last closed sprints (a Kanban board: its last full weeks of finished
 * work), the typical (p50) to high (p85) KTLO share, rounded outwards to whole 5% steps. Pure.
 */

/** A closed sprint as its snapshot stores it: shares over the sprint's planned total. */
export interface ClosedSprintShares {
  sprintId: number;
  completeDate: string | null;
  ktloPoints: number;
  projectPoints: number;
  /** KTLO share of the planned total; null when the sprint had nothing estimated. */
  ktloShare: number | null;
  /** KTLO added after the sprint started; null when the sprint's history was not read (snapshots stored before it was). */
  ktloUnplanned: number | null;
}

/** What a suggestion is over: closed sprints, or (Kanban) full weeks of finished work. */
export type ReservePeriod = 'sprint' | 'week';

export const RESERVE_SPRINTS = 12;
export const RESERVE_WEEKS = 12;
export const MIN_RESERVE_SPRINTS = 4;
export const MIN_RESERVE_WEEKS = 4;
/** Weeks a Kanban board's weekly trend is read over for its reserve: the full weeks and the running one. */
export const KANBAN_RESERVE_PERIODS = RESERVE_WEEKS + 1;
/** Suggested edges are multiples of this share. */
export const RESERVE_STEP = 0.05;

export interface Spread {
  p50: number;
  p85: number;
  /** Periods the percentiles are over. */
  periods: number;
}

export type ReserveSuggestion =
  | {
      kind: 'suggested';
      band: Band;
      period: ReservePeriod;
      /** Periods looked at (the last RESERVE_SPRINTS closed sprints or RESERVE_WEEKS full weeks, fewer if fewer). */
      periods: number;
      /** Of those, the ones with nothing estimated, left out of the percentiles. */
      skipped: number;
      ktloShare: Spread;
      /**
       * Unplanned KTLO as a share of the planned total, over the sprints whose stored history says what joined late
       * (`periods` says how many); null when none does, and for Kanban boards, which plan no sprint to add to.
       */
      unplannedShare: Spread | null;
    }
  | { kind: 'too-little-history'; period: ReservePeriod; periods: number; needed: number };

function spread(values: readonly number[]): Spread | null {
  const p50 = percentile(values, 50);
  const p85 = percentile(values, 85);
  return p50 === null || p85 === null ? null : { p50, p85, periods: values.length };
}

// Integer steps first, so 0.25 / 0.05 landing on 4.999999 never rounds a whole step away.
const steps = (share: number): number => Math.round((share / RESERVE_STEP) * 1e6) / 1e6;
const fromSteps = (n: number): number => Math.round(n * RESERVE_STEP * 100) / 100;

/** A period's KTLO and project work, its share of their total, and its unplanned KTLO when known. */
interface PeriodShares {
  ktloPoints: number;
  projectPoints: number;
  ktloShare: number | null;
  ktloUnplanned: number | null;
}

/**
 * The p50 and p85 (nearest rank) of the periods' KTLO share, and the band from p50 rounded down to p85 rounded up to
 * 5% steps, at least one step wide. Fewer than `needed` periods with something measured give no suggestion.
 */
function suggestFrom(periods: readonly PeriodShares[], period: ReservePeriod, needed: number): ReserveSuggestion {
  const measured = periods.filter((s) => s.ktloShare !== null && s.ktloPoints + s.projectPoints > 0);
  const ktloShare = spread(measured.map((s) => s.ktloShare ?? 0));
  if (ktloShare === null || measured.length < needed) return { kind: 'too-little-history', period, periods: measured.length, needed };
  const low = Math.floor(steps(ktloShare.p50));
  const high = Math.max(low + 1, Math.ceil(steps(ktloShare.p85)));
  const maxSteps = Math.round(1 / RESERVE_STEP);
  const band = { min: fromSteps(Math.min(low, maxSteps - 1)), max: fromSteps(Math.min(high, maxSteps)) };
  const timed = measured.flatMap((s) => (s.ktloUnplanned === null ? [] : [s.ktloUnplanned / (s.ktloPoints + s.projectPoints)]));
  return { kind: 'suggested', band, period, periods: periods.length, skipped: periods.length - measured.length, ktloShare, unplannedShare: spread(timed) };
}

/**
 * From the board's closed sprints (any order; those still open are ignored): the last RESERVE_SPRINTS by completion,
 * their KTLO share and, where stored, their unplanned KTLO.
 */
export function suggestReserve(closedSprints: readonly ClosedSprintShares[]): ReserveSuggestion {
  const closed = closedSprints
    .filter((s) => s.completeDate !== null)
    .sort((a, b) => (a.completeDate ?? '').localeCompare(b.completeDate ?? '') || a.sprintId - b.sprintId)
    .slice(-RESERVE_SPRINTS);
  return suggestFrom(closed, 'sprint', MIN_RESERVE_SPRINTS);
}

/**
 * A Kanban board's: from its weekly trend (kanban-trend.ts, oldest first, the last week the one still running), the
 * last RESERVE_WEEKS full weeks' KTLO share of what it finished; the running week is left out, as an open sprint is.
 */
export function suggestKanbanReserve(weeks: readonly SprintTrendPoint[]): ReserveSuggestion {
  const full = weeks.slice(0, -1).slice(-RESERVE_WEEKS);
  return suggestFrom(
    full.map((w) => ({ ktloPoints: w.ktloPoints, projectPoints: w.projectPoints, ktloShare: w.ktloShare, ktloUnplanned: null })),
    'week',
    MIN_RESERVE_WEEKS,
  );
}
