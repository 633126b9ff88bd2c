import { jiraPath, type JiraPath } from './path';

/**
 * The reads a sprint view asks first (its board's configuration, its sprint, the sprint's issue ids) and
 * the enhanced issue lists' query. The client sends them (client.ts); a surface's entry asks the first three before
 * the client's code has loaded (src/frontend/api/early.ts), by the same path and request, so the client takes those
 * answers instead of asking again. Nothing here imports zod: the entry stays small.
 */

/** The documented maximum page of search/jql and the enhanced issue lists ("It returns max 5000 issues"). */
export const ISSUE_PAGE = 5000;
/** `reconcileIssues` takes at most 50 ids. */
const RECONCILE_MAX = 50;

/** How every read asks: one request for a path, whoever sends it. */
export const GET_JSON = { method: 'GET', headers: { Accept: 'application/json' } } as const;

/** A read of a path: the path and the request that asks it (the scope derivation, dev/lint/scopes.ts, reads the verb from `get`). */
export interface JiraGet {
  path: JiraPath;
  init: typeof GET_JSON;
}

export function get(path: JiraPath): JiraGet {
  return { path, init: GET_JSON };
}

export interface IssueListOptions {
  /** Narrows the list, on top of the board's own filter. */
  jql?: string | undefined;
  /**
   * Issues the caller just wrote or saw change. The enhanced lists and search are eventually consistent; Jira
   * returns these as they are now (read-after-write). At most 50 are sent, the same on every page.
   */
  reconcile?: readonly string[] | undefined;
}

/** Issue ids Jira is asked to reconcile: numeric, distinct, at most 50 (the first given are kept). */
export function reconcileIds(ids: readonly string[] | undefined): number[] {
  return [...new Set((ids ?? []).filter((id) => /^\d+$/.test(id)))].slice(0, RECONCILE_MAX).map(Number);
}

/** Query of one page of an enhanced issue list: the same on every page but the token. */
export function issueListQuery(fields: readonly string[], opts: IssueListOptions, token: string | undefined): URLSearchParams {
  const q = new URLSearchParams({ fields: fields.join(','), maxResults: String(ISSUE_PAGE) });
  if (opts.jql !== undefined) q.set('jql', opts.jql);
  for (const id of reconcileIds(opts.reconcile)) q.append('reconcileIssues', String(id));
  if (token !== undefined) q.set('nextPageToken', token);
  return q;
}

export function boardConfigurationRead(boardId: number): JiraGet {
  return get(jiraPath`/rest/agile/1.0/board/${boardId}/configuration`);
}

export function sprintRead(sprintId: number): JiraGet {
  return get(jiraPath`/rest/agile/1.0/sprint/${sprintId}`);
}

/** One page of the issues the board shows for a sprint (its filter and sub-query applied), in rank order. */
export function sprintIssuesRead(boardId: number, sprintId: number, fields: readonly string[], opts: IssueListOptions, token: string | undefined): JiraGet {
  return get(jiraPath`/rest/software/1.0/board/${boardId}/sprint/${sprintId}/issue?${issueListQuery(fields, opts, token)}`);
}
