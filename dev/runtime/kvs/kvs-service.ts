import { z } from 'zod';
import { KVS_LIMITS } from '../limits';
import { filtersSchema, passesFilters } from './kvs-conditions';
import { checkEntityValue, compareIndexEntries, type EntityCatalog, type EntityModel, entityQuerySchema, type IndexEntry, isRecord, selectFromIndex } from './kvs-entities';
import { badRequest, KVS_ERROR, KvsError } from './kvs-errors';
import type { KvsStore, StoredItem, Write } from './kvs-store';

/**
 * The KVS wire API as @forge/kvs 1.6 speaks it (storage-api.js): POST /api/v1/<operation> with a JSON body, answered
 * with JSON (or an empty 204) and `{ code, message }` errors. Request bodies are parsed strictly, so a field a newer SDK
 * adds is refused loudly instead of being ignored.
 */

const METADATA_FIELD = z.enum(['CREATED_AT', 'UPDATED_AT', 'EXPIRE_TIME']);
type MetadataField = z.infer<typeof METADATA_FIELD>;
const getOptionsSchema = z.strictObject({ metadataFields: z.array(METADATA_FIELD).optional() });
const ttlSchema = z.strictObject({ value: z.number().positive(), unit: z.enum(['SECONDS', 'MINUTES', 'HOURS', 'DAYS']) });
type Ttl = z.infer<typeof ttlSchema>;
const setOptionsSchema = z.strictObject({
  ttl: ttlSchema.optional(),
  keyPolicy: z.enum(['OVERRIDE', 'FAIL_IF_EXISTS']).optional(),
  returnValue: z.enum(['PREVIOUS', 'LATEST']).optional(),
  returnMetadataFields: z.array(METADATA_FIELD).optional(),
});
type SetOptions = z.infer<typeof setOptionsSchema>;
const ttlOnlySchema = z.strictObject({ ttl: ttlSchema.optional() });

const entityName = z.string().optional();
const getSchema = z.strictObject({ key: z.string(), options: getOptionsSchema.optional() });
const setSchema = z.strictObject({ key: z.string(), value: z.unknown(), options: setOptionsSchema.optional() });
const deleteSchema = z.strictObject({ key: z.string() });
const entityGetSchema = getSchema.extend({ entityName: z.string() });
const entitySetSchema = setSchema.extend({ entityName: z.string() });
const entityDeleteSchema = deleteSchema.extend({ entityName: z.string() });

const querySchema = z.strictObject({
  limit: z.number().int().optional(),
  after: z.string().optional(),
  where: z.array(z.strictObject({ property: z.literal('key'), condition: z.literal('BEGINS_WITH'), values: z.tuple([z.union([z.string(), z.number()])]) })).max(1).optional(),
  options: getOptionsSchema.optional(),
});

const batchSetSchema = z.array(z.strictObject({ key: z.string(), value: z.unknown(), entityName, options: ttlOnlySchema.optional() }));
const batchGetSchema = z.array(z.strictObject({ key: z.string(), entityName, options: getOptionsSchema.optional() }));
const batchDeleteSchema = z.array(z.strictObject({ key: z.string(), entityName }));

const transactionSchema = z.strictObject({
  set: z.array(z.strictObject({ key: z.string(), value: z.unknown(), entityName, conditions: filtersSchema.optional(), options: ttlOnlySchema.optional() })).optional(),
  delete: z.array(z.strictObject({ key: z.string(), entityName, conditions: filtersSchema.optional() })).optional(),
  check: z.array(z.strictObject({ key: z.string(), entityName: z.string(), conditions: filtersSchema })).optional(),
});

const plainCursorSchema = z.strictObject({ k: z.string() });
const entityCursorSchema = z.strictObject({ k: z.string(), r: z.union([z.string(), z.number()]) });

/** Keys as Forge storage accepts them (storage error reference). */
const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s#-]+$/;
const TTL_SECONDS: Record<Ttl['unit'], number> = { SECONDS: 1, MINUTES: 60, HOURS: 3600, DAYS: 86400 };

