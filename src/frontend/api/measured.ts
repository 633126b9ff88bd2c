import { failure, type Envelope } from '../../contracts/envelope';
import type { CapacityLoad, FlowView, ReserveSuggestion, SprintCapacity, SprintList, TrendView } from '../../contracts/resolvers';
import type { JiraClient } from '../../jira/client';
import { readFailure } from '../../reader/failure';
import type { TrendPeriod } from '../../domain/kanban-trend';
import { askConfiguration, boardSetup, flowView, kanbanReserveView, kanbanTrendView, openSprints, pickSprint, sprintView, trendView, type EarlyConfiguration } from '../../reader/views';
import type { BoardSetup } from '../../reader/board';
import { viewerJira } from './jira';

/**
 * The capacity views measured in the browser: Jira read as the viewer (requestJira), the app's data from the
 * surface's load, the domain deciding. Loaded on demand (a dynamic import from capacity.ts), so the reader and the
 * classifier are not part of a surface's initial load. A read that fails is a typed error, never partial numbers.
 */

/** The surface's load, and what the browser started reading beside its invoke (when the board was known before). */
export interface Loaded {
  load: CapacityLoad;
  early: EarlyConfiguration | undefined;
}

/** Starts the board's configuration read as the viewer, to run while the load invoke does. */
export function readEarly(boardId: number): EarlyConfiguration {
  return askConfiguration(viewerJira(), boardId);
}

async function measured<T>({ load, early }: Loaded, read: (jira: JiraClient, setup: BoardSetup) => Promise<T>): Promise<Envelope<T>> {
  try {
    const jira = viewerJira();
    return { ok: true, data: await read(jira, await boardSetup(jira, load, early)) };
  } catch (e) {
    return readFailure<T>(e) ?? failure('INTERNAL', `KTLO Lens could not measure this board (${e instanceof Error ? e.message : String(e)}).`);
  }
}

export function sprintList(loaded: Loaded): Promise<Envelope<SprintList>> {
  return measured(loaded, async (jira, setup) => ({
    board: { ...setup.board, canEdit: loaded.load.board.canEdit },
    sprints: (await openSprints(jira, setup)).map(({ id, name, state, startDate, endDate }) => ({ id, name, state, startDate: startDate ?? null, endDate: endDate ?? null })),
  }));
}

export function sprintCapacity(loaded: Loaded, sprintId: number | null): Promise<Envelope<SprintCapacity>> {
  return measured(loaded, async (jira, setup) => sprintView(jira, loaded.load, setup, await pickSprint(jira, setup, sprintId)));
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
