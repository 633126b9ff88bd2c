import { ForgeKvsAPIError, kvs, WhereConditions } from '@forge/kvs';

/**
 * Bounded deletion passes over a key prefix, for the retention the daily run enforces. A pass reads at most `budget`
 * keys from `cursor` and deletes those `expired` says have outlived their retention; the cursor it returns (null once
 * the prefix is done) is where the next run goes on, so a large store is swept over several days, never in one run.
 */

export interface SweepOptions {
  /** Where the previous pass stopped; null or absent to start at the beginning. */
  cursor?: string | null;
  budget: number;
  expired: (key: string, value: unknown) => boolean;
  /** Keys in time order (oldest first): the first key kept ends the pass, as everything after it is newer. */
  timeOrdered?: boolean;
}

export interface SweepResult {
  scanned: number;
  deleted: number;
  /** Null: the pass reached the end of the prefix. */
  cursor: string | null;
}

const PAGE = 100;
const DELETE_BATCH = 25;

async function deleteKeys(keys: readonly string[]): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < keys.length; i += DELETE_BATCH) {
    // A key that failed to delete is still there: the next run finds it again.
    deleted += (await kvs.batchDelete(keys.slice(i, i + DELETE_BATCH).map((key) => ({ key })))).successfulKeys.length;
  }
  return deleted;
}

async function page(prefix: string, limit: number, cursor: string | undefined) {
  const query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(limit);
  return (cursor ? query.cursor(cursor) : query).getMany<unknown>();
}

export async function sweep(prefix: string, options: SweepOptions): Promise<SweepResult> {
  let cursor = options.cursor ?? undefined;
  let scanned = 0;
  let deleted = 0;
  while (scanned < options.budget) {
    let found;
    try {
      found = await page(prefix, Math.min(PAGE, options.budget - scanned), cursor);
    } catch (e) {
      // A cursor kept from an earlier run that storage no longer accepts: start the prefix again.
      if (cursor === undefined || !(e instanceof ForgeKvsAPIError) || e.responseDetails.status !== 400) throw e;
      cursor = undefined;
      continue;
    }
    const doomed: string[] = [];
    let reachedKept = false;
    for (const { key, value } of found.results) {
      scanned += 1;
      if (options.expired(key, value)) doomed.push(key);
      else if (options.timeOrdered) {
        reachedKept = true;
        break;
      }
    }
    deleted += await deleteKeys(doomed);
    if (reachedKept || !found.nextCursor) return { scanned, deleted, cursor: null };
    cursor = found.nextCursor;
  }
  return { scanned, deleted, cursor: cursor ?? null };
}
