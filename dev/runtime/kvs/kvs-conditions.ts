import { z } from 'zod';

/** The clauses @forge/kvs builds (conditions.js) for index ranges, entity filters and transaction conditions. */
const CONDITIONS = [
  'BEGINS_WITH',
  'BETWEEN',
  'CONTAINS',
  'NOT_CONTAINS',
  'EQUAL_TO',
  'NOT_EQUAL_TO',
  'EXISTS',
  'NOT_EXISTS',
  'GREATER_THAN',
  'GREATER_THAN_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_EQUAL_TO',
] as const;

/** The subset allowed on an index's range attribute (WhereConditions). */
const RANGE_CONDITIONS = ['BEGINS_WITH', 'BETWEEN', 'EQUAL_TO', 'GREATER_THAN', 'GREATER_THAN_EQUAL_TO', 'LESS_THAN', 'LESS_THAN_EQUAL_TO'] as const;

type Condition = (typeof CONDITIONS)[number];

const hasArity = (clause: { condition: Condition; values: unknown[] }): boolean => clause.values.length === (clause.condition === 'BETWEEN' ? 2 : 1);
const ARITY = { message: 'BETWEEN takes two values, every other condition one' };

export const rangeClauseSchema = z.object({ condition: z.enum(RANGE_CONDITIONS), values: z.array(z.unknown()) }).refine(hasArity, ARITY);

const filterSchema = z.object({ property: z.string().min(1), condition: z.enum(CONDITIONS), values: z.array(z.unknown()) }).refine(hasArity, ARITY);

export const filtersSchema = z
  .object({ and: z.array(filterSchema).min(1).optional(), or: z.array(filterSchema).min(1).optional() })
  .refine((f) => !(f.and && f.or), { message: 'use either and or or, not both' });
export type Filters = z.infer<typeof filtersSchema>;

/** Orders two attribute values of the same comparable type (numbers, strings); undefined when they are not comparable. */
export function compareValues(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

/** Whether an attribute value (undefined when absent) satisfies a clause. Comparisons with an absent or differently typed value fail. */
export function satisfies(value: unknown, clause: { condition: Condition; values: unknown[] }): boolean {
  const [first, second] = clause.values;
  const ordered = (test: (order: number) => boolean): boolean => {
    const order = compareValues(value, first);
    return order !== undefined && test(order);
  };
  switch (clause.condition) {
    case 'EXISTS':
      return value !== undefined;
    case 'NOT_EXISTS':
      return value === undefined;
    case 'EQUAL_TO':
      return value !== undefined && JSON.stringify(value) === JSON.stringify(first);
    case 'NOT_EQUAL_TO':
      return value === undefined || JSON.stringify(value) !== JSON.stringify(first);
    case 'BEGINS_WITH':
      return typeof value === 'string' && value.startsWith(String(first));
    case 'CONTAINS':
      return typeof value === 'string' ? value.includes(String(first)) : Array.isArray(value) && value.some((v) => JSON.stringify(v) === JSON.stringify(first));
    case 'NOT_CONTAINS':
      return value !== undefined && !satisfies(value, { condition: 'CONTAINS', values: clause.values });
    case 'GREATER_THAN':
      return ordered((order) => order > 0);
    case 'GREATER_THAN_EQUAL_TO':
      return ordered((order) => order >= 0);
    case 'LESS_THAN':
      return ordered((order) => order < 0);
    case 'LESS_THAN_EQUAL_TO':
      return ordered((order) => order <= 0);
    case 'BETWEEN': {
      const low = compareValues(value, first);
      const high = compareValues(value, second);
      return low !== undefined && high !== undefined && low >= 0 && high <= 0;
    }
  }
}

/** Whether an entity's attributes pass `and` (all) or `or` (any) filters; no filters pass everything. */
export function passesFilters(attributes: Readonly<Record<string, unknown>>, filters: Filters | undefined): boolean {
  if (filters?.and) return filters.and.every((f) => satisfies(attributes[f.property], f));
  if (filters?.or) return filters.or.some((f) => satisfies(attributes[f.property], f));
  return true;
}
