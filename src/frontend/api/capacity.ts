import '../shared/zod-jitless';
import { router, view } from '@forge/bridge';
import { boardContextSchema, capacityContextSchema } from '../../contracts/view-context';
import { failure, success, type Envelope } from '../../contracts/envelope';
import type { BoardSummary, CapacityLoad, FlowView, ReserveSuggestion, ReserveView, SettingsView, SprintCapacity, SprintList, TrendView } from '../../contracts/resolvers';
import { capacityRoutes } from '../../contracts/routes';
import type { BoardConfig } from '../../domain/config';
import { call } from './call';
import { hostContext, measuredModule, takeAhead } from './early';
import type * as Measured from './measured';

/**
 * Sprint capacity, flow and trends. What lives in the app comes from one invoke per board (the load route, function
 * `capacity-resolver`): the views, the board settings form and the reserve suggestion all answer from it, and a save
 * asks it again. The views read Jira in the browser as the viewer and measure there (measured.ts, loaded on demand),
 * as does the project page's board list. A board id travels in a payload only when the person picked it (the project
 * page has no board in its context); the resolver checks every pick against what the caller may see and prefers its
 * trusted context.
 */

export type { BoardSummary };

function ids(boardId: number | null): { boardId?: number } {
  return boardId === null ? {} : { boardId };
}

// Every capacity view needs the measurement module: its fetch starts with the surface (the sprint surface's entry asked already).
void measuredModule().catch(() => undefined);

/** The measurement module, or the view's typed error when its code could not be loaded (a notice, not a spinner forever). */
async function measurement(): Promise<typeof Measured | Envelope<never>> {
  try {
    return await measuredModule();
  } catch (e) {
    return failure('INTERNAL', `KTLO Lens could not load its measurement code (${e instanceof Error ? e.message : String(e)}). Reload the page to try again.`);
  }
}

/** A promise kept until it fails: a failure is asked again next time (Retry), an answer is reused. */
function kept<K, T>(cache: Map<K, Promise<Envelope<T>>>, key: K, ask: () => Promise<Envelope<T>>): Promise<Envelope<T>> {
  const asked = ask();
  cache.set(key, asked);
  void asked.then((answer) => {
    if (!answer.ok && cache.get(key) === asked) cache.delete(key);
  });
  return asked;
}

/** The app's data for a board, asked once per board and kept until a save or Refresh asks again. */
const loads = new Map<string, Promise<Envelope<CapacityLoad>>>();
/** The project page's board lists, read as the viewer. */
const boardLists = new Map<string, Promise<Envelope<BoardSummary[]>>>();
/** What the browser asked Jira beside the load, for the board's first measurement. */
let early: { boardId: number; reads: Promise<Measured.EarlyReads> } | null = null;

/** A surface that opens starts from the app's data as it is now. */
export function forgetLoads(): void {
  loads.clear();
  boardLists.clear();
  early = null;
}

/** The context a surface opened with, asked (and what it lets be asked) before React first draws the surface. */
let opened: Promise<CapacityContext> | null = null;
/** The context of the surface as it last opened: a view that needs the context's sprint asks the host no second time. */
let current: Promise<CapacityContext> | null = null;

/**
 * How long at most a surface that opens waits for its first reads to be sent before React first draws it: React's
 * first render (~30 ms of the main thread) would otherwise run before the context's answer is handled and the
 * measurement code is evaluated, and every read of the view would wait for it.
 */
const DRAW_AFTER_READS_MS = 100;

/**
 * Opens the surface: from the app's data as it is now, with its context asked at once and, when the context names
 * the board, the board's load and its reads beside it started as soon as the context is in. main.tsx calls it
 * before mounting and mounts when the answer settles: once the reads are sent (or none apply), or after
 * DRAW_AFTER_READS_MS, whichever is first; a context or code that fails to come still lets the surface draw (and say why).
 */
export function openSurface(): Promise<void> {
  const { context, sent } = opening();
  opened = context;
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, DRAW_AFTER_READS_MS);
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    void sent.then(done);
  });
}

/** The context, and when the reads it lets be asked at once (the board's load and early reads) have been sent. */
function opening(): { context: Promise<CapacityContext>; sent: Promise<void> } {
  forgetLoads();
  let sent: Promise<void> = Promise.resolve();
  const context = getCapacityContext().then((ctx) => {
    // The first reads the surface's entry asked (early.ts), for this board's first reads or for none.
    const ahead = takeAhead();
    if (ctx.boardId !== null) {
      void boardLoad(null, false);
      sent = readAhead(ctx.boardId, ctx.sprintId, ahead);
    }
    return ctx;
  });
  current = context;
  return { context, sent: context.then(() => sent) };
}

