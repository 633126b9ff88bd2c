import type { Classification } from '../domain/category';
import { classify } from '../domain/classify';
import type { EffectiveConfig } from '../domain/config';
import type { NormalizedIssue } from '../domain/issue';
import { normalizeIssues, type EstimateSource } from '../domain/normalize';
import { withoutOwnExample } from '../domain/team-model';
import type { RawIssue } from '../jira/schemas';
import { getClassifications } from '../storage/classification-store';
import { getTeamModel } from '../storage/learned-model-store';
import { getOverrides, type Override } from '../storage/overrides-store';

/** Jira sent an issue the app cannot read (a field of the wrong type): reported, never guessed around. */
export class UnreadableIssueError extends Error {}

export interface Classified {
  issue: NormalizedIssue;
  classification: Classification;
  override: Override | null;
}

/**
 * Normalises and classifies a batch of issues with their overrides (one batch read), what the site's team taught the
 * classifier (one read) and parents: parents in the batch
 * are classified first (epics, then standard issues, then sub-tasks) so children follow them; parents outside it are
 * looked up in the stored decisions, in one batch.
 */
export async function classifyIssues(raw: readonly RawIssue[], config: EffectiveConfig, source: EstimateSource): Promise<Classified[]> {
  const normalized = normalizeIssues(raw, source);
  if (!normalized.ok) throw new UnreadableIssueError(`Jira returned an issue the app cannot read: ${normalized.error}`);
  const issues = normalized.value;
  const byId = new Map(issues.map((i) => [i.id, i]));
  const byKey = new Map(issues.map((i) => [i.key, i]));
  const outsideParents = issues.flatMap((i) => (i.parent && !byKey.has(i.parent.key) ? [i.parent.key] : []));
  const [overrides, stored, team] = await Promise.all([
    getOverrides([...byId.keys()]),
    parentDecisions(issues, outsideParents, config.lowConfidenceThreshold),
    getTeamModel(),
  ]);
  const withTeam = { ...config, team };
  const decided = new Map<string, Classification>();
  const order = [...issues].sort((a, b) => b.hierarchyLevel - a.hierarchyLevel);
  for (const issue of order) {
    const parentDecision = issue.parent ? decided.get(issue.parent.key) ?? stored.get(issue.parent.key) : undefined;
    const withParent: NormalizedIssue =
      issue.parent && parentDecision ? { ...issue, parent: { ...issue.parent, known: { category: parentDecision.category, source: parentDecision.source, confidence: parentDecision.confidence } } } : issue;
    const override = overrides.get(issue.id) ?? null;
    const decision = classify(withParent, withTeam, override);
    // An override or explicit label decides alone; otherwise the issue's own example (if any) must not vote for it.
    const own = team && decision.source !== 'override' ? withoutOwnExample(team, issue.id) : team;
    decided.set(issue.key, own === team ? decision : classify(withParent, { ...config, team: own }, override));
  }
  return issues.map((issue) => {
    const classification = decided.get(issue.key);
    if (!classification) throw new Error(`issue ${issue.key} was not classified`);
    return { issue, classification, override: overrides.get(issue.id) ?? null };
  });
}

/**
 * Stored decisions of parents outside the batch, by parent key. The parent reference carries only its key, so the
 * stored record is looked up by the parent's id where Jira gave it; keys without one are classified from their words.
 */
async function parentDecisions(issues: readonly NormalizedIssue[], keys: readonly string[], unsureBelow: number): Promise<Map<string, Classification>> {
  const wanted = new Set(keys);
  const idByKey = new Map<string, string>();
  for (const i of issues) if (i.parent && wanted.has(i.parent.key) && i.parent.id) idByKey.set(i.parent.key, i.parent.id);
  const stored = await getClassifications([...idByKey.values()]);
  const out = new Map<string, Classification>();
  for (const [parentKey, id] of idByKey) {
    const s = stored.get(id);
    if (s) out.set(parentKey, { category: s.category, source: s.source, confidence: s.confidence, unsure: s.confidence < unsureBelow, reasons: [] });
  }
  return out;
}