type Space = { kind: 'kvs' } | { kind: 'secret' } | { kind: 'entity'; model: EntityModel };

export class KvsService {
  private readonly routes: Readonly<Record<string, (body: unknown) => Response>> = {
    '/api/v1/get': (body) => {
      const { key, options } = parse(getSchema, body);
      return this.get({ kind: 'kvs' }, key, options?.metadataFields);
    },
    '/api/v1/set': (body) => {
      const { key, value, options } = parse(setSchema, body);
      return this.set({ kind: 'kvs' }, key, value, options);
    },
    '/api/v1/delete': (body) => this.delete({ kind: 'kvs' }, parse(deleteSchema, body).key),
    '/api/v1/query': (body) => this.query(parse(querySchema, body)),
    '/api/v1/secret/get': (body) => {
      const { key, options } = parse(getSchema, body);
      return this.get({ kind: 'secret' }, key, options?.metadataFields);
    },
    '/api/v1/secret/set': (body) => {
      const { key, value, options } = parse(setSchema, body);
      return this.set({ kind: 'secret' }, key, value, options);
    },
    '/api/v1/secret/delete': (body) => this.delete({ kind: 'secret' }, parse(deleteSchema, body).key),
    '/api/v1/entity/get': (body) => {
      const request = parse(entityGetSchema, body);
      return this.get(this.entity(request.entityName), request.key, request.options?.metadataFields);
    },
    '/api/v1/entity/set': (body) => {
      const request = parse(entitySetSchema, body);
      return this.set(this.entity(request.entityName), request.key, request.value, request.options);
    },
    '/api/v1/entity/delete': (body) => {
      const request = parse(entityDeleteSchema, body);
      return this.delete(this.entity(request.entityName), request.key);
    },
    '/api/v1/entity/query': (body) => this.queryEntity(parse(entityQuerySchema, body)),
    '/api/v1/batch/set': (body) => this.batchSet(parse(batchSetSchema, body)),
    '/api/v1/batch/get': (body) => this.batchGet(parse(batchGetSchema, body)),
    '/api/v1/batch/delete': (body) => this.batchDelete(parse(batchDeleteSchema, body)),
    '/api/v1/transaction': (body) => this.transact(parse(transactionSchema, body)),
  };

  constructor(
    private readonly store: KvsStore,
    private readonly entities: EntityCatalog,
  ) {}

  handle(path: string, init: RequestInit | undefined): Response {
    const route = Object.hasOwn(this.routes, path) ? this.routes[path] : undefined;
    try {
      if (!route) throw new KvsError(404, KVS_ERROR.notFound, `the local KVS does not implement ${path}`);
      if ((init?.method ?? 'GET').toUpperCase() !== 'POST') throw badRequest(`${path} takes POST`);
      if (typeof init?.body !== 'string') throw badRequest(`${path} takes a JSON string body`);
      let body: unknown;
      try {
        body = JSON.parse(init.body);
      } catch {
        throw badRequest('Provided request body is not JSON');
      }
      return route(body);
    } catch (error) {
      if (error instanceof KvsError) return error.toResponse();
      throw error;
    }
  }

  private get(space: Space, key: string, metadata: readonly MetadataField[] | undefined): Response {
    checkKey(key);
    const item = this.store.read(spaceId(space), key, Date.now());
    if (!item) throw new KvsError(404, KVS_ERROR.keyNotFound, 'Provided key does not exist');
    return Response.json(describe(key, item, metadata ?? ALL_METADATA));
  }

