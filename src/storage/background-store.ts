import { kvs } from '@forge/kvs';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { scanPrefix } from './kvs-scan';

/**
 * What background work keeps between runs: the work parked because the day's points budget was spent (the next daily
 * run sends it again), and the daily run's cursor (when it last looked for changed issues, which board it checks
 * next). Parked work is stored as the queue event it was, so resuming it is sending it again.
 */

const PARKED = 'background:parked:';
const CURSOR = 'background:daily-cursor';

const cursorSchema = z.object({ at: z.string(), nextBoard: z.number().int().nonnegative() });
export type DailyCursor = z.infer<typeof cursorSchema>;

export async function parkUntilTomorrow(event: Record<string, unknown>): Promise<void> {
  await kvs.set(`${PARKED}${randomUUID()}`, { event });
}

/** The parked events with their keys; forget them once they have been sent again. */
export async function listParked(): Promise<Array<{ key: string; event: unknown }>> {
  return (await scanPrefix(PARKED)).map((r) => ({ key: r.key, event: z.object({ event: z.unknown() }).safeParse(r.value).data?.event }));
}

export async function forgetParked(keys: readonly string[]): Promise<void> {
  for (const key of keys) await kvs.delete(key);
}

export async function readDailyCursor(): Promise<DailyCursor | null> {
  const parsed = cursorSchema.safeParse(await kvs.get<unknown>(CURSOR));
  return parsed.success ? parsed.data : null;
}

export async function saveDailyCursor(cursor: DailyCursor): Promise<void> {
  await kvs.set(CURSOR, cursor);
}
