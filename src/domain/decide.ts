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
  return new BatchClassifier(config, decisions).done(issues);
}

/** What an issue waits for before it can be decided: its parent (by id), the decisions of parents outside the batch, or the whole batch. */
const OUTSIDE_PARENTS = 'outside parents';
const WHOLE_BATCH = 'whole batch';

/** Parent-first: a parent is decided before its child when it is higher in the hierarchy, or level with it and earlier in the batch. */
function precedes(parentLevel: number, parentAt: number, childLevel: number, childAt: number): boolean {
  return parentLevel > childLevel || (parentLevel === childLevel && parentAt < childAt);
}

function byHierarchy(issues: readonly NormalizedIssue[], at: (issue: NormalizedIssue, i: number) => number): NormalizedIssue[] {
  // Stable order: by hierarchy level, highest first; ties keep the batch's order.
  return issues
    .map((issue, i) => ({ issue, at: at(issue, i) }))
    .sort((a, b) => b.issue.hierarchyLevel - a.issue.hierarchyLevel || a.at - b.at)
    .map(({ issue }) => issue);
}

/**
 * classifyBatch for a batch that is read in pages (a view's bulk fetches): each issue is decided as soon as what its
 * decision depends on is in, so a view classifies while Jira's other answers are on their way, and `done` answers
 * exactly what classifyBatch answers for the whole batch. An issue's decision depends on its parent's when its parent
 * is in the batch and comes first in the parent-first order; otherwise on the decisions of parents outside the batch,
 * which a reader may learn only after the batch (`parents` null until `setParents`). Pages are placed by `ids`, the
 * batch's ids in its order (what the pages come from; Jira may leave some out), and a parent is known by its id.
 */
export class BatchClassifier {
  /** Decisions so far, by issue id. */
  private readonly decided = new Map<string, Classification>();
  private readonly arrived = new Map<string, NormalizedIssue>();
  private readonly position: ReadonlyMap<string, number>;
  /** Issues not decided yet, by what they wait for (a parent's id, OUTSIDE_PARENTS or WHOLE_BATCH). */
  private readonly waiting = new Map<string, NormalizedIssue[]>();
  private readonly settled: Map<string, SettledDecision>;
  private parents: ReadonlyMap<string, SettledDecision> | null;

  constructor(
    private readonly config: EffectiveConfig,
    private readonly given: Omit<Decisions, 'parents'> & { parents: ReadonlyMap<string, SettledDecision> | null },
    ids: readonly string[] = [],
  ) {
    this.position = new Map(ids.map((id, i) => [id, i]));
    this.settled = new Map(given.settled);
    this.parents = given.parents;
  }

  /** Issues of the batch as they are read, with the settled decisions among them: decided now, or once what they wait for is in. */
  add(issues: readonly NormalizedIssue[], settled: ReadonlyMap<string, SettledDecision> = new Map()): void {
    for (const [id, decision] of settled) this.settled.set(id, decision);
    for (const issue of issues) this.arrived.set(issue.id, issue);
    for (const issue of byHierarchy(issues, (issue) => this.position.get(issue.id) ?? Infinity)) this.attempt(issue);
    for (const issue of issues) this.wake(issue.id);
  }

  /** How many of the batch's issues are decided so far. */
  get decidedCount(): number {
    return this.decided.size;
  }

  /** The decisions of parents outside the batch, now known: the issues that waited for them are decided. */
  setParents(parents: ReadonlyMap<string, SettledDecision>): void {
    this.parents = parents;
    this.wake(OUTSIDE_PARENTS);
  }

  /** The whole batch, in its order, decided as classifyBatch decides it (what was decided as it came is what it would have been). */
  done(batch: readonly NormalizedIssue[]): Classified[] {
    const at = new Map(batch.map((issue, i) => [issue.key, { issue, i }]));
    for (const issue of byHierarchy(batch, (_issue, i) => i)) {
      if (this.decided.has(issue.id)) continue;
      const self = at.get(issue.key);
      const parent = issue.parent ? at.get(issue.parent.key) : undefined;
      const first = parent && self && precedes(parent.issue.hierarchyLevel, parent.i, issue.hierarchyLevel, self.i) ? this.decided.get(parent.issue.id) : undefined;
      this.decide(issue, issue.parent ? first ?? this.parents?.get(issue.parent.key) : undefined);
    }
    return batch.map((issue) => {
      const classification = this.decided.get(issue.id);
      if (!classification) throw new Error(`issue ${issue.key} was not classified`);
      return { issue, classification };
    });
  }

  /** Decides the issue if what it depends on is in, else sets it waiting. */
  private attempt(issue: NormalizedIssue): void {
    if (this.decided.has(issue.id)) return;
    const ready = this.readiness(issue);
    if ('parent' in ready) {
      this.decide(issue, ready.parent);
      return;
    }
    const waiting = this.waiting.get(ready.waitsFor);
    if (waiting) waiting.push(issue);
    else this.waiting.set(ready.waitsFor, [issue]);
  }

  private wake(what: string): void {
    const waiting = this.waiting.get(what);
    if (!waiting) return;
    this.waiting.delete(what);
    for (const issue of waiting) this.attempt(issue);
  }

  /** The parent's decision the issue takes when it can be decided now, else what it waits for. */
  private readiness(issue: NormalizedIssue): { parent: Classification | SettledDecision | undefined } | { waitsFor: string } {
    if (this.standing(issue.id) || !issue.parent) return { parent: undefined };
    const parentId = issue.parent.id;
    const self = this.position.get(issue.id);
    if (parentId === undefined || self === undefined) return { waitsFor: WHOLE_BATCH };
    const parentAt = this.position.get(parentId);
    if (parentAt !== undefined) {
      const parent = this.arrived.get(parentId);
      if (!parent) return { waitsFor: parentId };
      if (parent.key !== issue.parent.key) return { waitsFor: WHOLE_BATCH };
      if (precedes(parent.hierarchyLevel, parentAt, issue.hierarchyLevel, self)) {
        const first = this.decided.get(parentId);
        return first ? { parent: first } : { waitsFor: parentId };
      }
    }
    return this.parents === null ? { waitsFor: OUTSIDE_PARENTS } : { parent: this.parents.get(issue.parent.key) };
  }

  private decide(issue: NormalizedIssue, parentDecision: Classification | SettledDecision | undefined): void {
    this.decided.set(issue.id, this.classification(issue, parentDecision));
    this.wake(issue.id);
  }

  /** The settled decision the issue keeps (an override in the batch decides it afresh instead). */
  private standing(id: string): SettledDecision | undefined {
    return this.given.overrides.has(id) ? undefined : this.settled.get(id);
  }

  private classification(issue: NormalizedIssue, parentDecision: Classification | SettledDecision | undefined): Classification {
    const { overrides, team } = this.given;
    const fixed = this.standing(issue.id);
    if (fixed) return settledClassification(fixed, this.config.lowConfidenceThreshold);
    const withParent: NormalizedIssue =
      issue.parent && parentDecision ? { ...issue, parent: { ...issue.parent, known: { category: parentDecision.category, source: parentDecision.source, confidence: parentDecision.confidence } } } : issue;
    const override = overrides.get(issue.id) ?? null;
    // An override or explicit label decides alone; otherwise the issue's own learned example must not vote for it.
    const first = classify(withParent, { ...this.config, team }, override);
    const own = team && first.source !== 'override' ? withoutOwnExample(team, issue.id) : team;
    return own === team ? first : classify(withParent, { ...this.config, team: own }, override);
  }
}
