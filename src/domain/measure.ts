import { checkCapacity, roundPoints, velocity, type Band, type CapacityInput, type CapacityResult } from './capacity';
import type { Category } from './category';
import type { BoardConfig, EffectiveConfig } from './config';
import { classifyBatch, type BatchClassifier, type Classified, type Decisions } from './decide';
import { flowMetrics, parseInstant, type FlowResult, type StatusCategoryTransition } from './flow';
import type { EstimateUnit, NormalizedIssue } from './issue';
import type { Result } from './result';
import { err, ok } from './result';
import { kanbanTrend, type TrendPeriod } from './kanban-trend';
import { ktloShareRange, type ShareRange } from './share-range';
import { recurringWork, sprintTrend, type SprintTrendPoint } from './trends';

/**
 * The measurements the views show and the snapshot job stores, decided from what a reader fetched: the browser, the
 * CLI and the backend call these same functions, so a sprint measures the same wherever it is read. Pure.
 */

export interface BoardRef {
  id: number;
  name: string;
  type: string;
}

export interface SprintFacts {
  id: number;
  name: string;
  state: 'active' | 'future' | 'closed';
  startDate: string | null;
  endDate: string | null;
  completeDate: string | null;
}

/** A closed sprint's stored aggregates, as velocity needs them. */
export interface SprintHistory {
  sprintId: number;
  completedPoints: number;
  completeDate: string | null;
  approximate: boolean;
}

export interface SprintInputs {
  board: BoardRef;
  sprint: SprintFacts;
  issues: readonly NormalizedIssue[];
  decisions: Decisions;
  /** Issue id -> when it joined the sprint (null: unknown); null when the sprint has not started or no history was read. */
  joinedAt: ReadonlyMap<string, string | null> | null;
  config: EffectiveConfig;
  unit: EstimateUnit;
  /** The board's stored closed sprints, oldest first (velocity, and whether history is still being measured). */
  history: readonly SprintHistory[];
  /** The issues as classified while they were read, with the same decisions (a view's; decide.ts): taken instead of classifying again. */
  classifier?: BatchClassifier;
}

export interface TeamCapacity {
  value: number;
  source: 'configured' | 'velocity';
  /** Velocity rests on fewer closed sprints than it needs, or on provisional snapshots. */
  approximate: boolean;
}

export interface MeasuredIssue {
  key: string;
  summary: string;
  category: Category;
  confidence: number;
  estimate: number | null;
  unplanned: boolean;
  isSubtask: boolean;
  parentKey: string | null;
}

/** One sprint as the capacity view shows it (the SprintCapacity contract) and the snapshot job stores it. */
export interface MeasuredSprint extends Omit<CapacityResult, 'ktloSplit' | 'denominator'> {
  board: BoardRef;
  sprint: Omit<SprintFacts, 'completeDate'>;
  unit: EstimateUnit;
  teamCapacity: TeamCapacity | null;
  historyPending: boolean;
  ktloSplit: { planned: number; unplanned: number } | null;
  issues: MeasuredIssue[];
  /** Board-level settings in force (with what they inherit). */
  settingsInForce: BoardConfig;
}

export interface SprintMeasurement {
  view: MeasuredSprint;
  classified: Classified[];
  capacity: CapacityResult;
  /** The share with the unsure issues counted either way. */
  range: ShareRange;
  /** Estimate of the work done within the sprint (what velocity averages), sub-tasks of listed parents not again. */
  completedPoints: number;
}

export const VELOCITY_SPRINTS = 3;

/** Configured capacity, else the mean completed points of the last closed sprints other than this one. */
export function teamCapacity(configured: number | null, history: readonly SprintHistory[], sprintId: number): { capacity: TeamCapacity | null; historyPending: boolean } {
  const closed = history.filter((s) => s.sprintId !== sprintId && s.completeDate !== null);
  const historyPending = closed.length < VELOCITY_SPRINTS;
  if (configured !== null) return { capacity: { value: configured, source: 'configured', approximate: false }, historyPending };
  const used = closed.slice(-VELOCITY_SPRINTS);
  const v = velocity(
    used.map((s) => s.completedPoints),
    VELOCITY_SPRINTS,
  );
  if (v === null || v <= 0) return { capacity: null, historyPending };
  return { capacity: { value: v, source: 'velocity', approximate: historyPending || used.some((s) => s.approximate) }, historyPending };
}

/** Joined after the sprint started (an interrupt); undefined when either time is unknown. */
export function addedAfterStart(joinedAt: string | null, sprintStart: string): boolean | undefined {
  const start = parseInstant(sprintStart);
  return start === null ? undefined : joinedAfter(joinedAt, start);
}

