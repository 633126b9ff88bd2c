import { failure, type Envelope } from '../../contracts/envelope';
import type { CapacityLoad, FlowView, SprintCapacity, SprintList, TrendView } from '../../contracts/resolvers';
import type { JiraClient } from '../../jira/client';
import { readFailure } from '../../reader/failure';
import type { TrendPeriod } from '../../domain/kanban-trend';
import { boardSetup, flowView, kanbanTrendView, openSprints, pickSprint, sprintView, trendView } from '../../reader/views';
import type { BoardSetup } from '../../reader/board';
import { viewerJira } from './jira';

/**
 * The capacity views measured in the browser: Jira read as the viewer (requestJira), the app's data from the
 * surface's load, the domain deciding. Loaded on demand (a dynamic import from capacity.ts), so the reader and the
 * classifier are not part of a surface's initial load. A read that fails is a typed error, never partial numbers.
 */

async function measured<T>(load: CapacityLoad, read: (jira: JiraClient, setup: BoardSetup) => Promise<T>): Promise<Envelope<T>> {
  try {
    const jira = viewerJira();
    return { ok: true, data: await read(jira, await boardSetup(jira, load)) };
  } catch (e) {
    return readFailure<T>(e) ?? failure('INTERNAL', `KTLO Lens could not measure this board (${e instanceof Error ? e.message : String(e)}).`);
  }
}

export function sprintList(load: CapacityLoad): Promise<Envelope<SprintList>> {
  return measured(load, async (jira, setup) => ({
    board: { ...setup.board, canEdit: load.board.canEdit },
    sprints: (await openSprints(jira, setup)).map(({ id, name, state, startDate, endDate }) => ({ id, name, state, startDate: startDate ?? null, endDate: endDate ?? null })),
  }));
}

export function sprintCapacity(load: CapacityLoad, sprintId: number | null): Promise<Envelope<SprintCapacity>> {
  return measured(load, async (jira, setup) => sprintView(jira, load, setup, await pickSprint(jira, setup, sprintId)));
}

export function kanbanFlow(load: CapacityLoad, now: Date): Promise<Envelope<FlowView>> {
  return measured(load, async (jira, setup) => {
    const result = await flowView(jira, load, setup, now);
    if (!result.ok) throw new Error(result.error);
    return result.value;
  });
}

export function sprintTrend(load: CapacityLoad, sprints: number): Promise<Envelope<TrendView>> {
  return measured(load, (jira, setup) => trendView(jira, load, setup, sprints));
}

export function kanbanTrend(load: CapacityLoad, period: TrendPeriod, periods: number, now: Date): Promise<Envelope<TrendView>> {
  return measured(load, async (jira, setup) => {
    const result = await kanbanTrendView(jira, load, setup, period, periods, now);
    if (!result.ok) throw new Error(result.error);
    return result.value;
  });
}