  private set(space: Space, key: string, value: unknown, options: SetOptions | undefined): Response {
    if (options?.returnValue && options.keyPolicy === 'FAIL_IF_EXISTS') throw badRequest("returnValue needs keyPolicy 'OVERRIDE'");
    if (options?.returnMetadataFields && !options.returnValue) throw badRequest('returnMetadataFields needs returnValue');
    checkKey(key);
    checkValue(space, value);
    const now = Date.now();
    const previous = this.store.read(spaceId(space), key, now);
    if (previous && options?.keyPolicy === 'FAIL_IF_EXISTS') {
      throw new KvsError(409, KVS_ERROR.keyAlreadyExists, `key '${key}' already exists and keyPolicy is FAIL_IF_EXISTS`);
    }
    const item = newItem(previous, value, options?.ttl, now);
    this.store.commit([{ space: spaceId(space), key, item }]);
    if (options?.returnValue === 'LATEST') return Response.json(describe(key, item, ALL_METADATA));
    if (options?.returnValue === 'PREVIOUS' && previous) return Response.json(describe(key, previous, ALL_METADATA));
    return new Response(null, { status: 204 });
  }

  private delete(space: Space, key: string): Response {
    checkKey(key);
    this.store.commit([{ space: spaceId(space), key, item: null }]);
    return new Response(null, { status: 204 });
  }

  /** Plain keys in key order, optionally those beginning with a prefix; secrets and entities are never listed. */
  private query(request: z.infer<typeof querySchema>): Response {
    const limit = checkLimit(request.limit);
    const prefix = request.where?.[0] ? String(request.where[0].values[0]) : '';
    const after = request.after === undefined ? undefined : decodeCursor(request.after, plainCursorSchema).k;
    const matching = this.store.entries('kvs', Date.now()).filter(([key]) => key.startsWith(prefix) && (after === undefined || key > after));
    const page = matching.slice(0, limit);
    const last = page[page.length - 1];
    const metadata = request.options?.metadataFields ?? [];
    return Response.json({
      data: page.map(([key, item]) => describe(key, item, metadata)),
      ...(matching.length > limit && last ? { cursor: encodeCursor({ k: last[0] }) } : {}),
    });
  }

  private queryEntity(request: z.infer<typeof entityQuerySchema>): Response {
    const limit = checkLimit(request.limit);
    const model = this.entities.model(request.entityName);
    let entries = selectFromIndex(model, this.store.entries(`entity:${model.name}`, Date.now()), request);
    if (request.cursor !== undefined) {
      const { k, r } = decodeCursor(request.cursor, entityCursorSchema);
      const direction = request.sort === 'DESC' ? -1 : 1;
      entries = entries.filter((entry) => direction * compareIndexEntries(entry, { key: k, rangeValue: r }) > 0);
    }
    const page = entries.slice(0, limit);
    const last: IndexEntry | undefined = page[page.length - 1];
    const metadata = request.options?.metadataFields ?? [];
    return Response.json({
      data: page.map(({ key, item }) => describe(key, item, metadata)),
      ...(entries.length > limit && last ? { cursor: encodeCursor({ k: last.key, r: last.rangeValue }) } : {}),
    });
  }

  /** Each item succeeds or fails on its own (batch semantics); the successful writes are committed together. */
  private batchSet(items: z.infer<typeof batchSetSchema>): Response {
    checkBatchSize(items.length);
    const now = Date.now();
    const writes: Write[] = [];
    const successfulKeys: BatchKey[] = [];
    const failedKeys: BatchFailure[] = [];
    for (const { key, value, entityName: name, options } of items) {
      try {
        const space = this.space(name);
        checkKey(key);
        checkValue(space, value);
        writes.push({ space: spaceId(space), key, item: newItem(this.store.read(spaceId(space), key, now), value, options?.ttl, now) });
        successfulKeys.push(batchKey(key, name));
      } catch (error) {
        failedKeys.push(batchFailure(key, name, error));
      }
    }
    this.store.commit(writes);
    return Response.json({ successfulKeys, failedKeys });
  }

  private batchGet(items: z.infer<typeof batchGetSchema>): Response {
    checkBatchSize(items.length);
    const now = Date.now();
    const successfulKeys: Array<BatchKey & Described> = [];
    const failedKeys: BatchFailure[] = [];
    for (const { key, entityName: name, options } of items) {
      try {
        const space = this.space(name);
        checkKey(key);
        const item = this.store.read(spaceId(space), key, now);
        if (!item) throw new KvsError(404, KVS_ERROR.keyNotFound, 'Key does not exist');
        successfulKeys.push({ ...batchKey(key, name), ...describe(key, item, options?.metadataFields ?? []) });
      } catch (error) {
        failedKeys.push(batchFailure(key, name, error));
      }
    }
    return Response.json({ successfulKeys, failedKeys });
  }

