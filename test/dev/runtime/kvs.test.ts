import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ForgeKvsAPIError, kvs, MetadataField, WhereConditions } from '@forge/kvs';
import { KVS_ERROR, KVS_LIMITS, LocalForge, type LocalForgeOptions } from '../../../dev/runtime';

/** The local KVS through the real @forge/kvs client: the semantics the app's storage layer relies on. */

const options: LocalForgeOptions = { baseUrl: 'http://127.0.0.1:9', authorization: () => 'Basic unused' };

let forge: LocalForge;
beforeEach(() => {
  forge = new LocalForge(options).install();
});
afterEach(() => forge.dispose());

const kvsError = (code: string, status: number) => expect.objectContaining({ name: 'ForgeKvsError', code, responseDetails: expect.objectContaining({ status }) });

describe('get, set, delete', () => {
  it('round-trips JSON values; a missing key reads as undefined; delete of a missing key succeeds', async () => {
    await kvs.set('settings:global:1', { band: [0.2, 0.3], on: true });
    expect(await kvs.get('settings:global:1')).toEqual({ band: [0.2, 0.3], on: true });
    expect(await kvs.get('settings:global:2')).toBeUndefined();
    await kvs.delete('settings:global:1');
    await kvs.delete('settings:global:1');
    expect(await kvs.get('settings:global:1')).toBeUndefined();
  });

  it('FAIL_IF_EXISTS refuses to overwrite with a 409 ForgeKvsAPIError and leaves the first value', async () => {
    await kvs.set('rev:0001', { by: 'alice' }, { keyPolicy: 'FAIL_IF_EXISTS' });
    const second = kvs.set('rev:0001', { by: 'bob' }, { keyPolicy: 'FAIL_IF_EXISTS' });
    await expect(second).rejects.toBeInstanceOf(ForgeKvsAPIError);
    await expect(second).rejects.toEqual(kvsError(KVS_ERROR.keyAlreadyExists, 409));
    expect(await kvs.get('rev:0001')).toEqual({ by: 'alice' });
    await kvs.set('rev:0001', { by: 'carol' }, { keyPolicy: 'OVERRIDE' });
    expect(await kvs.get('rev:0001')).toEqual({ by: 'carol' });
  });

  it('returnValue answers the previous or the latest value with the metadata asked for; createdAt survives overwrites', async () => {
    const before = Date.now();
    expect(await kvs.set('k', 1, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' })).toBeUndefined();
    const previous = await kvs.set('k', 2, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS', returnMetadataFields: [MetadataField.CREATED_AT] });
    expect(previous).toEqual({ key: 'k', value: 1, createdAt: expect.any(Number) });
    const latest = await kvs.set('k', 3, { keyPolicy: 'OVERRIDE', returnValue: 'LATEST', returnMetadataFields: [MetadataField.CREATED_AT, MetadataField.UPDATED_AT] });
    expect(latest).toEqual({ key: 'k', value: 3, createdAt: previous?.createdAt, updatedAt: expect.any(Number) });
    expect(latest?.createdAt).toBeGreaterThanOrEqual(before);
  });

  it('a ttl sets expireTime, reported when asked for', async () => {
    await kvs.set('cache:x', 'v', { ttl: { value: 2, unit: 'HOURS' } });
    const got = await kvs.get('cache:x', { metadataFields: [MetadataField.EXPIRE_TIME] });
    expect(Date.parse(got?.expireTime ?? '') - Date.now()).toBeGreaterThan(2 * 3600_000 - 5_000);
    await expect(kvs.set('cache:y', 'v', { ttl: { value: 366, unit: 'DAYS' } })).rejects.toEqual(kvsError(KVS_ERROR.badRequest, 400));
  });

  it('secrets live apart from plain keys and are never listed by query', async () => {
    await kvs.setSecret('token', { t: 's3cret' });
    await kvs.set('token', 'plain');
    expect(await kvs.getSecret('token')).toEqual({ t: 's3cret' });
    expect(await kvs.get('token')).toBe('plain');
    expect((await kvs.query().getMany()).results.map((r) => r.key)).toEqual(['token']);
    await kvs.deleteSecret('token');
    expect(await kvs.getSecret('token')).toBeUndefined();
    expect(await kvs.get('token')).toBe('plain');
  });
});

describe('limits', () => {
  it('keys: empty, longer than 500 characters, or outside the allowed characters are refused', async () => {
    await kvs.set('k'.repeat(KVS_LIMITS.keyLength), 1);
    await expect(kvs.set('k'.repeat(KVS_LIMITS.keyLength + 1), 1)).rejects.toEqual(kvsError(KVS_ERROR.keyTooLong, 400));
    await expect(kvs.set('', 1)).rejects.toEqual(kvsError(KVS_ERROR.emptyKey, 400));
    await expect(kvs.set('board/12', 1)).rejects.toEqual(kvsError(KVS_ERROR.invalidKey, 400));
    await expect(kvs.get('   ')).rejects.toEqual(kvsError(KVS_ERROR.invalidKey, 400));
    await kvs.set('audit:2025-01-02T03:04:05.678Z:10001 #x', 1);
  });

  it('values: up to 240 KiB of JSON, at most 32 levels deep, never null', async () => {
    const fits = 'x'.repeat(KVS_LIMITS.valueBytes - 2); // the JSON string's two quotes make it exactly 240 KiB
    await kvs.set('big', fits);
    expect(await kvs.get('big')).toBe(fits);
    await expect(kvs.set('big', `${fits}x`)).rejects.toEqual(kvsError(KVS_ERROR.maxSize, 400));
    await expect(kvs.setSecret('big', `${fits}x`)).rejects.toEqual(kvsError(KVS_ERROR.maxSize, 400));
    const nest = (depth: number): unknown => (depth === 0 ? 1 : { d: nest(depth - 1) });
    await kvs.set('deep', nest(KVS_LIMITS.objectDepth));
    await expect(kvs.set('deep', nest(KVS_LIMITS.objectDepth + 1))).rejects.toEqual(kvsError(KVS_ERROR.maxDepth, 400));
    await expect(kvs.set('nothing', null)).rejects.toEqual(kvsError(KVS_ERROR.badRequest, 400));
    expect(await kvs.get('big')).toBe(fits);
  });
});

describe('query', () => {
  const keys = ['p:07', 'p:01', 'q:00', 'p:10', 'p:03', 'o:99', 'p:02', 'p:05', 'p:04', 'p:06', 'p:09', 'p:08'];
  beforeEach(async () => {
    for (const key of keys) await kvs.set(key, { key });
  });

  it('lists the keys that begin with a prefix, in key order, page by page, with no repeat and no gap', async () => {
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | undefined;
    do {
      const query = kvs.query().where('key', WhereConditions.beginsWith('p:')).limit(4);
      const page = await (cursor ? query.cursor(cursor) : query).getMany<{ key: string }>();
      pageSizes.push(page.results.length);
      seen.push(...page.results.map((r) => r.key));
      for (const r of page.results) expect(r.value).toEqual({ key: r.key });
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(keys.filter((k) => k.startsWith('p:')).sort());
    expect(pageSizes).toEqual([4, 4, 2]);
  });

  it('a cursor stays valid when the item it points at is deleted, and items added behind it are not repeated', async () => {
    const first = await kvs.query().where('key', WhereConditions.beginsWith('p:')).limit(3).getMany();
    expect(first.results.map((r) => r.key)).toEqual(['p:01', 'p:02', 'p:03']);
    await kvs.delete('p:03');
    await kvs.set('p:00', 'new');
    const second = await kvs.query().where('key', WhereConditions.beginsWith('p:')).limit(3).cursor(first.nextCursor ?? '').getMany();
    expect(second.results.map((r) => r.key)).toEqual(['p:04', 'p:05', 'p:06']);
  });

  it('defaults to 10 results, refuses a limit above 100 and a cursor it did not issue; getOne takes the first key', async () => {
    expect((await kvs.query().getMany()).results).toHaveLength(10);
    await expect(kvs.query().limit(101).getMany()).rejects.toEqual(kvsError(KVS_ERROR.badRequest, 400));
    await expect(kvs.query().cursor('not-a-cursor').getMany()).rejects.toEqual(kvsError(KVS_ERROR.invalidCursor, 400));
    expect(await kvs.query().where('key', WhereConditions.beginsWith('p:')).getOne()).toEqual({ key: 'p:01', value: { key: 'p:01' } });
    expect(await kvs.query().where('key', WhereConditions.beginsWith('zzz')).getOne()).toBeUndefined();
  });

  it('returns the metadata fields asked for, and only those', async () => {
    const page = await kvs.query({ metadataFields: [MetadataField.UPDATED_AT] }).where('key', WhereConditions.beginsWith('q:')).getMany();
    expect(page.results).toEqual([{ key: 'q:00', value: { key: 'q:00' }, updatedAt: expect.any(Number) }]);
  });
});

describe('batch operations', () => {
  it('succeed or fail item by item', async () => {
    const set = await kvs.batchSet([
      { key: 'b:1', value: 1 },
      { key: 'b/2', value: 2 },
      { key: 'b:3', value: 3 },
    ]);
    expect(set).toEqual({ successfulKeys: [{ key: 'b:1' }, { key: 'b:3' }], failedKeys: [{ key: 'b/2', error: { code: KVS_ERROR.invalidKey, message: expect.any(String) } }] });
    const got = await kvs.batchGet([{ key: 'b:1' }, { key: 'b:2' }, { key: 'b:3' }]);
    expect(got.successfulKeys).toEqual([
      { key: 'b:1', value: 1 },
      { key: 'b:3', value: 3 },
    ]);
    expect(got.failedKeys).toEqual([{ key: 'b:2', error: { code: KVS_ERROR.keyNotFound, message: expect.any(String) } }]);
    const deleted = await kvs.batchDelete([{ key: 'b:1' }, { key: 'b:2' }]);
    expect(deleted).toEqual({ successfulKeys: [{ key: 'b:1' }], failedKeys: [{ key: 'b:2', error: { code: KVS_ERROR.keyNotFound, message: expect.any(String) } }] });
  });

  it('take at most 25 items', async () => {
    const items = Array.from({ length: KVS_LIMITS.batchItems + 1 }, (_, i) => ({ key: `b:${i}` }));
    await expect(kvs.batchGet(items)).rejects.toEqual(kvsError(KVS_ERROR.badRequest, 400));
    expect((await kvs.batchGet(items.slice(1))).failedKeys).toHaveLength(KVS_LIMITS.batchItems);
  });
});

describe('transactions', () => {
  it('apply every set and delete together', async () => {
    await kvs.set('override:1', 'KTLO');
    await kvs.transact().delete('override:1').set('audit:1', { action: 'clear' }).set('audit:2', { action: 'set' }).execute();
    expect([await kvs.get('override:1'), await kvs.get('audit:1'), await kvs.get('audit:2')]).toEqual([undefined, { action: 'clear' }, { action: 'set' }]);
  });

  it('apply nothing when any operation is invalid', async () => {
    await kvs.set('override:1', 'KTLO');
    const oversized = 'x'.repeat(KVS_LIMITS.valueBytes);
    await expect(kvs.transact().delete('override:1').set('audit:1', 'ok').set('audit:2', oversized).execute()).rejects.toEqual(kvsError(KVS_ERROR.maxSize, 400));
    expect([await kvs.get('override:1'), await kvs.get('audit:1')]).toEqual(['KTLO', undefined]);
  });

  it('refuse a key used twice and more than 25 operations', async () => {
    await expect(kvs.transact().set('a', 1).delete('a').execute()).rejects.toEqual(kvsError(KVS_ERROR.badRequest, 400));
    let tooMany = kvs.transact();
    for (let i = 0; i <= KVS_LIMITS.transactionOperations; i += 1) tooMany = tooMany.set(`t:${i}`, i);
    await expect(tooMany.execute()).rejects.toEqual(kvsError(KVS_ERROR.badRequest, 400));
    expect(await kvs.get('t:0')).toBeUndefined();
  });
});

describe('file persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'local-kvs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('survives a new LocalForge over the same file, without leftovers', async () => {
    const file = join(dir, 'state', 'kvs.json');
    forge.dispose();
    forge = new LocalForge({ ...options, storageFile: file }).install();
    await kvs.set('settings:global:9999999998', { revision: 1 });
    await kvs.setSecret('token', 's3cret');
    await kvs.set('gone', 1);
    await kvs.delete('gone');
    forge.dispose();

    forge = new LocalForge({ ...options, storageFile: file }).install();
    expect(await kvs.get('settings:global:9999999998')).toEqual({ revision: 1 });
    expect(await kvs.getSecret('token')).toBe('s3cret');
    expect(await kvs.get('gone')).toBeUndefined();
    expect(readdirSync(join(dir, 'state'))).toEqual(['kvs.json']);
  });

  it('keeps the old state, in memory and on disk, when a write cannot be persisted', async () => {
    const file = join(dir, 'state', 'kvs.json');
    forge.dispose();
    forge = new LocalForge({ ...options, storageFile: file }).install();
    await kvs.set('a', 1);
    renameSync(join(dir, 'state'), join(dir, 'moved'));
    writeFileSync(join(dir, 'state'), 'not a directory');
    await expect(kvs.transact().set('a', 2).set('b', 2).execute()).rejects.toThrow();
    expect([await kvs.get('a'), await kvs.get('b')]).toEqual([1, undefined]);
    expect(existsSync(join(dir, 'moved', 'kvs.json'))).toBe(true);
  });

  it('refuses a file that is not a local KVS file', () => {
    const file = join(dir, 'kvs.json');
    writeFileSync(file, '{"something":"else"}');
    expect(() => new LocalForge({ ...options, storageFile: file })).toThrow(/not a ktlo-lens-local-kvs v1 file/);
  });
});

describe('latency', () => {
  it('delays every call by the latency plus jitter when asked, and lets concurrent calls interleave', async () => {
    forge.dispose();
    forge = new LocalForge({ ...options, kvsLatency: { ms: 30, jitterMs: 10, seed: 3 } }).install();
    const started = Date.now();
    await kvs.set('slow:1', 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(28);
    // Both reads happen before either write lands: the interleaving that loses updates without a condition.
    const [a, b] = await Promise.all([kvs.get<number>('slow:1'), kvs.get<number>('slow:1')]);
    await Promise.all([kvs.set('slow:1', (a ?? 0) + 1), kvs.set('slow:1', (b ?? 0) + 1)]);
    expect(await kvs.get('slow:1')).toBe(2);
  });

  it('is off by default', async () => {
    const started = Date.now();
    for (let i = 0; i < 20; i++) await kvs.get('fast');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