/** The context the surface opened with, once: a panel mounted later (a project page's tab) opens it afresh. */
export function openedContext(): Promise<CapacityContext> {
  const context = opened ?? opening().context;
  opened = null;
  return context;
}

function boardLoad(boardId: number | null, fresh: boolean): Promise<Envelope<CapacityLoad>> {
  const key = String(boardId ?? 'context');
  const known = loads.get(key);
  if (known && !fresh) return known;
  return kept(loads, key, () => call(capacityRoutes.load, ids(boardId)));
}

/** Asks the app's data for the board again (after a save, or on Refresh): what the surface shows next answers from it. */
export function reload(boardId: number | null): void {
  void boardLoad(boardId, true);
}

/**
 * Once a surface knows its board (the module's context, or the pick), it asks Jira as the viewer for the board's
 * configuration, and for the context's sprint with its issue ids, while the load invoke runs: the view waits for the
 * slower of the two, not both. The board's first measurement takes what was asked. Settles once the reads are sent
 * (or could not be: without its code nothing is read ahead, and the view says why when it asks for the code itself).
 */
export function readAhead(boardId: number, sprintId: number | null, ahead: ReadonlyMap<string, Promise<Response>> = new Map()): Promise<void> {
  const reads = measuredModule().then((m) => m.readEarly(boardId, sprintId, ahead));
  early = { boardId, reads };
  return reads.then(
    () => undefined,
    () => undefined,
  );
}

function takeEarly(boardId: number): Promise<Measured.EarlyReads> | undefined {
  if (early?.boardId !== boardId) return undefined;
  const { reads } = early;
  early = null;
  return reads;
}

/** A view: the board's load (with a picked board not yet loaded, its configuration read beside it) and the measurement module at once. */
async function inBrowser<T>(boardId: number | null, fresh: boolean, measure: (m: typeof Measured, loaded: Measured.Loaded) => Promise<Envelope<T>>): Promise<Envelope<T>> {
  if (boardId !== null && (fresh || !loads.has(String(boardId))) && early?.boardId !== boardId) readAhead(boardId, null);
  const [m, answer] = await Promise.all([measurement(), boardLoad(boardId, fresh)]);
  if (!answer.ok) return answer;
  if ('ok' in m) return m;
  const reads = takeEarly(answer.data.board.id);
  return measure(m, { load: answer.data, early: reads && (await reads.catch(() => undefined)) });
}

/** The project's boards the viewer may see (the project page's picker), read as the viewer in the browser. */
export function getBoards(projectKey: string | null): Promise<Envelope<BoardSummary[]>> {
  if (projectKey === null) return Promise.resolve(failure('INVALID_INPUT', 'This view has no board or project in its context.'));
  return boardLists.get(projectKey) ?? kept(boardLists, projectKey, async () => {
    const m = await measurement();
    return 'ok' in m ? m : m.projectBoards(projectKey);
  });
}

/** What the board is, as the app's data for it says: its type (a Kanban board has flow, not sprints) and whether history is measured for its project. */
export interface BoardFacts {
  type: string;
  projectKey: string | null;
  /** The board's project is one KTLO Lens is turned on for: only those have their past sprints measured. */
  measured: boolean;
  /** The settings in force for the board and the level each came from (the board settings form names them). */
  settings: CapacityLoad['settings'];
}

export async function getBoardFacts(boardId: number | null): Promise<Envelope<BoardFacts>> {
  const load = await boardLoad(boardId, false);
  if (!load.ok) return load;
  const { type, projectKey } = load.data.board;
  return success({ type, projectKey, measured: projectKey !== null && load.data.enabledProjects.includes(projectKey), settings: load.data.settings });
}

export function getSprints(boardId: number | null): Promise<Envelope<SprintList>> {
  return inBrowser(boardId, false, (m, loaded) => m.sprintList(loaded));
}

/** The sprint picked, else the one in the surface's context, else the board's active sprint, measured as the viewer sees it. */
export function getSprint(boardId: number | null, sprintId: number | null): Promise<Envelope<SprintCapacity>> {
  return inBrowser(boardId, false, async (m, loaded) => m.sprintCapacity(loaded, sprintId ?? (await (current ?? getCapacityContext())).sprintId));
}

/** The board's own settings, as its load answered them: what the settings form edits. */
export async function getBoardSettings(boardId: number | null): Promise<Envelope<SettingsView>> {
  const load = await boardLoad(boardId, false);
  if (!load.ok) return load;
  // Nothing is set below a board.
  return success({ level: 'board', ...load.data.own, canEdit: load.data.board.canEdit, overriddenBelow: [] });
}

