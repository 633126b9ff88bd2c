import { bandStatus, checkCapacity, roundPoints, type CapacityInput, type CapacityResult, type CapacityStatus } from './capacity';
import type { Category } from './category';
import { ktloShareRange } from './share-range';

/**
 * The sprint verdict a planner can trust at a glance: the band verdict, and beside it, never folded into it, whether
 * the sprint is overcommitted (more planned than the team can do), whether project work eats into the KTLO reserve,
 * and whether the verdict rests on issues the classifier is unsure of. Pure.
 */

export interface TeamLimit {
  value: number;
  /** What the limit is: a configured team capacity, or the velocity of the last closed sprints. */
  source: 'configured' | 'velocity';
}

/** More committed than the team can do: "44 committed against 33.7 velocity: 10.3 over". */
export interface Overcommitment {
  against: 'capacity' | 'velocity';
  committed: number;
  limit: number;
  over: number;
}

export interface ShareBounds {
  min: number;
  max: number;
}

export interface SprintVerdict {
  result: CapacityResult;
  /** The band verdict of the share as it stands (each unsure issue counted by its leaning). */
  status: CapacityStatus;
  overcommitment: Overcommitment | null;
  /** Points of the KTLO reserve that planned project work leaves no room for; null when it leaves the reserve whole. */
  reserveShortfall: number | null;
  /** Room left for more project work: never below zero (a shortfall or overcommitment says the rest). */
  projectRoom: number | null;
  /** The share with every unsure issue as project work (min) and as KTLO (max); null when no issue that counts is unsure. */
  shareRange: ShareBounds | null;
  /** The unsure issues could move the share across a band edge: the verdict depends on how people decide them. */
  restsOnUnsure: boolean;
  /** The verdicts the share could take once the unsure issues are decided, lowest share first (one when it does not rest on them). */
  possibleStatuses: CapacityStatus[];
  unsure: string[];
}

// As in capacity.ts: 2/10 of a capacity is exactly its 20%, whatever binary fractions make of it.
const EDGE = 1e-9;

export function overcommitment(committed: number, limit: TeamLimit | null): Overcommitment | null {
  if (limit === null || committed <= limit.value + EDGE) return null;
  return { against: limit.source === 'configured' ? 'capacity' : 'velocity', committed, limit: limit.value, over: roundPoints(committed - limit.value) };
}

/** The verdict of a sprint's items against `limit` (its team capacity, whether configured or from velocity). */
export function judgeSprint(input: Omit<CapacityInput, 'teamCapacity'>, limit: TeamLimit | null): SprintVerdict {
  const full: CapacityInput = { ...input, teamCapacity: limit?.value ?? null };
  const result = checkCapacity(full);
  const range = ktloShareRange(full);
  const shareRange = range.min !== null && range.max !== null && range.max - range.min > EDGE ? { min: range.min, max: range.max } : null;
  const possibleStatuses = shareRange === null ? [result.status] : [...new Set([bandStatus(shareRange.min, input.band), result.status, bandStatus(shareRange.max, input.band)])];
  const over = overcommitment(result.totalPoints, limit);
  const reserveShortfall =
    result.reserved === null || result.projectRoom === null || result.projectRoom >= -EDGE || over !== null ? null : roundPoints(-result.projectRoom);
  return {
    result,
    status: result.status,
    overcommitment: over,
    reserveShortfall,
    projectRoom: result.projectRoom === null ? null : Math.max(0, result.projectRoom),
    shareRange,
    restsOnUnsure: possibleStatuses.length > 1,
    possibleStatuses,
    unsure: range.unsure,
  };
}

/**
 * A what-if: the items with the planner's flips applied, each flipped issue decided (confidence 1), as a new list; the
 * input is never changed. Keys not among the items are ignored.
 */
export function withFlips<T extends { key: string; category: Category; confidence: number }>(items: readonly T[], flips: Readonly<Record<string, Category>>): T[] {
  return items.map((item) => {
    const flipped = flips[item.key];
    return flipped === undefined ? item : { ...item, category: flipped, confidence: 1 };
  });
}

/** "44 points committed against 33.7 points velocity: 10.3 points over", each number as `amount` writes it. */
export function describeOvercommitment(o: Overcommitment, amount: (value: number) => string = String): string {
  return `${amount(o.committed)} committed against ${amount(o.limit)} ${o.against === 'velocity' ? 'velocity' : 'team capacity'}: ${amount(o.over)} over`;
}
