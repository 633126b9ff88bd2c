import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { CATEGORIES, type Classification } from '../domain/category';
import { sweep, type SweepResult } from './sweep';

/**
 * The last decision per issue, as the trigger or a bulk run wrote it to the "Work category" field. It lets children
 * follow a parent without re-reading the parent from Jira, lets the lozenge answer without a Jira call, and holds the
 * rules revision so a bulk run can skip issues already classified under the current rules.
 */

export const storedClassificationSchema = z.object({
  category: z.enum(CATEGORIES),
  source: z.enum(['override', 'parent', 'rules', 'default']),
  confidence: z.number().min(0).max(1),
  /** Which settings revisions decided it ("g3-p1"): global, then project. */
  rulesVersion: z.string(),
  at: z.string(),
  /** The parent the issue was decided under (its id), so the issue panel's load finds the parent's decision without reading Jira; absent in records of older versions. */
  parentId: z.string().nullable().optional(),
});
export type StoredClassification = z.infer<typeof storedClassificationSchema>;

const PREFIX = 'class:';
const key = (issueId: string): string => `${PREFIX}${issueId}`;
const BATCH = 25;

export async function getClassifications(issueIds: readonly string[]): Promise<Map<string, StoredClassification>> {
  const out = new Map<string, StoredClassification>();
  const unique = [...new Set(issueIds)];
  for (let i = 0; i < unique.length; i += BATCH) {
    const result = await kvs.batchGet<unknown>(unique.slice(i, i + BATCH).map((id) => ({ key: key(id) })));
    for (const item of result.successfulKeys) {
      const parsed = storedClassificationSchema.safeParse(item.value);
      // A damaged record is only a cache miss: the issue is classified again.
      if (parsed.success) out.set(item.key.slice(PREFIX.length), parsed.data);
    }
  }
  return out;
}

export async function putClassifications(entries: ReadonlyMap<string, { classification: Classification; rulesVersion: string; parentId?: string | null }>, at: string): Promise<void> {
  const items = [...entries].map(([issueId, { classification, rulesVersion, parentId }]) => ({
    key: key(issueId),
    value: { category: classification.category, source: classification.source, confidence: classification.confidence, rulesVersion, at, parentId: parentId ?? null },
  }));
  for (let i = 0; i < items.length; i += BATCH) await kvs.batchSet(items.slice(i, i + BATCH));
}

/**
 * Deletes decisions last made before `cutoff` (and damaged ones, which are only cache misses), from `cursor`, reading
 * at most `budget`. A deleted decision is made again the next time the issue is classified.
 */
export function sweepClassifications(cutoff: Date, cursor: string | null, budget: number): Promise<SweepResult> {
  return sweep(PREFIX, {
    cursor,
    budget,
    expired: (_key, value) => {
      const parsed = storedClassificationSchema.safeParse(value);
      return !parsed.success || Date.parse(parsed.data.at) < cutoff.getTime();
    },
  });
}
