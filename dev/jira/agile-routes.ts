import { JiraHttpError, queryInt, queryList, type ApiRequest, type ApiResponse, type Route } from './api';
import { ISSUE_LISTS, listIssues, requireSprintSupport, visibleBoard, type IssueList } from './board-issues';
import { RANK_FIELD_ID } from './field-catalogue';
import { agileEpicJson, agileSprintJson, parseFieldSelection, renderIssue } from './issue-json';
import { agilePage, type AgilePage } from './paging';
import { canBrowseIssue, canEditBoard, canViewBoard, visibleProject } from './permissions';
import { issueTypeById, type Board, type Json, type SprintState } from './site-model';

/**
 * The Jira Software agile 1.0 endpoints: boards, their configuration, sprints, epics, and the deprecated issue lists
 * (410 Gone unless `behaviour.agileIssueLists` is 'served'). Lists page with startAt / maxResults and the server caps
 * maxResults at 50, reporting the size it used.
 */

function boardJson(request: ApiRequest, board: Board, expand: readonly string[]): Json {
  const { site, render, user } = request;
  const project = site.projects.get(board.projectKey);
  const location: Json = project
    ? {
        projectId: Number(project.id),
        displayName: `${project.name} (${project.key})`,
        projectName: project.name,
        projectKey: project.key,
        projectTypeKey: 'software',
        avatarURI: `${render.baseUrl}/secure/projectavatar?size=small&pid=${project.id}`,
        name: `${project.name} (${project.key})`,
      }
    : {};
  const admins = [...board.admins].flatMap((id) => {
    const admin = site.users.get(id);
    return admin ? [admin] : [];
  });
  return {
    id: board.id,
    self: `${render.baseUrl}/rest/agile/1.0/board/${board.id}`,
    name: board.name,
    type: board.type,
    location,
    isPrivate: false,
    // The docs name the expansion `permissions`; clients also send `permission`, which Jira accepts.
    ...(expand.includes('permission') || expand.includes('permissions') ? { canEdit: canEditBoard(site, user, board) } : {}),
    ...(expand.includes('admins')
      ? {
          admins: {
            users: admins.map((a) => ({
              self: `${render.baseUrl}/rest/api/3/user?accountId=${encodeURIComponent(a.accountId)}`,
              accountId: a.accountId,
              displayName: a.displayName,
              active: true,
            })),
            groups: [],
          },
        }
      : {}),
  };
}

function pageBody(page: AgilePage<Json>, withTotal: boolean, listName: 'values' | 'issues'): Record<string, Json> {
  return {
    maxResults: page.maxResults,
    startAt: page.startAt,
    ...(withTotal ? { total: page.total } : {}),
    isLast: page.isLast,
    [listName]: page.items,
  };
}

function listBoards(request: ApiRequest): ApiResponse {
  const { query, site, user } = request;
  const types = queryList(query, 'type');
  const name = query.get('name')?.toLowerCase();
  const filterId = query.get('filterId');
  const projectKeyOrId = query.get('projectKeyOrId');
  const project = projectKeyOrId ? visibleProject(site, user, projectKeyOrId) : undefined;
  if (projectKeyOrId && !project) throw new JiraHttpError(400, [`No project could be found with key or id '${projectKeyOrId}'.`]);
  const expand = queryList(query, 'expand') ?? [];
  const orderBy = query.get('orderBy');
  const boards = [...site.boards.values()].filter(
    (b) =>
      canViewBoard(site, user, b) &&
      (types === undefined || types.includes(b.type)) &&
      (name === undefined || b.name.toLowerCase().includes(name)) &&
      (filterId === null || String(b.filterId) === filterId) &&
      (project === undefined || b.projectKey === project.key),
  );
  if (orderBy) {
    const descending = orderBy.startsWith('-');
    boards.sort((a, b) => (descending ? -1 : 1) * a.name.localeCompare(b.name));
  }
  const page = agilePage(
    request.behaviour,
    boards.map((b) => boardJson(request, b, expand)),
    queryInt(query, 'startAt', 0),
    queryInt(query, 'maxResults', 50),
  );
  return { status: 200, body: pageBody(page, true, 'values') };
}

function getBoard(request: ApiRequest): ApiResponse {
  return { status: 200, body: boardJson(request, visibleBoard(request), []) };
}

function boardConfiguration(request: ApiRequest): ApiResponse {
  const board = visibleBoard(request);
  const { site, render } = request;
  const project = site.projects.get(board.projectKey);
  const estimation = (): Json => {
    if (board.estimation === null) return null;
    if (board.estimation.type !== 'field') return { type: board.estimation.type };
    const fieldId = board.estimation.fieldId;
    const field = site.fields.find((f) => f.id === fieldId);
    return { type: 'field', field: { fieldId, displayName: field?.name ?? fieldId } };
  };
  const constrained = board.columns.some((c) => c.min !== undefined || c.max !== undefined);
  return {
    status: 200,
    body: {
      id: board.id,
      name: board.name,
      type: board.type,
      self: `${render.baseUrl}/rest/agile/1.0/board/${board.id}/configuration`,
      location: project
        ? { type: 'project', key: project.key, id: project.id, self: `${render.baseUrl}/rest/api/3/project/${project.id}`, name: project.name }
        : { type: 'user' },
      filter: { id: String(board.filterId), self: `${render.baseUrl}/rest/api/3/filter/${board.filterId}` },
      ...(board.subQuery === null ? {} : { subQuery: { query: board.subQuery } }),
      columnConfig: {
        columns: board.columns.map((c) => ({
          name: c.name,
          statuses: c.statusIds.map((id) => ({ id, self: `${render.baseUrl}/rest/api/3/status/${id}` })),
          ...(c.min === undefined ? {} : { min: c.min }),
          ...(c.max === undefined ? {} : { max: c.max }),
        })),
        constraintType: constrained ? 'issueCount' : 'none',
      },
      ...(board.estimation === null ? {} : { estimation: estimation() }),
      ranking: { rankCustomFieldId: Number(RANK_FIELD_ID.replace('customfield_', '')) },
    },
  };
}