  private batchDelete(items: z.infer<typeof batchDeleteSchema>): Response {
    checkBatchSize(items.length);
    const now = Date.now();
    const writes: Write[] = [];
    const successfulKeys: BatchKey[] = [];
    const failedKeys: BatchFailure[] = [];
    for (const { key, entityName: name } of items) {
      try {
        const space = this.space(name);
        checkKey(key);
        if (!this.store.read(spaceId(space), key, now)) throw new KvsError(404, KVS_ERROR.keyNotFound, 'Key does not exist');
        writes.push({ space: spaceId(space), key, item: null });
        successfulKeys.push(batchKey(key, name));
      } catch (error) {
        failedKeys.push(batchFailure(key, name, error));
      }
    }
    this.store.commit(writes);
    return Response.json({ successfulKeys, failedKeys });
  }

  /**
   * All or nothing: every operation is validated and every condition evaluated against the current state before
   * anything is written. Conditions apply to entities only (plain keys have no compare-and-set); a check needs the
   * entity to exist, a conditional set or delete of a missing entity is judged on an empty object.
   */
  private transact(request: z.infer<typeof transactionSchema>): Response {
    const sets = request.set ?? [];
    const deletes = request.delete ?? [];
    const checks = request.check ?? [];
    const count = sets.length + deletes.length + checks.length;
    if (count === 0 || count > KVS_LIMITS.transactionOperations) throw badRequest(`a transaction takes 1 to ${KVS_LIMITS.transactionOperations} operations, got ${count}`);
    const now = Date.now();
    const seen = new Set<string>();
    const failed: string[] = [];
    const resolve = (key: string, name: string | undefined, conditions: z.infer<typeof filtersSchema> | undefined, mustExist: boolean): Space => {
      if (conditions && name === undefined) throw badRequest(`conditions on '${key}' need an entityName`);
      const space = this.space(name);
      checkKey(key);
      const id = `${spaceId(space)}\u0000${key}`;
      if (seen.has(id)) throw badRequest(`key '${key}' appears more than once in the transaction`);
      seen.add(id);
      if (conditions) {
        const current = this.store.read(spaceId(space), key, now);
        const attributes = current && isRecord(current.value) ? current.value : {};
        if ((mustExist && !current) || !passesFilters(attributes, conditions)) failed.push(key);
      }
      return space;
    };
    const writes: Write[] = [];
    for (const { key, value, entityName: name, conditions, options } of sets) {
      const space = resolve(key, name, conditions, false);
      checkValue(space, value);
      writes.push({ space: spaceId(space), key, item: newItem(this.store.read(spaceId(space), key, now), value, options?.ttl, now) });
    }
    for (const { key, entityName: name, conditions } of deletes) {
      writes.push({ space: spaceId(resolve(key, name, conditions, false)), key, item: null });
    }
    for (const { key, entityName: name, conditions } of checks) resolve(key, name, conditions, true);
    if (failed.length > 0) throw new KvsError(409, KVS_ERROR.conditionFailed, `transaction conditions not met for: ${failed.join(', ')}`);
    this.store.commit(writes);
    return new Response(null, { status: 204 });
  }

  private entity(name: string): Space {
    return { kind: 'entity', model: this.entities.model(name) };
  }

  private space(name: string | undefined): Space {
    return name === undefined ? { kind: 'kvs' } : this.entity(name);
  }
}

const ALL_METADATA: readonly MetadataField[] = ['CREATED_AT', 'UPDATED_AT', 'EXPIRE_TIME'];

interface Described {
  key: string;
  value: unknown;
  createdAt?: number;
  updatedAt?: number;
  expireTime?: string;
}

