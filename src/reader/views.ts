import type { CapacityLoad, FlowView, Leveled, SprintCapacity, TrendView } from '../contracts/resolvers';
import { prepareClassifier } from '../domain/classify';
import { BatchClassifier, type Decisions, type SettledDecision } from '../domain/decide';
import type { NormalizedIssue } from '../domain/issue';
import type { TrendPeriod } from '../domain/kanban-trend';
import { measureFlow, measureKanbanTrend, measureSprint, measureTrend, type MeasuredFlow, type MeasuredSprint, type MeasuredTrend } from '../domain/measure';
import { KANBAN_RESERVE_PERIODS, suggestKanbanReserve, type ReserveSuggestion } from '../domain/reserve';
import { ok, type Result } from '../domain/result';
import type { JiraClient } from '../jira/client';
import type { BoardConfiguration, RawIssue, Sprint } from '../jira/schemas';
import { hasSprints, readBoardSetup, requireSprints, type AppSide, type BoardSetup } from './board';
import { ViewNotFound } from './failure';
import { flowInputs, flowIssues, readFlow } from './flow';
import { VIEW_READ, type ReadOptions } from './issue-list';
import { readKanbanDone } from './kanban-trend';
import { normalize, readSprint, sprintInputs, workCategoryOf, type SprintPages, type SprintRead, type SprintReadOptions } from './sprint';
import { readTrend } from './trend';

/**
 * The views' measurements as the browser takes them: Jira read as the viewer through the reader, what lives in the app
 * from the surface's one load invoke (CapacityLoad), decided by the domain's measure* functions. How an issue is
 * decided without revealing what the viewer may not see (docs/views-in-the-browser.md): overrides come only for the
 * load's project; issues of other opted-in projects, and parents outside the sprint, take the final category their
 * Work category field carries; the rest are classified here with the team's model.
 */

/** The app side of a board set-up, answered by the load instead of kvs. */
export function loadedApp(load: CapacityLoad): AppSide {
  return { settings: () => Promise.resolve(load.settings.effective), fields: () => Promise.resolve(load.fields) };
}

/** Compiles the classifier for the load's settings and team model, as its decisions will use them (a view does it while its reads are out). */
export function prepareFor(load: CapacityLoad): void {
  prepareClassifier({ ...load.settings.effective, team: load.team });
}

/** Decisions for a batch read in the browser (with `load.fields.workCategory` among its fields). */
export function viewDecisions(load: CapacityLoad, issues: readonly NormalizedIssue[], raw: readonly RawIssue[], parents: readonly RawIssue[] = []): Decisions {
  return { overrides: overridesOf(load), settled: settledIn(load, issues, raw), parents: parentDecisions(load, parents), team: load.team };
}

function overridesOf(load: CapacityLoad): Decisions['overrides'] {
  return new Map(Object.entries(load.overrides).map(([id, o]) => [id, { category: o.category }]));
}

/** The issues of other opted-in projects, decided there: the final category their Work category field carries. */
function settledIn(load: CapacityLoad, issues: readonly NormalizedIssue[], raw: readonly RawIssue[]): Map<string, SettledDecision> {
  const field = load.fields.workCategory;
  const settled = new Map<string, SettledDecision>();
  if (field === null) return settled;
  const enabled = new Set(load.enabledProjects);
  const byId = new Map(raw.map((r) => [r.id, r]));
  for (const issue of issues) {
    const own = issue.projectKey !== null && issue.projectKey !== load.overridesProject && enabled.has(issue.projectKey) ? byId.get(issue.id) : undefined;
    const decided = own && workCategoryOf(own, field);
    if (decided) settled.set(issue.id, decided);
  }
  return settled;
}