export function saveBoardSettings(boardId: number | null, expectedRevision: number, settings: BoardConfig): Promise<Envelope<{ revision: number }>> {
  return call(capacityRoutes.saveBoardSettings, { level: 'board', ...ids(boardId), expectedRevision, settings });
}

/** The reserve the board's closed sprints suggest, with the board's own band and the revision an apply must name (from its load). */
export async function getReserve(boardId: number | null): Promise<Envelope<ReserveView>> {
  const load = await boardLoad(boardId, false);
  if (!load.ok) return load;
  const { board, own, reserve } = load.data;
  return success({ boardId: board.id, suggestion: reserve, boardBand: own.settings.band ?? null, revision: own.revision, canEdit: board.canEdit });
}

/** A Kanban board's suggested reserve (getReserve answers none for it), measured in the browser from its weekly throughput. */
export function getKanbanReserve(boardId: number | null): Promise<Envelope<ReserveSuggestion>> {
  return inBrowser(boardId, false, (m, loaded) => m.kanbanReserve(loaded, new Date()));
}

/** Saves the suggested band (the one shown) as the board's own; the caller refreshes its view after. */
export function applyReserve(boardId: number | null, expectedRevision: number, band: { min: number; max: number }): Promise<Envelope<{ revision: number; band: { min: number; max: number } }>> {
  return call(capacityRoutes.applyReserve, { ...ids(boardId), expectedRevision, band });
}

/** Kanban flow of a board: KTLO WIP against its limit, cycle time, weekly throughput (project page). */
export function getFlow(boardId: number | null, fresh = false): Promise<Envelope<FlowView>> {
  return inBrowser(boardId, fresh, (m, loaded) => m.kanbanFlow(loaded, new Date()));
}

/** What a trend compares: the last `sprints` sprints of a scrum board, or the last `periods` weeks or months of a Kanban board. */
export interface TrendChoice {
  sprints: number;
  period: 'week' | 'month';
  periods: number;
}

/**
 * The KTLO trend of a board and its recurring KTLO work: per sprint, or per week or month of finished work when the
 * board (as its load says) is a Kanban board.
 */
export function getTrend(boardId: number | null, choice: TrendChoice, fresh = false): Promise<Envelope<TrendView>> {
  return inBrowser(boardId, fresh, (m, loaded) => (loaded.load.board.type === 'kanban' ? m.kanbanTrend(loaded, choice.period, choice.periods, new Date()) : m.sprintTrend(loaded, choice.sprints)));
}

/** Where the surface was opened: which of board and sprint the module's context gives (display and flow only). */
export interface CapacityContext {
  boardId: number | null;
  sprintId: number | null;
  /** The project page's project (its board list is read as the viewer). */
  projectKey: string | null;
  locale: string | undefined;
}

/** The host's context; none usable reads as the project page (pick a board, then a sprint). */
export async function getCapacityContext(): Promise<CapacityContext> {
  let raw: unknown;
  try {
    raw = await hostContext();
  } catch {
    raw = null;
  }
  const parsed = capacityContextSchema.safeParse(raw);
  if (!parsed.success) return { boardId: null, sprintId: null, projectKey: null, locale: undefined };
  const { extension, locale } = parsed.data;
  return { boardId: extension?.board?.id ?? null, sprintId: extension?.sprint?.id ?? null, projectKey: extension?.project?.key ?? null, locale: locale?.replace('_', '-') };
}

/** The board a project page was opened on (Jira Software gives one, with its type, on a board's project page). */
export interface BoardInContext {
  boardId: number | null;
  boardType: string | null;
  /** The page's project (its board list is read as the viewer). */
  projectKey: string | null;
  locale: string | undefined;
}

/** Display only: the resolver reads its own copy of the board from the invocation context. */
export async function getBoardInContext(): Promise<BoardInContext> {
  let raw: unknown;
  try {
    raw = await view.getContext();
  } catch {
    raw = null;
  }
  const parsed = boardContextSchema.safeParse(raw);
  if (!parsed.success) return { boardId: null, boardType: null, projectKey: null, locale: undefined };
  const { extension, locale } = parsed.data;
  return { boardId: extension?.board?.id ?? null, boardType: extension?.board?.type ?? null, projectKey: extension?.project?.key ?? null, locale: locale?.replace('_', '-') };
}

/** Opens an issue in a new Jira tab. A host that cannot navigate leaves the link's own href to the browser. */
export async function openIssue(key: string): Promise<boolean> {
  try {
    await router.open(`/browse/${encodeURIComponent(key)}`);
    return true;
  } catch {
    return false;
  }
}
