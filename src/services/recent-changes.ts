import { kvs } from '@forge/kvs';
import { z } from 'zod';

/**
 * Issues the app has just written (the "Work category" field) or an issue event has just reported changed, kept for a
 * few minutes so the next issue lists pass them as `reconcileIssues`: Jira's issue lists are eventually consistent,
 * and without it a view opened right after an edit may miss an issue just moved into the sprint, or show it as it
 * was. One record per installation, newest first, at most the 50 ids Jira reconciles. Plain kvs keys have no
 * compare-and-set, so two events noted at the same instant may keep only one of them: the record is a hint for
 * consistency, and a lost id only means that issue is read as eventually consistent as without it.
 */

const KEY = 'recent-issue-changes';
/** Jira's index catches up in seconds; issue events may arrive minutes after the edit. */
const KEEP_MS = 10 * 60_000;
const MAX_IDS = 50;

const recordSchema = z.array(z.object({ id: z.string().regex(/^\d+$/), at: z.number() }));

async function read(now: number): Promise<z.infer<typeof recordSchema>> {
  const parsed = recordSchema.safeParse(await kvs.get<unknown>(KEY));
  // A damaged record is only a lost hint.
  return parsed.success ? parsed.data.filter((e) => now - e.at < KEEP_MS) : [];
}

export async function noteChanged(issueIds: readonly string[], now = Date.now()): Promise<void> {
  const fresh = [...new Set(issueIds.filter((id) => /^\d+$/.test(id)))];
  if (fresh.length === 0) return;
  const kept = (await read(now)).filter((e) => !fresh.includes(e.id));
  await kvs.set(KEY, [...fresh.map((id) => ({ id, at: now })), ...kept].slice(0, MAX_IDS));
}

/** Ids to reconcile in the issue lists read now, newest first. */
export async function recentlyChanged(now = Date.now()): Promise<string[]> {
  return (await read(now)).map((e) => e.id);
}