/** Parents outside the batch, as their Work category field decides them. */
function parentDecisions(load: CapacityLoad, parents: readonly RawIssue[]): Map<string, SettledDecision> {
  const field = load.fields.workCategory;
  const decided = new Map<string, SettledDecision>();
  if (field === null) return decided;
  for (const p of parents) {
    const category = workCategoryOf(p, field);
    if (category) decided.set(p.key, category);
  }
  return decided;
}

/**
 * A view's sprint classified as its pages are read (decide.ts BatchClassifier), with the decisions viewDecisions
 * makes: the issues are decided while Jira's other answers (histories, more pages) are on their way.
 */
class ClassifiedAsRead implements SprintPages {
  batch: BatchClassifier | null = null;

  constructor(
    private readonly load: CapacityLoad,
    private readonly setup: BoardSetup,
  ) {}

  ids(ids: readonly string[]): void {
    // Without a Work category field no parent's decision comes from outside the batch.
    const parents = this.load.fields.workCategory === null ? new Map<string, SettledDecision>() : null;
    this.batch = new BatchClassifier(this.setup.config, { overrides: overridesOf(this.load), settled: new Map(), parents, team: this.load.team }, ids);
  }

  page(raw: readonly RawIssue[], issues: readonly NormalizedIssue[]): void {
    this.batch?.add(issues, settledIn(this.load, issues, raw));
  }

  parents(parents: readonly RawIssue[]): void {
    this.batch?.setParents(parentDecisions(this.load, parents));
  }
}

/** A sprint read for a view, and its issues as classified while they were read (null when they were read otherwise). */
export interface ViewSprintRead {
  read: SprintRead;
  classifier: BatchClassifier | null;
}

/** A view's reads: ids first, and the issues the app saw change read as they are now. */
function viewRead(load: CapacityLoad): ReadOptions {
  return { ...VIEW_READ, reconcile: load.reconcile };
}

function viewReadOptions(load: CapacityLoad): SprintReadOptions {
  return { read: viewRead(load), history: true, parentsField: load.fields.workCategory };
}

/**
 * What the browser asks Jira as soon as a surface knows its board (the module's context or the pick), beside the load
 * invoke: the board's configuration and, when the context names a sprint, that sprint and its issue ids. The ids are
 * asked without `reconcile` (the load has not said yet what to reconcile), so they stand only when it has nothing to.
 */
export interface EarlyReads {
  boardId: number;
  configuration: Promise<BoardConfiguration>;
  sprint: EarlySprint | null;
}

export interface EarlySprint {
  id: number;
  sprint: Promise<Sprint>;
  ids: Promise<string[]>;
}

/** A failure of an early read surfaces where it is used, never unhandled. */
function quietly<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

export function askEarly(jira: JiraClient, boardId: number, sprintId: number | null): EarlyReads {
  return {
    boardId,
    configuration: quietly(jira.boardConfiguration(boardId)),
    sprint: sprintId === null ? null : { id: sprintId, sprint: quietly(jira.sprint(sprintId)), ids: quietly(jira.sprintIssueIds(boardId, sprintId)) },
  };
}

/** The board's set-up: from the configuration asked early when it is the load's board, else read now. */
export function boardSetup(jira: JiraClient, load: CapacityLoad, early?: EarlyReads): Promise<BoardSetup> {
  return readBoardSetup(jira, load.board.id, loadedApp(load), early?.boardId === load.board.id ? early.configuration : undefined);
}

/** A sprint as read for a view, measured: everything the view shows, decided by the domain. */
export function measureSprintRead(load: CapacityLoad, setup: BoardSetup, { read, classifier }: ViewSprintRead): SprintCapacity {
  const { issues } = read;
  const inputs = sprintInputs(setup, read, issues, viewDecisions(load, issues, read.raw, read.parents), load.history);
  return { ...measureSprint(classifier ? { ...inputs, classifier } : inputs).view, levels: load.settings.levels };
}

