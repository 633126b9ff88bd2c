import { kvs, WhereConditions } from '@forge/kvs';
import { z } from 'zod';
import { CATEGORIES } from '../domain/category';

/**
 * A team member's override of an issue's category, with its audit trail. The override lives under the issue's id
 * (keys stay valid when an issue moves project and its key changes); every set or clear also appends an audit entry
 * that is never rewritten, so the trail survives later changes.
 */

const category = z.enum(CATEGORIES);

export const overrideSchema = z.object({
  issueId: z.string(),
  issueKey: z.string(),
  category,
  by: z.string(),
  at: z.string(),
  /** What the issue showed before this override: an earlier override, or the automatic category. */
  previous: category.nullable(),
});
export type Override = z.infer<typeof overrideSchema>;

export const auditEntrySchema = z.object({
  issueId: z.string(),
  issueKey: z.string(),
  action: z.enum(['set', 'clear']),
  category: category.nullable(),
  previous: category.nullable(),
  by: z.string(),
  at: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

const overrideKey = (issueId: string): string => `override:${issueId}`;
const AUDIT_PREFIX = 'audit:';

export class StoredOverrideError extends Error {}

export async function getOverride(issueId: string): Promise<Override | null> {
  const raw = await kvs.get<unknown>(overrideKey(issueId));
  if (raw === undefined) return null;
  const parsed = overrideSchema.safeParse(raw);
  if (!parsed.success) throw new StoredOverrideError(`stored override of issue ${issueId} is damaged`);
  return parsed.data;
}

/** Overrides of many issues in one batch read (the trigger and the capacity check classify whole sprints). */
export async function getOverrides(issueIds: readonly string[]): Promise<Map<string, Override>> {
  const out = new Map<string, Override>();
  const BATCH = 25;
  for (let i = 0; i < issueIds.length; i += BATCH) {
    const result = await kvs.batchGet<unknown>(issueIds.slice(i, i + BATCH).map((id) => ({ key: overrideKey(id) })));
    for (const item of result.successfulKeys) {
      const parsed = overrideSchema.safeParse(item.value);
      if (parsed.success) out.set(parsed.data.issueId, parsed.data);
    }
  }
  return out;
}

function auditKey(at: string, issueId: string): string {
  return `${AUDIT_PREFIX}${at}:${issueId}`;
}

/** Records an override and its audit entry in one all-or-nothing transaction. */
export async function setOverride(override: Override): Promise<void> {
  const entry: AuditEntry = { ...override, action: 'set' };
  await kvs.transact().set(overrideKey(override.issueId), override).set(auditKey(override.at, override.issueId), entry).execute();
}

export async function clearOverride(existing: Override, by: string, at: string): Promise<void> {
  const entry: AuditEntry = { issueId: existing.issueId, issueKey: existing.issueKey, action: 'clear', category: null, previous: existing.category, by, at };
  await kvs.transact().delete(overrideKey(existing.issueId)).set(auditKey(at, existing.issueId), entry).execute();
}

/** The whole audit trail, oldest first. */
export async function auditTrail(): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(AUDIT_PREFIX)).limit(100);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<unknown>();
    for (const r of page.results) {
      const parsed = auditEntrySchema.safeParse(r.value);
      if (!parsed.success) throw new StoredOverrideError(`audit entry ${r.key} is damaged`);
      out.push(parsed.data);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

function csvCell(value: string): string {
  // Quote everything and neutralise spreadsheet formulas: the CSV is opened in Excel by auditors.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function auditCsv(entries: readonly AuditEntry[]): string {
  const header = ['at', 'issueKey', 'issueId', 'action', 'category', 'previous', 'by'];
  const rows = entries.map((e) => [e.at, e.issueKey, e.issueId, e.action, e.category ?? '', e.previous ?? '', e.by].map(csvCell).join(','));
  return [header.join(','), ...rows].join('\r\n') + '\r\n';
}

