import type { Category } from './category';
import { checkCapacity, type CapacityInput } from './capacity';

/**
 * The KTLO share when some decisions are unsure (confidence below `lowConfidenceThreshold`): the share counts each
 * unsure issue by its leaning, and the range says how far it could move once people decide them. `min` counts every
 * unsure issue as project work, `max` every one as KTLO; the share itself lies between. For capacity (a sprint's
 * issues) and trends (each sprint's), which show it as "22-31%" while issues are unsure.
 */
export interface ShareRange {
  min: number | null;
  max: number | null;
  /** Keys of the unsure issues, in input order. */
  unsure: string[];
}

export function ktloShareRange(input: CapacityInput): ShareRange {
  const isUnsure = (confidence: number): boolean => confidence < input.lowConfidenceThreshold;
  const shareIf = (category: Category): number | null =>
    checkCapacity({ ...input, items: input.items.map((item) => (isUnsure(item.confidence) ? { ...item, category } : item)) }).ktloShare;
  return { min: shareIf('PROJECT'), max: shareIf('KTLO'), unsure: input.items.filter((i) => isUnsure(i.confidence)).map((i) => i.key) };
}
