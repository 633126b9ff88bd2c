import { JiraHttpError, queryBoolean, queryInt, queryList, reconcileIds, type ApiRequest, type ApiResponse, type Route } from './api';
import { ISSUE_LISTS, listIssues, type IssueList } from './board-issues';
import { fieldNames, fieldSchemas, parseFieldSelection, renderIssue } from './issue-json';
import { ISSUE_PAGE_DEFAULT, issuePageCap, servedPageSize } from './paging';
import type { Json } from './site-model';

/**
 * The Jira Software "enhanced" issue lists under /rest/software/1.0 (RFC-127; spec/jira-software-enhanced.json): token
 * paging (`nextPageToken`, `isLast`, no startAt / maxResults / total in the answer), pages as large as the fields asked
 * allow (5000 ids, 100 with a few fields, fewer with many), read from the eventually consistent search index with
 * `reconcileIssues` (at most 50) read as they are now; and the approximate counts of the board and backlog lists.
 */

function enhancedList(list: IssueList): Route['handle'] {
  return (request: ApiRequest): ApiResponse => {
    const { query, site } = request;
    // Read so that a bad value is a 400; the server validates the JQL either way.
    queryBoolean(query, 'validateQuery', true);
    const reconcile = reconcileIds(queryList(query, 'reconcileIssues'));
    const issues = listIssues(request, list, request.index.issues(site, reconcile));
    const selection = parseFieldSelection(site, queryList(query, 'fields'), 'agile');
    const requested = queryInt(query, 'maxResults', ISSUE_PAGE_DEFAULT);
    if (requested < 0) throw new JiraHttpError(400, ["The 'maxResults' parameter must not be negative."]);
    const scope: Json = { list: list.template, params: request.params, jql: query.get('jql') ?? '' };
    const offset = request.tokens.read(query.get('nextPageToken') ?? undefined, scope);
    const size = servedPageSize(request.behaviour, requested, issuePageCap(selection), issues.length);
    const page = issues.slice(offset, offset + size);
    const isLast = offset + page.length >= issues.length;
    const expand = queryList(query, 'expand') ?? [];
    return {
      status: 200,
      body: {
        expand: 'schema,names',
        issues: page.map((issue) => renderIssue(request.render, issue, selection, 'agile')),
        isLast,
        ...(isLast ? {} : { nextPageToken: request.tokens.issue(scope, offset + page.length) }),
        ...(expand.includes('names') ? { names: fieldNames(site, selection) } : {}),
        ...(expand.includes('schema') ? { schema: fieldSchemas(site, selection) } : {}),
      },
    };
  };
}

/** "Equivalent to counting the issues on all pages returned by" the list; from the index, so recent writes may lag. */
function approximateCount(list: IssueList): Route['handle'] {
  return (request) => ({ status: 200, body: { count: listIssues(request, list, request.index.issues(request.site, new Set())).length } });
}

function listNamed(template: string): IssueList {
  const list = ISSUE_LISTS.find((l) => l.template === template);
  if (!list) throw new Error(`no issue list ${template}`);
  return list;
}

export const softwareRoutes: Route[] = [
  { method: 'GET', pattern: /^\/rest\/software\/1\.0\/board\/(\d+)\/issue\/approximate-count$/, handle: approximateCount(listNamed('board/{boardId}/issue')) },
  { method: 'GET', pattern: /^\/rest\/software\/1\.0\/board\/(\d+)\/backlog\/approximate-count$/, handle: approximateCount(listNamed('board/{boardId}/backlog')) },
  ...ISSUE_LISTS.map((list): Route => ({ method: 'GET', pattern: new RegExp(`^/rest/software/1\\.0/${list.path}$`), handle: enhancedList(list) })),
];
