import { Filter, FilterConditions, ForgeKvsAPIError, kvs, WhereConditions } from '@forge/kvs';
import { z } from 'zod';
import { CATEGORIES } from '../domain/category';
import { sweep, type SweepResult } from './sweep';

/**
 * A team member's override of an issue's category, with its audit trail. The override lives under the issue's id
 * (keys stay valid when an issue moves project and its key changes); every set or clear also appends an audit entry
 * that is never rewritten, so the trail survives later changes.
 *
 * Plain keys have no compare-and-set, so every change of an issue is written in one transaction with its revision, a
 * custom entity (`override-revision`, keyed by issue id) whose transaction condition is the revision the change was
 * decided on. Of two editors deciding on the same revision, the second finds the condition failed and decides again on
 * what the first wrote: no change is lost and every entry's "previous" is what the issue showed just before it.
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
/** The manifest's `app.storage.entities` entry that holds each issue's override revision. */
export const OVERRIDE_REVISION_ENTITY = 'override-revision';

const revisionSchema = z.object({ revision: z.number().int().positive(), at: z.string() });

/** How many changes an issue's override has had (0: none yet), and when the last one was made. */
export interface OverrideRevision {
  issueId: string;
  revision: number;
  at: string | null;
}

/** Another change of the same issue was committed after the revision this one was decided on. */
export class OverrideConflictError extends Error {}

export class StoredOverrideError extends Error {}

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

/**
 * The overrides of one project's issues (by the key each was set under), for a view of that project: a sprint's issue
 * ids are not in a view's context, so the project's overrides are answered as a whole, only as category and time.
 */
export async function projectOverrides(projectKey: string): Promise<Map<string, Override>> {
  const out = new Map<string, Override>();
  const keyPrefix = `${projectKey}-`;
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(overrideKey(''))).limit(100);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<unknown>();
    for (const r of page.results) {
      const parsed = overrideSchema.safeParse(r.value);
      if (parsed.success && parsed.data.issueKey.startsWith(keyPrefix)) out.set(parsed.data.issueId, parsed.data);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/**
 * Time, then issue, then the issue's revision: unique per change, and in time order. The revision breaks ties of one
 * issue within a millisecond; `changeTime` keeps an issue's times in revision order.
 */
function auditKey(at: string, issueId: string, revision: number): string {
  return `${AUDIT_PREFIX}${at}:${issueId}:${String(revision).padStart(10, '0')}`;
}

/** Read before the override itself, so that any change committed after this read makes the write's condition fail. */
export async function readRevision(issueId: string): Promise<OverrideRevision> {
  const raw = await kvs.entity<unknown>(OVERRIDE_REVISION_ENTITY).get(issueId);
  if (raw === undefined) return { issueId, revision: 0, at: null };
  const parsed = revisionSchema.safeParse(raw);
  if (!parsed.success) throw new StoredOverrideError(`stored override revision of issue ${issueId} is damaged`);
  return { issueId, ...parsed.data };
}

/** The time of the change after `read`: now, but never before the change it follows (invocations' clocks differ). */
export function changeTime(read: OverrideRevision, now: Date): string {
  const at = now.toISOString();
  return read.at !== null && read.at > at ? read.at : at;
}

type Transaction = ReturnType<typeof kvs.transact>;

/** All or nothing: the change, its audit entry and the next revision, on condition that the revision is still `read`. */
async function commit(read: OverrideRevision, entry: AuditEntry, change: (tx: Transaction) => Transaction): Promise<void> {
  const next = read.revision + 1;
  const unchanged = new Filter<z.infer<typeof revisionSchema>>().and('revision', read.revision === 0 ? FilterConditions.notExists() : FilterConditions.equalTo(read.revision));
  try {
    await change(kvs.transact())
      .set(auditKey(entry.at, read.issueId, next), entry)
      .set(read.issueId, { revision: next, at: entry.at }, { entityName: OVERRIDE_REVISION_ENTITY, conditions: unchanged })
      .execute();
  } catch (e) {
    // Forge answers a failed transaction condition with 409 (its error code is not documented).
    if (e instanceof ForgeKvsAPIError && e.responseDetails.status === 409) throw new OverrideConflictError(`issue ${read.issueId} changed after revision ${read.revision}`);
    throw e;
  }
}

/** Records an override decided on revision `read` and its audit entry. */
export async function setOverride(override: Override, read: OverrideRevision): Promise<void> {
  const entry: AuditEntry = { ...override, action: 'set' };
  await commit(read, entry, (tx) => tx.set(overrideKey(override.issueId), override));
}

export async function clearOverride(existing: Override, by: string, at: string, read: OverrideRevision): Promise<void> {
  const entry: AuditEntry = { issueId: existing.issueId, issueKey: existing.issueKey, action: 'clear', category: null, previous: existing.category, by, at };
  await commit(read, entry, (tx) => tx.delete(overrideKey(existing.issueId)));
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

/** Deletes audit entries recorded before `cutoff`, oldest first, reading at most `budget` entries. */
export function sweepAudit(cutoff: Date, budget: number): Promise<SweepResult> {
  const before = cutoff.toISOString();
  // Keys begin with the entry's ISO time, so they sort by time and the key alone tells an entry's age.
  return sweep(AUDIT_PREFIX, { budget, timeOrdered: true, expired: (key) => key.slice(AUDIT_PREFIX.length, AUDIT_PREFIX.length + before.length) < before });
}

function csvCell(value: string): string {
  // Quote everything and neutralise spreadsheet formulas: the CSV is opened in Excel by auditors.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** `nameOf`: who made the change, as the reader may see them (`by` is the account id, kept for the record). */
export function auditCsv(entries: readonly AuditEntry[], nameOf: (accountId: string) => string): string {
  const header = ['at', 'issueKey', 'issueId', 'action', 'category', 'previous', 'byName', 'by'];
  const rows = entries.map((e) => [e.at, e.issueKey, e.issueId, e.action, e.category ?? '', e.previous ?? '', nameOf(e.by), e.by].map(csvCell).join(','));
  return [header.join(','), ...rows].join('\r\n') + '\r\n';
}

