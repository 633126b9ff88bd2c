import { router, view } from '@forge/bridge';
import { boardContextSchema, capacityContextSchema } from '../../contracts/view-context';
import type { Envelope } from '../../contracts/envelope';
import type { BoardSummary, FlowView, SettingsView, SprintCapacity, SprintList, TrendView } from '../../contracts/resolvers';
import { capacityRoutes } from '../../contracts/routes';
import type { BoardConfig } from '../../domain/config';
import { call } from './call';

/**
 * Sprint capacity's resolvers (function `capacity-resolver`). A board or sprint id travels in a payload only when the
 * person picked it (the project page has no board in its context, the backlog action no sprint); the resolver checks
 * every pick against what the caller may see and prefers its trusted context when it has one.
 */

export type { BoardSummary };

function ids(boardId: number | null, sprintId: number | null = null): { boardId?: number; sprintId?: number } {
  return { ...(boardId === null ? {} : { boardId }), ...(sprintId === null ? {} : { sprintId }) };
}

export function getBoards(): Promise<Envelope<BoardSummary[]>> {
  return call(capacityRoutes.getBoards, {});
}

export function getSprints(boardId: number | null): Promise<Envelope<SprintList>> {
  return call(capacityRoutes.getSprints, ids(boardId));
}

export function getSprint(boardId: number | null, sprintId: number | null): Promise<Envelope<SprintCapacity>> {
  return call(capacityRoutes.getSprint, ids(boardId, sprintId));
}

export function getBoardSettings(boardId: number | null): Promise<Envelope<SettingsView>> {
  return call(capacityRoutes.getBoardSettings, ids(boardId));
}

export function saveBoardSettings(boardId: number | null, expectedRevision: number, settings: BoardConfig): Promise<Envelope<{ revision: number }>> {
  return call(capacityRoutes.saveBoardSettings, { level: 'board', ...ids(boardId), expectedRevision, settings });
}

/** Kanban flow of a board: KTLO WIP against its limit, cycle time, weekly throughput (project page). */
export function getFlow(boardId: number | null): Promise<Envelope<FlowView>> {
  return call(capacityRoutes.getFlow, ids(boardId));
}

/** The KTLO share of a board's last `sprints` sprints (the resolver's default, 6, when omitted) and recurring KTLO work. */
export function getTrend(boardId: number | null, sprints?: number): Promise<Envelope<TrendView>> {
  return call(capacityRoutes.getTrend, { ...ids(boardId), ...(sprints === undefined ? {} : { sprints }) });
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
