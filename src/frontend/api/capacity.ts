import { router, view } from '@forge/bridge';
import { boardContextSchema, capacityContextSchema } from '../../contracts/view-context';
import { success, type Envelope } from '../../contracts/envelope';
import type { BoardSummary, CapacityLoad, FlowView, ReserveSuggestion, ReserveView, SettingsView, SprintCapacity, SprintList, TrendView } from '../../contracts/resolvers';
import { capacityRoutes } from '../../contracts/routes';
import type { BoardConfig } from '../../domain/config';
import { call } from './call';
import type * as Measured from './measured';

/**
 * Sprint capacity, flow and trends. What lives in the app comes from one invoke per board (the load route, function
 * `capacity-resolver`); the views read Jira in the browser as the viewer and measure there (measured.ts, loaded on
 * demand). A board id travels in a payload only when the person picked it (the project page has no board in its
 * context); the resolver checks every pick against what the caller may see and prefers its trusted context.
 */

export type { BoardSummary };

function ids(boardId: number | null, sprintId: number | null = null): { boardId?: number; sprintId?: number } {
  return { ...(boardId === null ? {} : { boardId }), ...(sprintId === null ? {} : { sprintId }) };
}

export function getBoards(): Promise<Envelope<BoardSummary[]>> {
  return call(capacityRoutes.getBoards, {});
}

/** The app's data for a board, asked once per board and kept until a save or Refresh asks again. */
const loads = new Map<string, Promise<Envelope<CapacityLoad>>>();

/** A surface that opens starts from the app's data as it is now. */
export function forgetLoads(): void {
  loads.clear();
}

function boardLoad(boardId: number | null, fresh: boolean): Promise<Envelope<CapacityLoad>> {
  const key = String(boardId ?? 'context');
  const known = loads.get(key);
  if (known && !fresh) return known;
  const asked = call(capacityRoutes.load, ids(boardId));
  loads.set(key, asked);
  return asked;
}

/**
 * A view: the load invoke and the measurement module at once; when the board is known before the load answers (the
 * pick, else the module's context), its configuration is read as the viewer meanwhile, so the view waits for the
 * slower of the load and that read, not both.
 */
async function inBrowser<T>(boardId: number | null, fresh: boolean, measure: (m: typeof Measured, loaded: Measured.Loaded) => Promise<Envelope<T>>): Promise<Envelope<T>> {
  const load = boardLoad(boardId, fresh);
  const [m, known] = await Promise.all([import('./measured.js'), boardId === null ? getCapacityContext().then((c) => c.boardId) : boardId]);
  const early = known === null ? undefined : m.readEarly(known);
  const answer = await load;
  return answer.ok ? measure(m, { load: answer.data, early }) : answer;
}

/** What the board is, as the app's data for it says: its type (a Kanban board has flow, not sprints) and whether history is measured for its project. */
export interface BoardFacts {
  type: string;
  projectKey: string | null;
  /** The board's project is one KTLO Lens is turned on for: only those have their past sprints measured. */
  measured: boolean;
}

export async function getBoardFacts(boardId: number | null): Promise<Envelope<BoardFacts>> {
  const load = await boardLoad(boardId, false);
  if (!load.ok) return load;
  const { type, projectKey } = load.data.board;
  return success({ type, projectKey, measured: projectKey !== null && load.data.enabledProjects.includes(projectKey) });
}

export function getSprints(boardId: number | null): Promise<Envelope<SprintList>> {
  return inBrowser(boardId, false, (m, loaded) => m.sprintList(loaded));
}

/** The sprint picked, else the one in the surface's context, else the board's active sprint, measured as the viewer sees it. */
export function getSprint(boardId: number | null, sprintId: number | null, fresh = false): Promise<Envelope<SprintCapacity>> {
  return inBrowser(boardId, fresh, async (m, loaded) => m.sprintCapacity(loaded, sprintId ?? (await getCapacityContext()).sprintId));
}

export function getBoardSettings(boardId: number | null): Promise<Envelope<SettingsView>> {
  return call(capacityRoutes.getBoardSettings, ids(boardId));
}

export function saveBoardSettings(boardId: number | null, expectedRevision: number, settings: BoardConfig): Promise<Envelope<{ revision: number }>> {
  return call(capacityRoutes.saveBoardSettings, { level: 'board', ...ids(boardId), expectedRevision, settings });
}

/** The reserve the board's closed sprints suggest, with the board's own band and the revision an apply must name. */
export function getReserve(boardId: number | null): Promise<Envelope<ReserveView>> {
  return call(capacityRoutes.getReserve, ids(boardId));
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
  locale: string | undefined;
}

/** The host's context; none usable reads as the project page (pick a board, then a sprint). */
export async function getCapacityContext(): Promise<CapacityContext> {
  let raw: unknown;
  try {
    raw = await view.getContext();
  } catch {
    raw = null;
  }
  const parsed = capacityContextSchema.safeParse(raw);
  if (!parsed.success) return { boardId: null, sprintId: null, locale: undefined };
  const { extension, locale } = parsed.data;
  return { boardId: extension?.board?.id ?? null, sprintId: extension?.sprint?.id ?? null, locale: locale?.replace('_', '-') };
}

/** The board a project page was opened on (Jira Software gives one, with its type, on a board's project page). */
export interface BoardInContext {
  boardId: number | null;
  boardType: string | null;
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
  if (!parsed.success) return { boardId: null, boardType: null, locale: undefined };
  const board = parsed.data.extension?.board;
  return { boardId: board?.id ?? null, boardType: board?.type ?? null, locale: parsed.data.locale?.replace('_', '-') };
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
