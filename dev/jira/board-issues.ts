import { JiraHttpError, compileOrReject, type ApiRequest } from './api';
import { canBrowseIssue, canViewBoard, visibleIssue } from './permissions';
import { issueTypeById, statusById, type Board, type Issue, type Site } from './site-model';

/**
 * The eight Jira Software issue lists (a board's issues, its backlog, a board's sprint, a sprint, a board's epic, a
 * board's issues without epic, an epic, issues without epic). Each is served at /rest/agile/1.0 (deprecated, startAt
 * paging) and at /rest/software/1.0 (enhanced, token paging); what belongs to the list is the same at both.
 */

export interface IssueList {
  /** The path after the API prefix, as a regular expression source whose groups are the path parameters. */
  path: string;
  /** The same, as Jira documents it: `board/{boardId}/issue`. */
  template: string;
  /** Checks the path parameters (404 / 400 as Jira answers) and returns what belongs to the list. */
  select(request: ApiRequest): (issue: Issue) => boolean;
}

/** A board the caller may see; Jira answers alike for one that does not exist. */
export function visibleBoard(request: ApiRequest): Board {
  const board = request.site.boards.get(Number(request.params[0]));
  if (!board || !canViewBoard(request.site, request.user, board)) {
    throw new JiraHttpError(404, ['Board does not exist or you do not have permission to see it.']);
  }
  return board;
}

/** Sprint lists of a kanban board are refused, as Jira refuses its sprint list. */
export function requireSprintSupport(board: Board): void {
  if (board.type !== 'scrum') throw new JiraHttpError(400, ['The board does not support sprints']);
}

/** What a board shows: issues the caller may browse, in a mapped status, matched by the board's filter and sub-query. */
function boardScope(request: ApiRequest, board: Board): (issue: Issue) => boolean {
  const { site, user } = request;
  const filter = compileOrReject(request, site.filters.get(board.filterId)?.jql ?? '', false);
  const subQuery = board.subQuery === null ? null : compileOrReject(request, board.subQuery, false);
  const mapped = new Set(board.columns.flatMap((c) => c.statusIds));
  return (issue) =>
    canBrowseIssue(site, user, issue) && mapped.has(issue.statusId) && filter.matches(issue) && (subQuery === null || subQuery.matches(issue));
}

function level(site: Site, issue: Issue): number {
  return issueTypeById(site, issue.issueTypeId).hierarchyLevel;
}

/** The issue's parent when that parent is an epic. */
function epicOf(site: Site, issue: Issue): Issue | undefined {
  const parent = issue.parentId === null ? undefined : site.issues.get(issue.parentId);
  return parent && level(site, parent) === 1 ? parent : undefined;
}

function sprintNotFound(): JiraHttpError {
  return new JiraHttpError(404, ['Sprint does not exist or you do not have permission to see it.']);
}

/** A sprint the caller may see: one on a board they can view. */
function visibleSprintId(request: ApiRequest, raw: string | undefined): number {
  const sprint = request.site.sprints.get(Number(raw));
  const board = sprint ? request.site.boards.get(sprint.originBoardId) : undefined;
  if (!sprint || !board || !canViewBoard(request.site, request.user, board)) throw sprintNotFound();
  return sprint.id;
}

/** An epic the caller may browse, by id or key. */
function visibleEpic(request: ApiRequest, idOrKey: string | undefined): Issue {
  const epic = visibleIssue(request.site, request.user, idOrKey ?? '');
  if (!epic || level(request.site, epic) !== 1) throw new JiraHttpError(404, ['Epic does not exist or you do not have permission to see it.']);
  return epic;
}

export const ISSUE_LISTS: readonly IssueList[] = [
  {
    path: 'board/(\\d+)/issue',
    template: 'board/{boardId}/issue',
    select(request) {
      const board = visibleBoard(request);
      const inScope = boardScope(request, board);
      // Epics live in a scrum board's epic panel, not on the board.
      return (issue) => inScope(issue) && (board.type === 'kanban' || level(request.site, issue) < 1);
    },
  },
  {
    path: 'board/(\\d+)/backlog',
    template: 'board/{boardId}/backlog',
    select(request) {
      const board = visibleBoard(request);
      const inScope = boardScope(request, board);
      const { site } = request;
      // "The backlog contains incomplete issues that are not assigned to any future or active sprint."
      return (issue) =>
        inScope(issue) &&
        level(site, issue) < 1 &&
        statusById(site, issue.statusId).category !== 'done' &&
        !issue.sprintIds.some((id) => site.sprints.get(id)?.state !== 'closed');
    },
  },
  {
    path: 'board/(\\d+)/sprint/(\\d+)/issue',
    template: 'board/{boardId}/sprint/{sprintId}/issue',
    select(request) {
      const board = visibleBoard(request);
      requireSprintSupport(board);
      const sprintId = Number(request.params[1]);
      if (!request.site.sprints.has(sprintId)) throw sprintNotFound();
      const inScope = boardScope(request, board);
      return (issue) => inScope(issue) && issue.sprintIds.includes(sprintId);
    },
  },
  {
    path: 'sprint/(\\d+)/issue',
    template: 'sprint/{sprintId}/issue',
    select(request) {
      const sprintId = visibleSprintId(request, request.params[0]);
      return (issue) => canBrowseIssue(request.site, request.user, issue) && issue.sprintIds.includes(sprintId);
    },
  },
  {
    path: 'board/(\\d+)/epic/none/issue',
    template: 'board/{boardId}/epic/none/issue',
    select(request) {
      const board = visibleBoard(request);
      const inScope = boardScope(request, board);
      return (issue) => inScope(issue) && level(request.site, issue) === 0 && epicOf(request.site, issue) === undefined;
    },
  },
  {
    path: 'board/(\\d+)/epic/(\\d+)/issue',
    template: 'board/{boardId}/epic/{epicId}/issue',
    select(request) {
      const board = visibleBoard(request);
      const epic = visibleEpic(request, request.params[1]);
      const inScope = boardScope(request, board);
      return (issue) => inScope(issue) && issue.parentId === epic.id;
    },
  },
  {
    path: 'epic/none/issue',
    template: 'epic/none/issue',
    select(request) {
      return (issue) =>
        canBrowseIssue(request.site, request.user, issue) && level(request.site, issue) === 0 && epicOf(request.site, issue) === undefined;
    },
  },
  {
    path: 'epic/(?!none/)([^/]+)/issue',
    template: 'epic/{epicIdOrKey}/issue',
    select(request) {
      const epic = visibleEpic(request, decodeURIComponent(request.params[0] ?? ''));
      return (issue) => canBrowseIssue(request.site, request.user, issue) && issue.parentId === epic.id;
    },
  },
];

/**
 * The list's issues among `candidates` (the site's, or the search index's), narrowed by the request's `jql` (compiled
 * as the caller) and ranked unless that JQL orders them.
 */
export function listIssues(request: ApiRequest, list: IssueList, candidates: readonly Issue[]): Issue[] {
  const belongs = list.select(request);
  const narrowed = compileOrReject(request, request.query.get('jql') ?? '');
  return narrowed.sort(
    candidates.filter((issue) => belongs(issue) && narrowed.matches(issue)),
    [{ field: 'rank', direction: 'ASC' }],
  );
}
