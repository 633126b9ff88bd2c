import type { Classification } from '../domain/category';
import type { EffectiveConfig } from '../domain/config';
import { classifyBatch, type Decisions, type SettledDecision } from '../domain/decide';
import type { NormalizedIssue } from '../domain/issue';
import type { EstimateSource } from '../domain/normalize';
import type { RawIssue } from '../jira/schemas';
import { normalize } from '../reader/sprint';
import { getClassifications } from '../storage/classification-store';
import { getTeamModel } from '../storage/learned-model-store';
import { getOverrides, type Override } from '../storage/overrides-store';

export interface Classified {
  issue: NormalizedIssue;
  classification: Classification;
  override: Override | null;
}

/**
 * What the app holds for deciding a batch, in the backend: overrides (one batch read), what the site's team taught
 * the classifier (one read), and the stored decisions of parents outside the batch (one batch read).
 */
export async function storedDecisions(issues: readonly NormalizedIssue[]): Promise<{ decisions: Decisions; overrides: Map<string, Override> }> {
  const keys = new Set(issues.map((i) => i.key));
  const [overrides, parents, team] = await Promise.all([getOverrides(issues.map((i) => i.id)), parentDecisions(issues.filter((i) => i.parent && !keys.has(i.parent.key))), getTeamModel()]);
  return { decisions: { overrides, settled: new Map(), parents, team }, overrides };
}

/** Normalises and classifies a batch of issues with what the app holds (storedDecisions), parent-first (classifyBatch). */
export async function classifyIssues(raw: readonly RawIssue[], config: EffectiveConfig, source: EstimateSource): Promise<Classified[]> {
  const issues = normalize({ source }, raw);
  const { decisions, overrides } = await storedDecisions(issues);
  return classifyBatch(issues, config, decisions).map((c) => ({ ...c, override: overrides.get(c.issue.id) ?? null }));
}

/**
 * Stored decisions of parents outside the batch, by parent key. The parent reference carries only its key, so the
 * stored record is looked up by the parent's id where Jira gave it; keys without one are classified from their words.
 */
async function parentDecisions(children: readonly NormalizedIssue[]): Promise<Map<string, SettledDecision>> {
  const idByKey = new Map<string, string>();
  for (const i of children) if (i.parent?.id) idByKey.set(i.parent.key, i.parent.id);
  const stored = await getClassifications([...idByKey.values()]);
  const out = new Map<string, SettledDecision>();
  for (const [parentKey, id] of idByKey) {
    const s = stored.get(id);
    if (s) out.set(parentKey, { category: s.category, source: s.source, confidence: s.confidence });
  }
  return out;
}
