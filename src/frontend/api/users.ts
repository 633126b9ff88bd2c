import { requestJira } from '@forge/bridge';
import { userPageSchema } from '../../contracts/jira-users';

/**
 * People's display names as the viewer may see them, read in the browser through `requestJira` (as the viewer, and
 * not charged to the app's points quota), from Jira's bulk user lookup. Names are kept for the page's life (ten
 * minutes at most), and the ids asked for in one render are read together, 50 a request. An account Jira does not
 * return (deleted, or hidden from this viewer) and a lookup that fails both read as null: the page says "someone",
 * never the account id.
 */

const TTL_MS = 10 * 60_000;
const PER_REQUEST = 50;

const cache = new Map<string, { at: number; name: Promise<string | null> }>();
let pending: Map<string, (name: string | null) => void> | null = null;

async function lookUp(ids: readonly string[]): Promise<Map<string, string>> {
  const q = new URLSearchParams({ maxResults: String(ids.length) });
  for (const id of ids) q.append('accountId', id);
  const response = await requestJira(`/rest/api/3/user/bulk?${q}`, { headers: { Accept: 'application/json' } });
  if (!response.ok) return new Map();
  const parsed = userPageSchema.safeParse(await response.json());
  if (!parsed.success) return new Map();
  return new Map(parsed.data.values.flatMap((u) => (u.displayName ? [[u.accountId, u.displayName] as const] : [])));
}

async function flush(batch: Map<string, (name: string | null) => void>): Promise<void> {
  const ids = [...batch.keys()];
  for (let i = 0; i < ids.length; i += PER_REQUEST) {
    const chunk = ids.slice(i, i + PER_REQUEST);
    const names = await lookUp(chunk).catch(() => new Map<string, string>());
    for (const id of chunk) batch.get(id)?.(names.get(id) ?? null);
  }
}

/** The display name of `accountId` for this viewer, or null when Jira does not show one. */
export function displayName(accountId: string, now = Date.now()): Promise<string | null> {
  const hit = cache.get(accountId);
  if (hit && now - hit.at < TTL_MS) return hit.name;
  const name = new Promise<string | null>((resolve) => {
    if (pending === null) {
      const batch = new Map<string, (name: string | null) => void>();
      pending = batch;
      queueMicrotask(() => {
        pending = null;
        void flush(batch);
      });
    }
    pending.set(accountId, resolve);
  });
  cache.set(accountId, { at: now, name });
  // A failed lookup is not kept: the next render asks again.
  void name.then((n) => {
    if (n === null) cache.delete(accountId);
  });
  return name;
}

/** For tests: forget every name read. */
export function forgetDisplayNames(): void {
  cache.clear();
}
