import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * The records behind the local KVS, by space: 'kvs' (plain keys), 'secret' (setSecret), 'entity:<name>' (custom
 * entities). Every change goes through `commit`, which is all-or-nothing; the persisted variant writes the whole store
 * to a temporary file and renames it over the old one, so a crash leaves either the old or the new state, never half.
 */

export interface StoredItem {
  value: unknown;
  createdAt: number;
  updatedAt: number;
  expiresAt?: number;
}

export interface Write {
  space: string;
  key: string;
  /** null deletes. */
  item: StoredItem | null;
}

const storedItemSchema = z.object({
  value: z.unknown().refine((v) => v !== undefined, 'value missing'),
  createdAt: z.number(),
  updatedAt: z.number(),
  expiresAt: z.number().optional(),
});

const FILE_FORMAT = 'ktlo-lens-local-kvs';
const fileSchema = z.object({
  format: z.literal(FILE_FORMAT),
  version: z.literal(1),
  spaces: z.record(z.string(), z.record(z.string(), storedItemSchema)),
});

export class KvsStore {
  private readonly spaces = new Map<string, Map<string, StoredItem>>();

  private constructor(private readonly file: string | undefined) {}

  static inMemory(): KvsStore {
    return new KvsStore(undefined);
  }

  /** A store kept in `file` (created on first write), loaded from it if it exists. */
  static persisted(file: string): KvsStore {
    const store = new KvsStore(file);
    if (existsSync(file)) store.load(file);
    return store;
  }

  /** The live item under `key`; expired items read as absent. */
  read(space: string, key: string, now: number): StoredItem | undefined {
    const item = this.spaces.get(space)?.get(key);
    return item && !isExpired(item, now) ? item : undefined;
  }

  /** Live items of a space in key order (UTF-16 code unit order, as JavaScript compares strings). */
  entries(space: string, now: number): Array<[string, StoredItem]> {
    const live = [...(this.spaces.get(space) ?? new Map<string, StoredItem>())].filter(([, item]) => !isExpired(item, now));
    return live.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  commit(writes: readonly Write[]): void {
    if (writes.length === 0) return;
    const undo = writes.map(({ space, key }) => ({ space, key, item: this.spaces.get(space)?.get(key) ?? null }));
    this.apply(writes);
    if (!this.file) return;
    try {
      this.save(this.file);
    } catch (error) {
      this.apply(undo.reverse());
      throw error;
    }
  }

  private apply(writes: readonly Write[]): void {
    for (const { space, key, item } of writes) {
      let items = this.spaces.get(space);
      if (!items) {
        items = new Map();
        this.spaces.set(space, items);
      }
      if (item) items.set(key, item);
      else items.delete(key);
    }
  }

  private load(file: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`local KVS file ${file} is not JSON: ${String(error)}`);
    }
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`local KVS file ${file} is not a ${FILE_FORMAT} v1 file: ${parsed.error.message}`);
    for (const [space, items] of Object.entries(parsed.data.spaces)) {
      this.spaces.set(space, new Map(Object.entries(items)));
    }
  }

  private save(file: string): void {
    const now = Date.now();
    const spaces: Record<string, Record<string, StoredItem>> = {};
    for (const [space, items] of this.spaces) {
      const live = [...items].filter(([, item]) => !isExpired(item, now));
      if (live.length > 0) spaces[space] = Object.fromEntries(live);
    }
    const text = JSON.stringify({ format: FILE_FORMAT, version: 1, spaces });
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  }
}

function isExpired(item: StoredItem, now: number): boolean {
  return item.expiresAt !== undefined && item.expiresAt <= now;
}
