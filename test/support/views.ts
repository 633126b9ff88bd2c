import { z } from 'zod';
import type { AppHost, Caller } from '../../dev/app-host';
import { viewerJira } from '../../dev/viewer-jira';
import { envelopeSchema, type Envelope } from '../../src/contracts/envelope';
import { capacityLoadSchema, type CapacityLoad, type FlowView, type SprintCapacity, type TrendView } from '../../src/contracts/resolvers';
import type { ReserveSuggestion } from '../../src/domain/reserve';
import type { JiraClient } from '../../src/jira/client';
import { readFailure } from '../../src/reader/failure';
import { boardSetup, flowView, kanbanReserveView, openSprints, pickSprint, sprintView, trendView } from '../../src/reader/views';

/**
 * The capacity surfaces' path as the browser takes it, without a browser: the surface's one load invoke through the
 * local Forge runtime, then Jira read as the viewer (as the local host's requestJira does) through the same reader and
 * domain functions the bundles call. Failures come back as the envelope's typed errors, as the surfaces show them.
 */

export async function loadCapacity(h: AppHost, caller: Caller, payload: Record<string, unknown> = {}): Promise<Envelope<CapacityLoad>> {
  return envelopeSchema(capacityLoadSchema).parse(await h.resolve('capacity-resolver', 'capacity/load', payload, caller));
}

/** `loadMs`: the view load's deadline (the browser's is two minutes; fault tests shorten it). */
export function viewerOf(h: AppHost, caller: Caller, loadMs?: number): JiraClient {
  if (!caller.accountId) throw new Error('a viewer has an account');
  return viewerJira(h.jira, caller.accountId, h.forge.identity.appId, loadMs);
}

/** `loadMs` bounds the whole view load, the invoke included (the caller's `timeoutSeconds` bounds the invoke). */
async function inBrowser<T>(h: AppHost, caller: Caller, payload: Record<string, unknown>, read: (jira: JiraClient, load: CapacityLoad) => Promise<T>, loadMs?: number): Promise<Envelope<T>> {
  const started = Date.now();
  const load = await loadCapacity(h, caller, payload);
  if (!load.ok) return load;
  try {
    return { ok: true, data: await read(viewerOf(h, caller, loadMs === undefined ? undefined : loadMs - (Date.now() - started)), load.data) };
  } catch (e) {
    const typed = readFailure<T>(e);
    if (typed) return typed;
    throw e;
  }
}

export function browserSprint(h: AppHost, caller: Caller, payload: { boardId?: number; sprintId?: number } = {}, loadMs?: number): Promise<Envelope<SprintCapacity>> {
  const { sprintId, ...board } = payload;
  const inContext = z.object({ sprint: z.object({ id: z.number() }).optional() }).safeParse(caller.extension);
  const requested = sprintId ?? (inContext.success ? inContext.data.sprint?.id : undefined) ?? null;
  return inBrowser(h, caller, board, async (jira, load) => {
    const setup = await boardSetup(jira, load);
    return sprintView(jira, load, setup, await pickSprint(jira, setup, requested));
  }, loadMs);
}

export function browserFlow(h: AppHost, caller: Caller, payload: { boardId?: number } = {}, now = new Date()): Promise<Envelope<FlowView>> {
  return inBrowser(h, caller, payload, async (jira, load) => {
    const result = await flowView(jira, load, await boardSetup(jira, load), now);
    if (!result.ok) throw new Error(result.error);
    return result.value;
  });
}

/** A Kanban board's suggested reserve, as the reserve panel measures it in the browser. */
export function browserKanbanReserve(h: AppHost, caller: Caller, payload: { boardId?: number } = {}, now = new Date()): Promise<Envelope<ReserveSuggestion>> {
  return inBrowser(h, caller, payload, async (jira, load) => {
    const result = await kanbanReserveView(jira, load, await boardSetup(jira, load), now);
    if (!result.ok) throw new Error(result.error);
    return result.value;
  });
}

export function browserTrend(h: AppHost, caller: Caller, payload: { boardId?: number; sprints?: number } = {}): Promise<Envelope<TrendView>> {
  const { sprints, ...board } = payload;
  return inBrowser(h, caller, board, async (jira, load) => trendView(jira, load, await boardSetup(jira, load), sprints ?? 6));
}

export function browserSprintList(h: AppHost, caller: Caller, payload: { boardId?: number } = {}): Promise<Envelope<{ board: { id: number; name: string; type: string; canEdit: boolean }; sprints: Array<{ id: number; state: string }> }>> {
  return inBrowser(h, caller, payload, async (jira, load) => {
    const setup = await boardSetup(jira, load);
    return { board: { ...setup.board, canEdit: load.board.canEdit }, sprints: await openSprints(jira, setup) };
  });
}
