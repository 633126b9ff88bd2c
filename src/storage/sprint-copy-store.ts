import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { rawIssueSchema } from '../jira/schemas';
import { scanPrefix } from './kvs-scan';

/**
 * What the app knows of each open sprint's issues, kept current by the hourly refresh (services/sprint-copies.ts), so
 * that a closing sprint is measured from it and reads only what changed since the last refresh instead of every
 * issue at the busiest hour. One entry per sprint: the fields read (the refresh's field list) and the issues as last
 * read. They hold issue text (summaries, descriptions), so they expire: a sprint longer than the TTL is read in full.
 */

const COPY = 'sprint-copy:';
const CURSOR = 'sprint-copy-cursor';
const CLOSED = 'sprint-closed:';
const KEPT = { value: 60, unit: 'DAYS' } as const;
/** KVS values are limited to 240 KiB: a sprint whose copy would not fit is read in full at its close. */
const MAX_COPY_BYTES = 200_000;

const copySchema = z.object({
  sprintId: z.number().int().positive(),
  fields: z.array(z.string()),
  issues: z.array(rawIssueSchema),
  /**
   * Issue id -> when it first joined the sprint, as the refreshes saw it (between the window's start and the refresh,
   * or exactly, from its history): the snapshot's planned/unplanned split needs no history read for these. Kept
   * when an issue leaves, so a return is not a new join (as the Sprint field's history says too). Absent in copies
   * kept before it was.
   */
  joins: z.record(z.string(), z.object({ after: z.string().nullable(), by: z.string() })).default({}),
});
export type SprintCopy = z.infer<typeof copySchema>;

/** When the refresh last read what changed (the next one reads from here), and for which projects. */
const cursorSchema = z.object({ at: z.string(), projects: z.array(z.string()) });
export type SprintCopyCursor = z.infer<typeof cursorSchema>;

const key = (sprintId: number): string => `${COPY}${sprintId}`;

export async function getSprintCopy(sprintId: number): Promise<SprintCopy | null> {
  const parsed = copySchema.safeParse(await kvs.get<unknown>(key(sprintId)));
  return parsed.success ? parsed.data : null;
}

/** Every kept copy; a damaged one is left out (its sprint is read in full at close). */
export async function listSprintCopies(): Promise<SprintCopy[]> {
  return (await scanPrefix(COPY)).flatMap((r) => {
    const parsed = copySchema.safeParse(r.value);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Stores a copy, or forgets it when it is too large to keep (its sprint is then read in full at close). */
export async function putSprintCopy(copy: SprintCopy): Promise<void> {
  if (Buffer.byteLength(JSON.stringify(copy), 'utf8') > MAX_COPY_BYTES) await kvs.delete(key(copy.sprintId));
  else await kvs.set(key(copy.sprintId), copy, { ttl: KEPT });
}

export async function forgetSprintCopy(sprintId: number): Promise<void> {
  await kvs.delete(key(sprintId));
}

export async function readSprintCopyCursor(): Promise<SprintCopyCursor | null> {
  const parsed = cursorSchema.safeParse(await kvs.get<unknown>(CURSOR));
  return parsed.success ? parsed.data : null;
}

export async function saveSprintCopyCursor(cursor: SprintCopyCursor): Promise<void> {
  await kvs.set(CURSOR, cursor);
}

const closedSchema = z.object({ boardId: z.number().int().positive(), sprintId: z.number().int().positive() });
export type ClosedSprint = z.infer<typeof closedSchema>;

/** A sprint closed since the last hourly refresh: the refresh queues its snapshot once it has read what changed. */
export async function noteSprintClosed(closed: ClosedSprint): Promise<void> {
  await kvs.set(`${CLOSED}${closed.sprintId}`, closed);
}

export async function listClosedSprints(): Promise<ClosedSprint[]> {
  return (await scanPrefix(CLOSED)).flatMap((r) => {
    const parsed = closedSchema.safeParse(r.value);
    return parsed.success ? [parsed.data] : [];
  });
}

export async function forgetClosedSprints(closed: readonly ClosedSprint[]): Promise<void> {
  for (const c of closed) await kvs.delete(`${CLOSED}${c.sprintId}`);
}
