import { kvs } from '@forge/kvs';
import { z } from 'zod';

/**
 * People's display names as one viewer was shown them by Jira (privacy settings can hide a name from some viewers),
 * kept a day so an export of hundreds of entries asks Jira once per person, not once per row. An account Jira did
 * not return is kept as null for an hour, then asked again.
 */

const key = (viewer: string, accountId: string): string => `name:${viewer}:${accountId}`;
const storedSchema = z.object({ name: z.string().nullable() });
const BATCH = 25;
const KNOWN = { value: 1, unit: 'DAYS' } as const;
const UNKNOWN = { value: 1, unit: 'HOURS' } as const;

/** The names kept for `viewer`: account id -> name (null: Jira showed none); ids never looked up are absent. */
export async function keptNames(viewer: string, accountIds: readonly string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const unique = [...new Set(accountIds)];
  for (let i = 0; i < unique.length; i += BATCH) {
    const found = await kvs.batchGet<unknown>(unique.slice(i, i + BATCH).map((id) => ({ key: key(viewer, id) })));
    for (const item of found.successfulKeys) {
      const parsed = storedSchema.safeParse(item.value);
      if (parsed.success) out.set(item.key.slice(key(viewer, '').length), parsed.data.name);
    }
  }
  return out;
}

export async function keepNames(viewer: string, names: ReadonlyMap<string, string | null>): Promise<void> {
  const items = [...names].map(([id, name]) => ({ key: key(viewer, id), value: { name }, options: { ttl: name === null ? UNKNOWN : KNOWN } }));
  for (let i = 0; i < items.length; i += BATCH) await kvs.batchSet(items.slice(i, i + BATCH));
}