const SPRINT_STATES: readonly SprintState[] = ['closed', 'active', 'future'];

function listSprints(request: ApiRequest): ApiResponse {
  const board = visibleBoard(request);
  requireSprintSupport(board);
  const states = queryList(request.query, 'state') ?? [...SPRINT_STATES];
  const invalid = states.filter((s) => !SPRINT_STATES.some((known) => known === s));
  if (invalid.length > 0) throw new JiraHttpError(400, [`Invalid sprint state: ${invalid.join(', ')}. Valid values: future, active, closed.`]);
  // Jira orders by state (closed, active, future), then by position in the backlog.
  const sprints = [...request.site.sprints.values()]
    .filter((s) => s.originBoardId === board.id && states.includes(s.state))
    .sort((a, b) => SPRINT_STATES.indexOf(a.state) - SPRINT_STATES.indexOf(b.state) || a.id - b.id);
  const page = agilePage(
    request.behaviour,
    sprints.map((s) => agileSprintJson(request.render, s)),
    queryInt(request.query, 'startAt', 0),
    queryInt(request.query, 'maxResults', 50),
  );
  return { status: 200, body: pageBody(page, true, 'values') };
}

/** One sprint, for whoever may see the board it belongs to. */
function getSprint(request: ApiRequest): ApiResponse {
  const sprint = request.site.sprints.get(Number(request.params[0]));
  const board = sprint ? request.site.boards.get(sprint.originBoardId) : undefined;
  if (!sprint || !board || !canViewBoard(request.site, request.user, board)) {
    throw new JiraHttpError(404, ['Sprint does not exist or you do not have permission to see it.']);
  }
  return { status: 200, body: agileSprintJson(request.render, sprint) };
}

/** An agile 1.0 issue list: a 410 while it is gone (the default), else served with startAt paging. */
function agileIssueList(list: IssueList): Route['handle'] {
  return (request) => {
    if (request.behaviour.agileIssueLists === 'gone') {
      throw new JiraHttpError(410, [
        `The requested API has been removed. Please migrate to the /rest/software/1.0/${list.template} API. See the Jira Software changelog at https://developer.atlassian.com/cloud/jira/software/changelog/.`,
      ]);
    }
    const { query, site } = request;
    const issues = listIssues(request, list, [...site.issues.values()]);
    const selection = parseFieldSelection(site, queryList(query, 'fields'), 'agile');
    const page = agilePage(request.behaviour, issues, queryInt(query, 'startAt', 0), queryInt(query, 'maxResults', 50));
    const rendered = { ...page, items: page.items.map((issue) => renderIssue(request.render, issue, selection, 'agile')) };
    return { status: 200, body: { expand: 'schema,names', ...pageBody(rendered, !request.faults.omitIssueTotals, 'issues') } };
  };
}

/** A board's epics (not deprecated): the epics of the board's project the caller may browse. */
function listEpics(request: ApiRequest): ApiResponse {
  const board = visibleBoard(request);
  const { site, user, query } = request;
  const epics = [...site.issues.values()]
    .filter((i) => i.projectKey === board.projectKey && issueTypeById(site, i.issueTypeId).hierarchyLevel === 1 && canBrowseIssue(site, user, i))
    .map((epic) => agileEpicJson(request.render, epic));
  const page = agilePage(request.behaviour, epics, queryInt(query, 'startAt', 0), queryInt(query, 'maxResults', 50));
  return { status: 200, body: pageBody(page, true, 'values') };
}

export const agileRoutes: Route[] = [
  { method: 'GET', pattern: /^\/rest\/agile\/1\.0\/board$/, handle: listBoards },
  { method: 'GET', pattern: /^\/rest\/agile\/1\.0\/board\/(\d+)$/, handle: getBoard },
  { method: 'GET', pattern: /^\/rest\/agile\/1\.0\/board\/(\d+)\/configuration$/, handle: boardConfiguration },
  { method: 'GET', pattern: /^\/rest\/agile\/1\.0\/board\/(\d+)\/sprint$/, handle: listSprints },
  { method: 'GET', pattern: /^\/rest\/agile\/1\.0\/board\/(\d+)\/epic$/, handle: listEpics },
  { method: 'GET', pattern: /^\/rest\/agile\/1\.0\/sprint\/(\d+)$/, handle: getSprint },
  ...ISSUE_LISTS.map((list): Route => ({ method: 'GET', pattern: new RegExp(`^/rest/agile/1\\.0/${list.path}$`), handle: agileIssueList(list) })),
];
