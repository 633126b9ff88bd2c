import type { RawIssue } from '../jira/schemas';

/**
 * How a reader spends Jira's rate limit on an issue list (every request costs a point, plus one per issue returned).
 * Views wait for their answer: `round-trips` lists the ids first (ids-only pages are the largest Jira serves) and
 * then reads the fields in parallel bulk fetches, about twice the points but few sequential requests whatever the
 * list's length. Background work has time and a budget: `points` reads pages with fields one after another, each
 * issue paid for once.
 */
export interface ReadOptions {
  prefer: 'round-trips' | 'points';
  /** Issues the caller just wrote or saw change, read as they are now (see IssueListOptions in src/jira/client.ts). */
  reconcile?: readonly string[] | undefined;
}

/** Views: the person is waiting. */
export const VIEW_READ: ReadOptions = { prefer: 'round-trips' };
/** Triggers, the queue's consumer, the daily run. */
export const BACKGROUND_READ: ReadOptions = { prefer: 'points' };

/** One issue list, readable as ids or as issues with the fields a reader needs. */
export interface IssueList {
  ids(): Promise<string[]>;
  withFields(): Promise<RawIssue[]>;
  byIds(ids: readonly string[]): Promise<RawIssue[]>;
}

/**
 * The list's issues, read as `read.prefer` says, with what needs only their ids (a changelog read) started as soon
 * as the ids are known: alongside the fields when ids come first.
 */
export async function readIssueList<T>(list: IssueList, read: ReadOptions, alongside: (ids: readonly string[]) => Promise<T>): Promise<{ raw: RawIssue[]; alongside: T }> {
  if (read.prefer === 'points') {
    const raw = await list.withFields();
    return { raw, alongside: await alongside(raw.map((r) => r.id)) };
  }
  const ids = await list.ids();
  const [raw, extra] = await Promise.all([list.byIds(ids), alongside(ids)]);
  return { raw, alongside: extra };
}
