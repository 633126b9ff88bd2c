import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { rawIssueSchema, type RawIssue } from '../jira/schemas';

/**
 * The fields the app last read for an issue it classified (only what the rules read), so that an issue event whose
 * changelog names the change can be classified from them without reading the issue again: the largest share of a
 * site's daily Jira points was the trigger's read-back of each edit.
 */

const key = (issueId: string): string => `inputs:${issueId}`;
const BATCH = 25;
/**
 * They hold issue text (summary, description, labels): kept only while an edit is likely to follow, and renewed at
 * each classification; an event after that reads the issue back, as before.
 */
const KEPT = { value: 30, unit: 'DAYS' } as const;

export async function getIssueInputs(issueId: string): Promise<RawIssue | null> {
  const parsed = rawIssueSchema.safeParse(await kvs.get<unknown>(key(issueId)));
  return parsed.success ? parsed.data : null;
}

export async function putIssueInputs(issues: readonly RawIssue[]): Promise<void> {
  const items = issues.map((issue) => ({ key: key(issue.id), value: { id: issue.id, key: issue.key, fields: issue.fields ?? {} }, options: { ttl: KEPT } }));
  for (let i = 0; i < items.length; i += BATCH) await kvs.batchSet(items.slice(i, i + BATCH));
}