/** addedAfterStart with the sprint's start already read (ms): a sprint's issues share it. */
function joinedAfter(joinedAt: string | null, start: number): boolean | undefined {
  const joined = joinedAt === null ? null : parseInstant(joinedAt);
  return joined === null ? undefined : joined > start;
}

/** When an issue joined a sprint is known to lie in (after, by]; `after` null: at some time up to `by`. */
export interface JoinSpan {
  after: string | null;
  by: string;
}

/**
 * A join time on the same side of the sprint's start as the issue's real join, from the span it is known to lie in;
 * undefined when the span straddles the start (only the issue's history can tell).
 */
export function joinWithin(span: JoinSpan, sprintStart: string): string | undefined {
  const start = parseInstant(sprintStart);
  const by = parseInstant(span.by);
  const after = span.after === null ? null : parseInstant(span.after);
  if (start === null || by === null) return undefined;
  if (by <= start || (after !== null && after >= start)) return span.by;
  return undefined;
}

/**
 * A closed sprint completed what was done when it closed: work carried over and finished in a later sprint is listed
 * too (Jira keeps closed sprints in the Sprint field), but it counts towards the sprint that finished it.
 */
function completedPoints(sprint: SprintFacts, classified: readonly Classified[]): number {
  const keys = new Set(classified.map((c) => c.issue.key));
  const closedAt = sprint.state === 'closed' && sprint.completeDate ? parseInstant(sprint.completeDate) : null;
  const doneInSprint = (issue: NormalizedIssue): boolean => {
    if (issue.statusCategory !== 'done') return false;
    if (closedAt === null || issue.resolutionDate === null) return true;
    const resolved = parseInstant(issue.resolutionDate);
    return resolved === null || resolved <= closedAt;
  };
  const done = classified.filter(({ issue }) => doneInSprint(issue) && !(issue.isSubtask && issue.parent && keys.has(issue.parent.key)));
  return roundPoints(done.reduce((sum, { issue }) => sum + (issue.estimate ?? 0), 0));
}

export function measureSprint(inputs: SprintInputs): SprintMeasurement {
  const { board, sprint, config, joinedAt } = inputs;
  const classified = inputs.classifier ? inputs.classifier.done(inputs.issues) : classifyBatch(inputs.issues, config, inputs.decisions);
  const start = sprint.state !== 'future' && sprint.startDate !== null ? parseInstant(sprint.startDate) : null;
  const late = new Map<string, boolean>();
  if (joinedAt !== null && start !== null) {
    for (const { issue } of classified) {
      const joined = joinedAt.get(issue.id);
      const after = joinedAfter(joined === undefined ? issue.created : joined, start);
      if (after !== undefined) late.set(issue.id, after);
    }
  }
  const { capacity, historyPending } = teamCapacity(config.teamCapacity, inputs.history, sprint.id);
  const capacityInput: CapacityInput = {
    band: config.band,
    teamCapacity: capacity?.value ?? null,
    lowConfidenceThreshold: config.lowConfidenceThreshold,
    items: classified.map(({ issue, classification }) => {
      const joinedLate = late.get(issue.id);
      return {
        key: issue.key,
        category: classification.category,
        confidence: classification.confidence,
        estimate: issue.estimate,
        isSubtask: issue.isSubtask,
        parentKey: issue.parent?.key ?? null,
        ...(joinedLate === undefined ? {} : { addedAfterStart: joinedLate }),
      };
    }),
  };
  const checked = checkCapacity(capacityInput);
  const { ktloSplit, denominator: _denominator, ...result } = checked;
  const { completeDate: _completeDate, ...sprintShown } = sprint;
  const { band, estimationBasis, teamCapacity: configured, wipLimit } = config;
  return {
    view: {
      ...result,
      board,
      sprint: sprintShown,
      unit: inputs.unit,
      teamCapacity: capacity,
      historyPending,
      ktloSplit: ktloSplit && { planned: ktloSplit.planned, unplanned: ktloSplit.unplanned },
      issues: classified.map(({ issue, classification }) => ({
        key: issue.key,
        summary: issue.summary,
        category: classification.category,
        confidence: classification.confidence,
        estimate: issue.estimate,
        unplanned: late.get(issue.id) === true,
        isSubtask: issue.isSubtask,
        parentKey: issue.parent?.key ?? null,
      })),
      settingsInForce: { band, estimationBasis, teamCapacity: configured, wipLimit },
    },
    classified,
    capacity: checked,
    range: ktloShareRange(capacityInput),
    completedPoints: completedPoints(sprint, classified),
  };
}

// ---- flow -----------------------------------------------------------------------------------------------------------

export const FLOW_WEEKS = 8;

export interface FlowInputs {
  board: BoardRef;
  issues: readonly NormalizedIssue[];
  decisions: Decisions;
  /** Issue id -> its status-category changes. */
  transitions: ReadonlyMap<string, readonly StatusCategoryTransition[]>;
  config: EffectiveConfig;
  now: string;
}