/** The sprint a view measures: the one its context or the viewer picked, else the board's active sprint. */
export async function pickSprint(jira: JiraClient, setup: BoardSetup, requested: number | null): Promise<number> {
  requireSprints(setup.configuration);
  if (requested !== null) return requested;
  const [active] = await jira.sprints(setup.board.id, ['active']);
  if (!active) throw new ViewNotFound('This board has no active sprint. Pick a future sprint to plan.');
  return active.id;
}

/** The active and future sprints a sprint picker offers, oldest first; none on a Kanban board. */
export async function openSprints(jira: JiraClient, setup: BoardSetup): Promise<Sprint[]> {
  return hasSprints(setup.configuration) ? jira.sprints(setup.board.id, ['active', 'future']) : [];
}

/** What a view of the sprint reads; what was asked early of it is used when it is this sprint of this board. */
export async function readSprintView(jira: JiraClient, load: CapacityLoad, setup: BoardSetup, sprintId: number, early?: EarlyReads): Promise<ViewSprintRead> {
  requireSprints(setup.configuration);
  const asked = early?.boardId === setup.board.id && early.sprint?.id === sprintId ? early.sprint : null;
  const ahead = asked && { sprint: asked.sprint, ids: load.reconcile.length === 0 ? asked.ids : null };
  const pages = new ClassifiedAsRead(load, setup);
  const read = await readSprint(jira, setup, sprintId, { ...viewReadOptions(load), pages, ...(ahead ? { early: ahead } : {}) });
  return { read, classifier: pages.batch };
}

/** The sprint read and measured. */
export async function sprintView(jira: JiraClient, load: CapacityLoad, setup: BoardSetup, sprintId: number, early?: EarlyReads): Promise<SprintCapacity> {
  return measureSprintRead(load, setup, await readSprintView(jira, load, setup, sprintId, early));
}

export async function flowView(jira: JiraClient, load: CapacityLoad, setup: BoardSetup, now: Date): Promise<Result<FlowView>> {
  const read = await readFlow(jira, setup, now, viewRead(load), load.fields.workCategory);
  const issues = flowIssues(read);
  return leveled(load, measureFlow(flowInputs(setup, read, issues, viewDecisions(load, issues, read.raw), now)));
}

export async function trendView(jira: JiraClient, load: CapacityLoad, setup: BoardSetup, count: number): Promise<TrendView> {
  const reads = await readTrend(jira, setup, count, viewReadOptions(load));
  const sprints = reads.map((read) => sprintInputs(setup, read, read.issues, viewDecisions(load, read.issues, read.raw, read.parents), []));
  return { ...measureTrend({ board: setup.board, band: setup.config.band, sprints, asked: count }), levels: load.settings.levels };
}

/** A Kanban board's trend: what it finished per week or month, read as the viewer. */
export async function kanbanTrendView(jira: JiraClient, load: CapacityLoad, setup: BoardSetup, period: TrendPeriod, periods: number, now: Date): Promise<Result<TrendView>> {
  const raw = await readKanbanDone(jira, setup, period, periods, now, VIEW_READ, load.fields.workCategory);
  const issues = normalize(setup, raw);
  return leveled(load, measureKanbanTrend({ board: setup.board, issues, decisions: viewDecisions(load, issues, raw), config: setup.config, period, periods, now: now.toISOString() }));
}

/** A measured view with the level each of its settings came from. */
function leveled<T>(load: CapacityLoad, result: Result<T>): Result<T & Leveled> {
  return result.ok ? { ok: true, value: { ...result.value, levels: load.settings.levels } } : result;
}

/** A Kanban board's suggested reserve: the KTLO share of its last full weeks of finished work, read as the viewer. */
export async function kanbanReserveView(jira: JiraClient, load: CapacityLoad, setup: BoardSetup, now: Date): Promise<Result<ReserveSuggestion>> {
  const trend = await kanbanTrendView(jira, load, setup, 'week', KANBAN_RESERVE_PERIODS, now);
  return trend.ok ? ok(suggestKanbanReserve(trend.value.points)) : trend;
}
