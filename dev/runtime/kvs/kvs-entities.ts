import { z } from 'zod';
import { KVS_LIMITS } from '../limits';
import { compareValues, filtersSchema, passesFilters, rangeClauseSchema, satisfies } from './kvs-conditions';
import { KVS_ERROR, KvsError } from './kvs-errors';
import type { StoredItem } from './kvs-store';

/**
 * Custom entities as the manifest declares them under `app.storage.entities`: typed attributes and indexes (a bare
 * attribute name, or `{ name, range: [attr], partition?: [attrs] }`). Pass that array to LocalForge as `entities`.
 */
const attributeTypeSchema = z.enum(['string', 'integer', 'float', 'boolean', 'any']);
const indexSchema = z.union([
  z.string().min(1),
  z.strictObject({ name: z.string().min(1), range: z.array(z.string()).length(1), partition: z.array(z.string()).min(1).optional() }),
]);
export const entityDeclarationSchema = z.strictObject({
  name: z.string(),
  attributes: z.record(z.string(), z.strictObject({ type: attributeTypeSchema })),
  indexes: z.array(indexSchema).default([]),
});
export type EntityDeclaration = z.input<typeof entityDeclarationSchema>;

type AttributeType = z.infer<typeof attributeTypeSchema>;

interface EntityIndex {
  name: string;
  range: string;
  partition: readonly string[];
}

export interface EntityModel {
  readonly name: string;
  readonly attributes: Readonly<Record<string, AttributeType>>;
  readonly indexes: ReadonlyMap<string, EntityIndex>;
}

const ENTITY_NAME = /^(?![.-])(?!.*\.{2})[a-z0-9:.-]*(?<![.])$/;
const INDEXABLE: readonly AttributeType[] = ['string', 'integer', 'float'];

export class EntityCatalog {
  private readonly models = new Map<string, EntityModel>();

  constructor(declarations: readonly EntityDeclaration[]) {
    for (const raw of declarations) {
      const declaration = entityDeclarationSchema.parse(raw);
      const { name, attributes } = declaration;
      if (name.length < KVS_LIMITS.entityNameMin || name.length > KVS_LIMITS.entityNameMax || !ENTITY_NAME.test(name)) {
        throw new Error(`entity name '${name}' is not valid (3-60 of a-z 0-9 : . -)`);
      }
      const indexes = new Map<string, EntityIndex>();
      for (const spec of declaration.indexes) {
        const index = typeof spec === 'string' ? { name: spec, range: spec, partition: [] } : { name: spec.name, range: spec.range[0] ?? '', partition: spec.partition ?? [] };
        for (const attribute of [index.range, ...index.partition]) {
          const type = attributes[attribute]?.type;
          if (!type || !INDEXABLE.includes(type)) throw new Error(`entity '${name}' index '${index.name}' uses '${attribute}', which is not a declared string, integer or float attribute`);
        }
        indexes.set(index.name, index);
      }
      const types = Object.fromEntries(Object.entries(attributes).map(([attribute, { type }]) => [attribute, type]));
      this.models.set(name, { name, attributes: types, indexes });
    }
  }

  model(name: string): EntityModel {
    const model = this.models.get(name);
    if (!model) throw new KvsError(400, KVS_ERROR.invalidEntityType, `entity '${name}' is not declared (manifest app.storage.entities; LocalForge option 'entities')`);
    return model;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Entity values are objects whose attributes are all declared and of their declared type. */
export function checkEntityValue(model: EntityModel, value: unknown): void {
  if (!isRecord(value)) throw new KvsError(400, KVS_ERROR.invalidEntityValue, `entity '${model.name}' values must be objects`);
  for (const [attribute, attributeValue] of Object.entries(value)) {
    const type = model.attributes[attribute];
    if (!type) throw new KvsError(400, KVS_ERROR.invalidEntityValue, `entity '${model.name}' has no attribute '${attribute}'`);
    if (!hasType(attributeValue, type)) throw new KvsError(400, KVS_ERROR.invalidEntityValue, `entity '${model.name}' attribute '${attribute}' must be ${type}`);
  }
}

function hasType(value: unknown, type: AttributeType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'any':
      return true;
  }
}

export const entityQuerySchema = z.strictObject({
  entityName: z.string(),
  indexName: z.string(),
  partition: z.array(z.unknown()).optional(),
  range: rangeClauseSchema.optional(),
  filters: filtersSchema.optional(),
  sort: z.enum(['ASC', 'DESC']).optional(),
  cursor: z.string().optional(),
  limit: z.number().int().optional(),
  options: z.strictObject({ metadataFields: z.array(z.enum(['CREATED_AT', 'UPDATED_AT', 'EXPIRE_TIME'])).optional() }).optional(),
});
export type EntityQuery = z.infer<typeof entityQuerySchema>;

export interface IndexEntry {
  key: string;
  item: StoredItem;
  rangeValue: string | number;
}

/**
 * The entries of an index that a query selects, in index order (range value, then key; DESC reverses): items lacking
 * the range or a partition attribute are not in the index, as in any sparse secondary index.
 */
export function selectFromIndex(model: EntityModel, items: ReadonlyArray<[string, StoredItem]>, query: EntityQuery): IndexEntry[] {
  const index = model.indexes.get(query.indexName);
  if (!index) throw new KvsError(400, KVS_ERROR.invalidEntityIndex, `entity '${model.name}' has no index '${query.indexName}'`);
  const partition = query.partition ?? [];
  if (partition.length !== index.partition.length) {
    throw new KvsError(400, KVS_ERROR.invalidEntityIndex, `index '${index.name}' of '${model.name}' takes ${index.partition.length} partition value(s), got ${partition.length}`);
  }
  const entries: IndexEntry[] = [];
  for (const [key, item] of items) {
    if (!isRecord(item.value)) continue;
    const attributes = item.value;
    const rangeValue = attributes[index.range];
    if (typeof rangeValue !== 'string' && typeof rangeValue !== 'number') continue;
    if (!index.partition.every((attribute, i) => attributes[attribute] !== undefined && JSON.stringify(attributes[attribute]) === JSON.stringify(partition[i]))) continue;
    if (query.range && !satisfies(rangeValue, query.range)) continue;
    if (!passesFilters(attributes, query.filters)) continue;
    entries.push({ key, item, rangeValue });
  }
  entries.sort(compareIndexEntries);
  return query.sort === 'DESC' ? entries.reverse() : entries;
}

export function compareIndexEntries(a: Pick<IndexEntry, 'key' | 'rangeValue'>, b: Pick<IndexEntry, 'key' | 'rangeValue'>): number {
  return compareValues(a.rangeValue, b.rangeValue) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