export interface MeasuredFlow extends FlowResult {
  board: BoardRef;
}

export function measureFlow(inputs: FlowInputs): Result<MeasuredFlow> {
  const classified = classifyBatch(inputs.issues, inputs.config, inputs.decisions);
  const result = flowMetrics(
    classified.map(({ issue, classification }) => ({
      key: issue.key,
      category: classification.category,
      statusCategory: issue.statusCategory,
      created: issue.created ?? inputs.now,
      transitions: inputs.transitions.get(issue.id) ?? [],
    })),
    { wipLimit: inputs.config.wipLimit, weeks: FLOW_WEEKS, now: inputs.now },
  );
  return result.ok ? ok({ board: inputs.board, ...result.value }) : err(`flow of board ${inputs.board.name}: ${result.error}`);
}

// ---- trend ----------------------------------------------------------------------------------------------------------

export interface TrendInputs {
  board: BoardRef;
  band: Band;
  /** The board's last closed sprints, oldest first, each as measureSprint takes it. */
  sprints: readonly SprintInputs[];
  /** How many sprints the viewer asked for: fewer may exist. */
  asked: number;
}

export interface MeasuredTrend {
  board: BoardRef;
  band: Band;
  /** What each point is: a sprint, or (Kanban) a week or calendar month of finished work. */
  period: 'sprint' | TrendPeriod;
  /** Points asked for, and how many of them the board has (a "Last 12" with 6 sprints: 6 of 12). */
  asked: number;
  available: number;
  points: SprintTrendPoint[];
  recurring: Array<{ title: string; occurrences: number; keys: string[]; totalPoints: number }>;
}

/** Each sprint's share is over its planned total (as snapshots store it), so sprints compare on the same terms. */
export function measureTrend(inputs: TrendInputs): MeasuredTrend {
  const measured = inputs.sprints.map((s) => ({ sprint: s.sprint, ...measureSprint({ ...s, config: { ...s.config, teamCapacity: null }, history: [] }) }));
  const trend = sprintTrend(
    measured.map(({ sprint, capacity, range }) => ({ id: sprint.id, name: sprint.name, startDate: sprint.startDate, endDate: sprint.endDate, capacity, range })),
    inputs.band,
  );
  const recurring = recurringWork(
    measured.flatMap(({ sprint, classified }) =>
      classified.map(({ issue, classification }) => ({ key: issue.key, summary: issue.summary, category: classification.category, estimate: issue.estimate, sprintId: sprint.id, created: issue.created })),
    ),
  );
  return {
    board: inputs.board,
    band: inputs.band,
    period: 'sprint',
    asked: inputs.asked,
    available: measured.length,
    points: trend.points,
    recurring: recurring.map(({ title, occurrences, keys, totalPoints }) => ({ title, occurrences, keys, totalPoints })),
  };
}

export interface KanbanTrendInputs {
  board: BoardRef;
  /** Issues finished within the window (and perhaps a little before it), as read. */
  issues: readonly NormalizedIssue[];
  decisions: Decisions;
  config: EffectiveConfig;
  period: TrendPeriod;
  periods: number;
  now: string;
}

/**
 * A Kanban board's trend: the KTLO share of what it finished per week or month, each issue decided as flow decides it,
 * weighted in the board's estimation unit, and the recurring KTLO work among what it finished.
 */
export function measureKanbanTrend(inputs: KanbanTrendInputs): Result<MeasuredTrend> {
  const classified = classifyBatch(inputs.issues, inputs.config, inputs.decisions);
  const done = classified.flatMap(({ issue, classification }) =>
    issue.statusCategory === 'done' && issue.resolutionDate !== null
      ? [{ key: issue.key, category: classification.category, confidence: classification.confidence, estimate: issue.estimate, isSubtask: issue.isSubtask, parentKey: issue.parent?.key ?? null, doneAt: issue.resolutionDate }]
      : [],
  );
  const trend = kanbanTrend(done, { period: inputs.period, periods: inputs.periods, now: inputs.now, band: inputs.config.band, lowConfidenceThreshold: inputs.config.lowConfidenceThreshold });
  if (!trend.ok) return err(`trend of board ${inputs.board.name}: ${trend.error}`);
  const recurring = recurringWork(classified.map(({ issue, classification }) => ({ key: issue.key, summary: issue.summary, category: classification.category, estimate: issue.estimate, created: issue.created })));
  return ok({
    board: inputs.board,
    band: inputs.config.band,
    period: inputs.period,
    asked: inputs.periods,
    available: trend.value.available,
    points: trend.value.points,
    recurring: recurring.map(({ title, occurrences, keys, totalPoints }) => ({ title, occurrences, keys, totalPoints })),
  });
}