/** An item as the API returns it: key, value and the metadata asked for. */
function describe(key: string, item: StoredItem, metadata: readonly MetadataField[]): Described {
  return {
    key,
    value: item.value,
    ...(metadata.includes('CREATED_AT') ? { createdAt: item.createdAt } : {}),
    ...(metadata.includes('UPDATED_AT') ? { updatedAt: item.updatedAt } : {}),
    ...(metadata.includes('EXPIRE_TIME') && item.expiresAt !== undefined ? { expireTime: new Date(item.expiresAt).toISOString() } : {}),
  };
}

type BatchKey = { key: string; entityName?: string };
type BatchFailure = BatchKey & { error: { code: string; message: string } };

const batchKey = (key: string, name: string | undefined): BatchKey => (name === undefined ? { key } : { key, entityName: name });

function batchFailure(key: string, name: string | undefined, error: unknown): BatchFailure {
  if (!(error instanceof KvsError)) throw error;
  return { ...batchKey(key, name), error: { code: error.code, message: error.message } };
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw badRequest(`Provided request body is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const spaceId = (space: Space): string => (space.kind === 'entity' ? `entity:${space.model.name}` : space.kind);

function checkKey(key: string): void {
  if (key.length === 0) throw new KvsError(400, KVS_ERROR.emptyKey, 'Key cannot be empty');
  if (key.length > KVS_LIMITS.keyLength) throw new KvsError(400, KVS_ERROR.keyTooLong, `The provided key has exceeded the maximum ${KVS_LIMITS.keyLength} characters`);
  if (!KEY_PATTERN.test(key)) throw new KvsError(400, KVS_ERROR.invalidKey, `The provided key does not match ${KEY_PATTERN}`);
}

function checkValue(space: Space, value: unknown): void {
  if (value === undefined || value === null) throw badRequest('value must be a string, number, boolean, array or object');
  const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
  if (bytes > KVS_LIMITS.valueBytes) throw new KvsError(400, KVS_ERROR.maxSize, `The provided value (${bytes} bytes) has exceeded the maximum size of ${KVS_LIMITS.valueBytes} bytes`);
  if (depthOf(value) > KVS_LIMITS.objectDepth) throw new KvsError(400, KVS_ERROR.maxDepth, `The provided value has exceeded the maximum object depth of ${KVS_LIMITS.objectDepth}`);
  if (space.kind === 'entity') checkEntityValue(space.model, value);
}

function depthOf(value: unknown): number {
  const children = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : undefined;
  return children ? 1 + children.reduce<number>((deepest, child) => Math.max(deepest, depthOf(child)), 0) : 0;
}

function checkLimit(limit: number | undefined): number {
  const value = limit ?? KVS_LIMITS.queryDefaultLimit;
  if (value < 1 || value > KVS_LIMITS.queryMaxLimit) throw badRequest(`limit must be between 1 and ${KVS_LIMITS.queryMaxLimit}`);
  return value;
}

function checkBatchSize(count: number): void {
  if (count < 1 || count > KVS_LIMITS.batchItems) throw badRequest(`a batch takes 1 to ${KVS_LIMITS.batchItems} items, got ${count}`);
}

function newItem(previous: StoredItem | undefined, value: unknown, ttl: Ttl | undefined, now: number): StoredItem {
  if (ttl && ttl.value * TTL_SECONDS[ttl.unit] > KVS_LIMITS.maxTtlSeconds) throw badRequest('ttl must not exceed one year');
  return { value, createdAt: previous?.createdAt ?? now, updatedAt: now, ...(ttl ? { expiresAt: now + ttl.value * TTL_SECONDS[ttl.unit] * 1000 } : {}) };
}

/** Cursors are opaque to the app: the position of the last item returned, so a page never repeats or skips an item. */
function encodeCursor(position: object): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new KvsError(400, KVS_ERROR.invalidCursor, 'The provided cursor is invalid');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new KvsError(400, KVS_ERROR.invalidCursor, 'The provided cursor is invalid');
  return parsed.data;
}
