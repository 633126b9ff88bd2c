import type { Category } from './category';

/** The reserved KTLO share of capacity, inclusive at both ends. */
export interface Band {
  min: number;
  max: number;
}

export type CapacityStatus = 'under' | 'within' | 'over' | 'empty';

/** One sprint issue as the capacity check needs it. */
export interface CapacityItem {
  key: string;
  category: Category;
  confidence: number;
  /** Points (or hours, or 1 per issue) in the sprint's basis; null when unestimated. */
  estimate: number | null;
  isSubtask: boolean;
  /** For sub-tasks: the parent's key, so the sub-task never adds points on top of a parent in the same sprint. */
  parentKey: string | null;
  /** True when the issue joined the sprint after it started (an interrupt); undefined when unknown. */
  addedAfterStart?: boolean;
}

export interface CapacityInput {
  items: readonly CapacityItem[];
  band: Band;
  /** Team capacity for the sprint in the same unit as the estimates; null to measure against the planned total. */
  teamCapacity: number | null;
  lowConfidenceThreshold: number;
}

export interface CapacityResult {
  ktloPoints: number;
  projectPoints: number;
  totalPoints: number;
  /** Issues that count but carry no estimate: listed, never counted. */
  unestimated: string[];
  /** KTLO points / denominator (team capacity if given, else total points), capped at 1; null when there is nothing to measure. */
  ktloShare: number | null;
  status: CapacityStatus;
  band: Band;
  /** The reserved KTLO range in points; null without a team capacity. */
  reserved: Band | null;
  /** Capacity left for more project work after the KTLO reservation (or the KTLO planned, if larger) and the project work planned; negative when over-committed; null without a team capacity. */
  projectRoom: number | null;
  lowConfidence: string[];
  /** Planned vs unplanned (added after the sprint started) KTLO; null when no issue says when it joined. */
  ktloSplit: { planned: number; unplanned: number; unplannedKeys: string[] } | null;
  /** The denominator the share was taken over. */
  denominator: number;
}

/** Float sums of fractional points (0.5 + 0.1 ...) are rounded so 0.30000000000000004 never reaches a person. */
export function roundPoints(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

// Comparisons at the band edges allow for binary fractions: 2/10 must count as exactly 20%.
const EDGE = 1e-9;

export function bandStatus(share: number | null, band: Band): CapacityStatus {
  if (share === null) return 'empty';
  if (share < band.min - EDGE) return 'under';
  if (share > band.max + EDGE) return 'over';
  return 'within';
}

/**
 * Whether an item's points count. Following Jira's board convention a sub-task never adds points on top of its
 * parent: when the parent is in the same sprint the parent's estimate stands for both. A sub-task whose parent is
 * elsewhere counts on its own, or its work would vanish from the sprint.
 */
function counts(item: CapacityItem, keys: ReadonlySet<string>): boolean {
  return !(item.isSubtask && item.parentKey !== null && keys.has(item.parentKey));
}

export function checkCapacity(input: CapacityInput): CapacityResult {
  const { items, band, teamCapacity, lowConfidenceThreshold } = input;
  const keys = new Set(items.map((i) => i.key));
  let ktlo = 0;
  let project = 0;
  let planned = 0;
  let unplanned = 0;
  let anyTiming = false;
  const unplannedKeys: string[] = [];
  const unestimated: string[] = [];
  const lowConfidence: string[] = [];
  for (const item of items) {
    if (item.confidence < lowConfidenceThreshold) lowConfidence.push(item.key);
    if (!counts(item, keys)) continue;
    if (item.addedAfterStart !== undefined) anyTiming = true;
    if (item.estimate === null) {
      unestimated.push(item.key);
      continue;
    }
    if (item.category === 'KTLO') {
      ktlo += item.estimate;
      if (item.addedAfterStart === true) {
        unplanned += item.estimate;
        unplannedKeys.push(item.key);
      } else {
        planned += item.estimate;
      }
    } else {
      project += item.estimate;
    }
  }
  const ktloPoints = roundPoints(ktlo);
  const projectPoints = roundPoints(project);
  const totalPoints = roundPoints(ktlo + project);
  const denominator = teamCapacity ?? totalPoints;
  const ktloShare = denominator > 0 ? Math.min(1, ktloPoints / denominator) : null;
  const reserved = teamCapacity === null ? null : { min: roundPoints(band.min * teamCapacity), max: roundPoints(band.max * teamCapacity) };
  const projectRoom =
    reserved === null || teamCapacity === null
      ? null
      : roundPoints(teamCapacity - Math.max(ktloPoints, reserved.min) - projectPoints);
  return {
    ktloPoints,
    projectPoints,
    totalPoints,
    unestimated,
    ktloShare,
    status: bandStatus(ktloShare, band),
    band: { min: band.min, max: band.max },
    reserved,
    projectRoom,
    lowConfidence,
    ktloSplit: anyTiming ? { planned: roundPoints(planned), unplanned: roundPoints(unplanned), unplannedKeys } : null,
    denominator,
  };
}

/** Team capacity from velocity: the mean completed points of the last `n` closed sprints (oldest first in `completed`); null when none closed. */
export function velocity(completed: readonly number[], n = 3): number | null {
  const recent = completed.slice(-n);
  if (recent.length === 0) return null;
  return roundPoints(recent.reduce((a, b) => a + b, 0) / recent.length);
}
