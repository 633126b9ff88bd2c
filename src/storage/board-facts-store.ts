import { kvs } from '@forge/kvs';
import { z } from 'zod';
import type { Board } from '../jira/schemas';

/**
 * What the load route needs of a board besides who may see it: its name, type and project. Board configuration that
 * rarely changes, so it is kept for a day and rewritten by every backend read of the board; who may see the board is
 * asked of Jira per person (src/services/permissions.ts `displayAnswer`), never answered from here.
 */

const KEPT = { value: 1, unit: 'DAYS' } as const;
const KEPT_MS = 24 * 60 * 60 * 1000;
const key = (boardId: number): string => `board-facts:${boardId}`;

const boardFactsSchema = z.object({ name: z.string(), type: z.string(), projectKey: z.string().nullable(), at: z.number() });
export type BoardFacts = Omit<z.infer<typeof boardFactsSchema>, 'at'>;

/** The board's facts as last read, if read within the day. */
export async function knownBoard(boardId: number, now = Date.now()): Promise<BoardFacts | null> {
  const kept = boardFactsSchema.safeParse(await kvs.get<unknown>(key(boardId)));
  if (!kept.success || now - kept.data.at >= KEPT_MS) return null;
  return { name: kept.data.name, type: kept.data.type, projectKey: kept.data.projectKey };
}

/** Keeps what a backend read of the board saw, and returns it. */
export async function rememberBoard(board: Board, now = Date.now()): Promise<BoardFacts> {
  const facts = { name: board.name, type: board.type, projectKey: board.location?.projectKey ?? null };
  await kvs.set(key(board.id), { ...facts, at: now }, { ttl: KEPT });
  return facts;
}
