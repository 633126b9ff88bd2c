import type { Band } from './capacity';
import { percentile } from './stats';

/**
 * A KTLO reserve suggested from the board's history, for the article's "reserve 20-30% of capacity, then adjust to
 * what your team actually spends": over the last closed sprints, the typical (p50) to high (p85) KTLO share, rounded
 * outwards to whole 5% steps. Pure.
 */

/** A closed sprint as its snapshot stores it: shares over the sprint's planned total. */
export interface ClosedSprintShares {
  sprintId: number;
  completeDate: string | null;
  ktloPoints: number;
  projectPoints: number;
  /** KTLO share of the planned total; null when the sprint had nothing estimated. */
  ktloShare: number | null;
  /** KTLO added after the sprint started; null when the sprint's history was not read. */
  ktloUnplanned: number | null;
}

export const RESERVE_SPRINTS = 12;
export const MIN_RESERVE_SPRINTS = 4;
/** Suggested edges are multiples of this share. */
export const RESERVE_STEP = 0.05;

export interface Spread {
  p50: number;
  p85: number;
  /** Sprints the percentiles are over. */
  sprints: number;
}

export type ReserveSuggestion =
  | {
      kind: 'suggested';
      band: Band;
      /** Closed sprints looked at (the last RESERVE_SPRINTS, fewer if fewer closed). */
      sprints: number;
      /** Of those, the ones with nothing estimated, left out of the percentiles. */
      skipped: number;
      ktloShare: Spread;
      /** Unplanned KTLO as a share of the planned total, over the sprints whose history says what joined late; null when none does. */
      unplannedShare: Spread | null;
    }
  | { kind: 'too-little-history'; sprints: number; needed: number };

function spread(values: readonly number[]): Spread | null {
  const p50 = percentile(values, 50);
  const p85 = percentile(values, 85);
  return p50 === null || p85 === null ? null : { p50, p85, sprints: values.length };
}

// Integer steps first, so 0.25 / 0.05 landing on 4.999999 never rounds a whole step away.
const steps = (share: number): number => Math.round((share / RESERVE_STEP) * 1e6) / 1e6;
const fromSteps = (n: number): number => Math.round(n * RESERVE_STEP * 100) / 100;

/**
 * From the board's closed sprints (any order; those still open are ignored): the last RESERVE_SPRINTS by completion, the
 * p50 and p85 (nearest rank) of their KTLO share, and the band from p50 rounded down to p85 rounded up to 5% steps,
 * at least one step wide. Fewer than MIN_RESERVE_SPRINTS sprints with something measured give no suggestion.
 */
export function suggestReserve(closedSprints: readonly ClosedSprintShares[]): ReserveSuggestion {
  const closed = closedSprints
    .filter((s) => s.completeDate !== null)
    .sort((a, b) => (a.completeDate ?? '').localeCompare(b.completeDate ?? '') || a.sprintId - b.sprintId)
    .slice(-RESERVE_SPRINTS);
  const measured = closed.filter((s) => s.ktloShare !== null && s.ktloPoints + s.projectPoints > 0);
  const ktloShare = spread(measured.map((s) => s.ktloShare ?? 0));
  if (ktloShare === null || measured.length < MIN_RESERVE_SPRINTS) return { kind: 'too-little-history', sprints: measured.length, needed: MIN_RESERVE_SPRINTS };
  const low = Math.floor(steps(ktloShare.p50));
  const high = Math.max(low + 1, Math.ceil(steps(ktloShare.p85)));
  const maxSteps = Math.round(1 / RESERVE_STEP);
  const band = { min: fromSteps(Math.min(low, maxSteps - 1)), max: fromSteps(Math.min(high, maxSteps)) };
  const timed = measured.flatMap((s) => (s.ktloUnplanned === null ? [] : [s.ktloUnplanned / (s.ktloPoints + s.projectPoints)]));
  return { kind: 'suggested', band, sprints: closed.length, skipped: closed.length - measured.length, ktloShare, unplannedShare: spread(timed) };
}
