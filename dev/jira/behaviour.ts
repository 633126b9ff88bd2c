/**
 * How the server behaves where a test (or `npm run jira-server`) chooses: set by `startJiraServer({ behaviour })`, and
 * changeable between requests through `server.behaviour`. The defaults are today's Jira Cloud.
 */

export interface Behaviour {
  /**
   * The agile 1.0 issue lists (board, backlog, board sprint, sprint, epic and no-epic lists), deprecated since the Jira
   * Software changelog of 1 May 2026 and due for removal after 1 November 2026: 'gone' answers 410, as a removed Jira
   * operation does (/rest/api/3/search after CHANGE-2046); 'served' still answers them with startAt paging.
   */
  agileIssueLists: 'gone' | 'served';
  /**
   * 'jira': Jira's page sizes. 'half': at most half of a list (rounded up) on each page, so every paging loop over a list
   * of two or more items runs at least twice. Jira allows this: "the API may return fewer items per page".
   */
  paging: 'jira' | 'half';
  /**
   * Eventual consistency of the search index behind search/jql, the enhanced issue lists and the approximate counts: for
   * this long after a write (through the server or the site builders) those reads still see the issue as it was before
   * (a new issue not at all), unless the request names it in `reconcileIssues`. 0 is read-after-write consistent.
   */
  indexLagMs: number;
  /** How long a `nextPageToken` stays valid; the platform documents its search tokens as expiring in 7 days. */
  pageTokenTtlMs: number;
}

export const DEFAULT_BEHAVIOUR: Readonly<Behaviour> = {
  agileIssueLists: 'gone',
  paging: 'jira',
  indexLagMs: 0,
  pageTokenTtlMs: 7 * 86_400_000,
};
