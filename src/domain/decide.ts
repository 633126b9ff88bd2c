import type { Category, Classification, ClassificationSource } from './category';
import { classify, type OverrideInput } from './classify';
import type { EffectiveConfig } from './config';
import type { NormalizedIssue } from './issue';
import { withoutOwnExample, type TeamModel } from './team-model';

/**
 * How a batch of issues is decided, whoever reads them: the backend (overrides and stored decisions from kvs), the
 * browser (overrides of the context's project from the load route, final categories other projects' issues carry in
 * the Work category field) and the CLI (labels from a file). Parent-first: epics, then standard issues, then
 * sub-tasks, so a child always follows a parent decided in the same batch.
 */

/** A decision already made where the reader cannot see why: a stored decision, or the Work category field's value. */
export interface SettledDecision {
  category: Category;
  source: ClassificationSource;
  confidence: number;
}

export interface Decisions {
  /** Team overrides, by issue id. */
  overrides: ReadonlyMap<string, OverrideInput>;
  /** Final decisions of issues in the batch that are decided elsewhere (another project's Work category), by issue id. */
  settled: ReadonlyMap<string, SettledDecision>;
  /** Decisions of parents outside the batch, by parent key. */
  parents: ReadonlyMap<string, SettledDecision>;
  /** What the site's team taught the classifier; null when it has taught nothing. */
  team: TeamModel | null;
}

export const NO_DECISIONS: Decisions = { overrides: new Map(), settled: new Map(), parents: new Map(), team: null };

export interface Classified {
  issue: NormalizedIssue;
  classification: Classification;
}

function settledClassification(d: SettledDecision, unsureBelow: number): Classification {
  return { category: d.category, source: d.source, confidence: d.confidence, unsure: d.confidence < unsureBelow, reasons: ['as its Work category field says (decided in its own project)'] };
}

/** Classifies every issue of the batch, in the batch's order. Total and deterministic. */
export function classifyBatch(issues: readonly NormalizedIssue[], config: EffectiveConfig, decisions: Decisions): Classified[] {
  const { overrides, settled, parents, team } = decisions;
  const decided = new Map<string, Classification>();
  // Stable order: by hierarchy level, highest first; ties keep the batch's order.
  const order = issues.map((issue, index) => ({ issue, index })).sort((a, b) => b.issue.hierarchyLevel - a.issue.hierarchyLevel || a.index - b.index);
  for (const { issue } of order) {
    const fixed = settled.get(issue.id);
    if (fixed && !overrides.has(issue.id)) {
      decided.set(issue.key, settledClassification(fixed, config.lowConfidenceThreshold));
      continue;
    }
    const parentDecision = issue.parent ? decided.get(issue.parent.key) ?? parents.get(issue.parent.key) : undefined;
    const withParent: NormalizedIssue =
      issue.parent && parentDecision ? { ...issue, parent: { ...issue.parent, known: { category: parentDecision.category, source: parentDecision.source, confidence: parentDecision.confidence } } } : issue;
    const override = overrides.get(issue.id) ?? null;
    // An override or explicit label decides alone; otherwise the issue's own learned example must not vote for it.
    const first = classify(withParent, { ...config, team }, override);
    const own = team && first.source !== 'override' ? withoutOwnExample(team, issue.id) : team;
    decided.set(issue.key, own === team ? first : classify(withParent, { ...config, team: own }, override));
  }
  return issues.map((issue) => {
    const classification = decided.get(issue.key);
    if (!classification) throw new Error(`issue ${issue.key} was not classified`);
    return { issue, classification };
  });
}
