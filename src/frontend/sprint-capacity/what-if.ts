import type { SprintCapacity } from '../../contracts/resolvers';
import type { Category } from '../../domain/category';
import { judgeSprint, withFlips, type SprintVerdict } from '../../domain/verdict';

/**
 * The sprint as the view shows it: the resolver's figures, or, while the planner tries a what-if (issues flipped in the
 * view only, never saved), the same sprint re-measured with the flips. Either way with its verdict (overcommitment,
 * reserve shortfall, whether unsure issues decide it) from the domain.
 */

export type Flips = Readonly<Record<string, Category>>;

// The view carries which issues are unsure (below the threshold the resolver applied), not the threshold itself.
const UNSURE = 0;
const SURE = 1;

export function judged(view: SprintCapacity, flips: Flips): { shown: SprintCapacity; verdict: SprintVerdict } {
  const unsure = new Set(view.lowConfidence);
  const items = withFlips(
    view.issues.map((i) => ({
      key: i.key,
      category: i.category,
      confidence: unsure.has(i.key) ? UNSURE : SURE,
      estimate: i.estimate,
      isSubtask: i.isSubtask,
      parentKey: i.parentKey,
      // Which KTLO joined late is known per issue when the sprint's history was read: the split follows the flips.
      ...(view.ktloSplit ? { addedAfterStart: i.unplanned } : {}),
    })),
    flips,
  );
  const limit = view.teamCapacity && { value: view.teamCapacity.value, source: view.teamCapacity.source };
  const verdict = judgeSprint({ items, band: view.band, lowConfidenceThreshold: (UNSURE + SURE) / 2 }, limit);
  // Room is never shown below zero: the overcommitment or the reserve shortfall says what is short.
  if (Object.keys(flips).length === 0) return { shown: { ...view, projectRoom: view.projectRoom === null ? null : Math.max(0, view.projectRoom) }, verdict };
  const { result } = verdict;
  const shown: SprintCapacity = {
    ...view,
    ktloPoints: result.ktloPoints,
    projectPoints: result.projectPoints,
    totalPoints: result.totalPoints,
    ktloShare: result.ktloShare,
    status: result.status,
    reserved: result.reserved,
    projectRoom: verdict.projectRoom,
    lowConfidence: verdict.unsure,
    issues: view.issues.map((i) => {
      const flipped = flips[i.key];
      return flipped === undefined ? i : { ...i, category: flipped, confidence: SURE };
    }),
    ktloSplit: result.ktloSplit && { planned: result.ktloSplit.planned, unplanned: result.ktloSplit.unplanned },
  };
  return { shown, verdict };
}
