import { kvs, WhereConditions } from '@forge/kvs';

/** Every plain kvs entry whose key starts with `prefix`, in key order, read 100 a page. */
export async function scanPrefix(prefix: string): Promise<Array<{ key: string; value: unknown }>> {
  const out: Array<{ key: string; value: unknown }> = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(100);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<unknown>();
    out.push(...page.results);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}
