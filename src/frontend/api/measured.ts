import '../shared/zod-jitless';
import { failure, success, type Envelope } from '../../contracts/envelope';
import type { BoardSummary, CapacityLoad, FlowView, ReserveSuggestion, SprintCapacity, SprintList, TrendView } from '../../contracts/resolvers';
import type { JiraClient } from '../../jira/client';
import { readFailure } from '../../reader/failure';
import type { TrendPeriod } from '../../domain/kanban-trend';
import { askEarly, boardSetup, prepareFor, flowView, kanbanReserveView, kanbanTrendView, measureSprintRead, openSprints, pickSprint, readSprintView, trendView, type EarlyReads } from '../../reader/views';
import type { BoardSetup } from '../../reader/board';
import { SPRINT_MARKS } from '../shared/marks';
import { viewerJira } from './jira';

export type { EarlyReads };

/**
 * The capacity views measured in the browser: Jira read as the viewer (requestJira), the app's data from the
 * surface's load, the domain deciding. Loaded on demand (a dynamic import from early.ts, asked as the surface
 * starts), so the reader and the classifier are not part of a surface's initial load. A read that fails is a typed
 * error, never partial numbers.
 */

/** The surface's load, and what the browser started reading beside its invoke (when the board was known before). */
export interface Loaded {
  load: CapacityLoad;
  early: EarlyReads | undefined;
}

/**
 * Starts the board's configuration read (and the context's sprint with its issue ids) as the viewer, to run while the
 * load invoke does; a read the surface's entry asked already (`ahead`, early.ts) is taken, not asked again.
 */
export function readEarly(boardId: number, sprintId: number | null, ahead: ReadonlyMap<string, Promise<Response>>): EarlyReads {
  return askEarly(viewerJira(ahead), boardId, sprintId);
}

/** A read that failed, as the view's typed error. */
function failed<T>(e: unknown, what: string): Envelope<T> {
  return readFailure<T>(e) ?? failure('INTERNAL', `KTLO Lens could not ${what} (${e instanceof Error ? e.message : String(e)}).`);
}

async function measured<T>({ load, early }: Loaded, read: (jira: JiraClient, setup: BoardSetup) => Promise<T>): Promise<Envelope<T>> {
  try {
    const jira = viewerJira();
    // In the first pause after the reads are sent: their answers find the classifier compiled.
    setTimeout(() => prepareFor(load), 0);
    return { ok: true, data: await read(jira, await boardSetup(jira, load, early)) };
  } catch (e) {
    return failed<T>(e, 'measure this board');
  }
}

/** The project's boards as Jira lists them to the viewer (the project page's picker; the load checks the pick again). */
export async function projectBoards(projectKey: string): Promise<Envelope<BoardSummary[]>> {
  try {
    return success((await viewerJira().boards(projectKey)).map((b) => ({ id: b.id, name: b.name, type: b.type, canEdit: b.canEdit === true })));
  } catch (e) {
    return failed<BoardSummary[]>(e, "list the project's boards");
  }
}

export function sprintList(loaded: Loaded): Promise<Envelope<SprintList>> {
  return measured(loaded, async (jira, setup) => ({
    board: { ...setup.board, canEdit: loaded.load.board.canEdit },
    sprints: (await openSprints(jira, setup)).map(({ id, name, state, startDate, endDate }) => ({ id, name, state, startDate: startDate ?? null, endDate: endDate ?? null })),
  }));
}

export function sprintCapacity(loaded: Loaded, sprintId: number | null): Promise<Envelope<SprintCapacity>> {
  return measured(loaded, async (jira, setup) => {
    const read = await readSprintView(jira, loaded.load, setup, await pickSprint(jira, setup, sprintId), loaded.early);
    performance.mark(SPRINT_MARKS.read);
    const view = measureSprintRead(loaded.load, setup, read);
    performance.mark(SPRINT_MARKS.measured);
    return view;
  });
}

export function kanbanFlow(loaded: Loaded, now: Date): Promise<Envelope<FlowView>> {
  return measured(loaded, async (jira, setup) => {
    const result = await flowView(jira, loaded.load, setup, now);
    if (!result.ok) throw new Error(result.error);
    return result.value;
  });
}

export function sprintTrend(loaded: Loaded, sprints: number): Promise<Envelope<TrendView>> {
  return measured(loaded, (jira, setup) => trendView(jira, loaded.load, setup, sprints));
}

export function kanbanTrend(loaded: Loaded, period: TrendPeriod, periods: number, now: Date): Promise<Envelope<TrendView>> {
  return measured(loaded, async (jira, setup) => {
    const result = await kanbanTrendView(jira, loaded.load, setup, period, periods, now);
    if (!result.ok) throw new Error(result.error);
    return result.value;
  });
}

/** A Kanban board's reserve: the KTLO share of its last full weeks of finished work, read as the viewer. */
export function kanbanReserve(loaded: Loaded, now: Date): Promise<Envelope<ReserveSuggestion>> {
  return measured(loaded, async (jira, setup) => {
    const result = await kanbanReserveView(jira, loaded.load, setup, now);
    if (!result.ok) throw new Error(result.error);
    return result.value;
  });
}
