import { route, type Route } from '@forge/api';
import { z } from 'zod';
import { JiraError, requestJson, requestNoContent, type Requester, type RetryPolicy } from './http';
import {
  agileIssuePageSchema,
  bulkFetchSchema,
  boardConfigurationSchema,
  boardPageSchema,
  boardSchema,
  changelogPageSchema,
  fieldListSchema,
  myPermissionsSchema,
  searchPageSchema,
  sprintPageSchema,
  sprintSchema,
  statusSchema,
  type Board,
  type BoardConfiguration,
  type ChangeHistory,
  type Field,
  type RawIssue,
  type Sprint,
} from './schemas';

/**
 * The Jira REST calls KTLO Lens makes, with paging as Jira really behaves: token pages for issue search, offset pages
 * for the agile API whose page size is whatever the server granted (read back from each response's `maxResults`),
 * until `isLast` or an empty page. When a response carries `total`, the remaining pages are fetched a few at a time.
 */

/** Concurrent page requests when Jira tells the total: enough to hide latency, few enough to spare the rate limit. */
const PAGE_CONCURRENCY = 4;
const SEARCH_PAGE = 100;
const AGILE_PAGE = 50;
/** Jira's limits for one changelog bulk fetch. */
const CHANGELOG_ISSUES = 1000;
const CHANGELOG_FIELDS = 10;
/** Jira's limit for one issue bulk fetch. */
const BULK_FETCH_ISSUES = 100;

interface OffsetPage<T> {
  startAt: number;
  maxResults: number;
  total?: number | undefined;
  isLast?: boolean | undefined;
  items: T[];
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  // Once one item has failed the whole result is an error: the other workers take no further items.
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      const i = next++;
      const item = items[i];
      try {
        if (item !== undefined) out[i] = await fn(item);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** All items of an offset-paged agile list. */
async function allOffsetPages<T>(fetchPage: (startAt: number) => Promise<OffsetPage<T>>): Promise<T[]> {
  const first = await fetchPage(0);
  const items = [...first.items];
  const size = first.maxResults > 0 ? first.maxResults : first.items.length;
  if (first.isLast === true || first.items.length === 0 || size === 0) return items;
  if (first.total !== undefined) {
    const starts: number[] = [];
    for (let s = first.startAt + size; s < first.total; s += size) starts.push(s);
    const pages = await mapLimited(starts, PAGE_CONCURRENCY, fetchPage);
    for (const page of pages) items.push(...page.items);
    return items;
  }
  let startAt = first.startAt + first.items.length;
  for (;;) {
    const page = await fetchPage(startAt);
    items.push(...page.items);
    if (page.isLast === true || page.items.length === 0) return items;
    startAt = page.startAt + page.items.length;
  }
}

export interface SearchResult {
  issues: RawIssue[];
  names: Record<string, string>;
}

export type PermissionScope = { projectKey: string } | { issueKey: string } | Record<string, never>;

export class JiraClient {
  constructor(
    private readonly requester: Requester,
    private readonly policy: RetryPolicy,
  ) {}

  private get<T>(path: Route, schema: z.ZodType<T>): Promise<T> {
    return requestJson(this.requester, path, { method: 'GET', headers: { Accept: 'application/json' } }, schema, this.policy);
  }

  private post<T>(path: Route, body: unknown, schema: z.ZodType<T>): Promise<T> {
    return requestJson(
      this.requester,
      path,
      { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
      schema,
      this.policy,
    );
  }

  /** Issues matching `jql` with the named fields (search/jql returns only ids unless fields are named). `limit` stops early. */
  async search(jql: string, fields: readonly string[], opts: { limit?: number; names?: boolean } = {}): Promise<SearchResult> {
    const issues: RawIssue[] = [];
    let names: Record<string, string> = {};
    let nextPageToken: string | undefined;
    const limit = opts.limit ?? Number.POSITIVE_INFINITY;
    for (;;) {
      const body = {
        jql,
        fields,
        maxResults: Math.min(SEARCH_PAGE, limit - issues.length),
        ...(opts.names ? { expand: 'names' } : {}),
        ...(nextPageToken ? { nextPageToken } : {}),
      };
      const page = await this.post(route`/rest/api/3/search/jql`, body, searchPageSchema);
      issues.push(...page.issues);
      names = { ...names, ...page.names };
      if (page.isLast === true || !page.nextPageToken || page.issues.length === 0 || issues.length >= limit) {
        return { issues: issues.slice(0, limit), names };
      }
      nextPageToken = page.nextPageToken;
    }
  }

  /** Boards of a project, with `canEdit` for the caller. */
  async boards(projectKeyOrId: string): Promise<Board[]> {
    try {
      return await allOffsetPages(async (startAt) => {
        const q = new URLSearchParams({ projectKeyOrId, expand: 'permission', startAt: String(startAt), maxResults: String(AGILE_PAGE) });
        const page = await this.get(route`/rest/agile/1.0/board?${q}`, boardPageSchema);
        return { ...page, items: page.values };
      });
    } catch (e) {
      // Jira answers 400 ("No project could be found") for a project the caller may not browse, as for one that does
      // not exist: for the caller it is not found, not a malformed request.
      if (e instanceof JiraError && e.code === 'BAD_REQUEST') throw new JiraError('NOT_FOUND', e.endpoint, `no project ${projectKeyOrId} that you can see`);
      throw e;
    }
  }

  board(boardId: number): Promise<Board> {
    return this.get(route`/rest/agile/1.0/board/${boardId}`, boardSchema);
  }

  boardConfiguration(boardId: number): Promise<BoardConfiguration> {
    return this.get(route`/rest/agile/1.0/board/${boardId}/configuration`, boardConfigurationSchema);
  }

  sprint(sprintId: number): Promise<Sprint> {
    return this.get(route`/rest/agile/1.0/sprint/${sprintId}`, sprintSchema);
  }

  sprints(boardId: number, states: ReadonlyArray<Sprint['state']>): Promise<Sprint[]> {
    return allOffsetPages(async (startAt) => {
      const q = new URLSearchParams({ state: states.join(','), startAt: String(startAt), maxResults: String(AGILE_PAGE) });
      const page = await this.get(route`/rest/agile/1.0/board/${boardId}/sprint?${q}`, sprintPageSchema);
      return { ...page, items: page.values };
    });
  }

  /** The issues the board shows for a sprint (its filter and sub-query applied), in the agile shape. */
  sprintIssues(boardId: number, sprintId: number, fields: readonly string[]): Promise<RawIssue[]> {
    return allOffsetPages(async (startAt) => {
      const q = new URLSearchParams({ fields: fields.join(','), startAt: String(startAt), maxResults: String(AGILE_PAGE) });
      const page = await this.get(route`/rest/agile/1.0/board/${boardId}/sprint/${sprintId}/issue?${q}`, agileIssuePageSchema);
      return { ...page, items: page.issues };
    });
  }

  /** All issues of a board (Kanban), optionally narrowed by JQL. */
  boardIssues(boardId: number, fields: readonly string[], jql?: string): Promise<RawIssue[]> {
    return allOffsetPages(async (startAt) => {
      const q = new URLSearchParams({ fields: fields.join(','), startAt: String(startAt), maxResults: String(AGILE_PAGE), ...(jql ? { jql } : {}) });
      const page = await this.get(route`/rest/agile/1.0/board/${boardId}/issue?${q}`, agileIssuePageSchema);
      return { ...page, items: page.issues };
    });
  }

  fields(): Promise<Field[]> {
    return this.get(route`/rest/api/3/field`, fieldListSchema);
  }

  /** Status id -> status category key ('new' | 'indeterminate' | 'done'), for reading status history. */
  async statusCategories(): Promise<Map<string, string>> {
    const statuses = await this.get(route`/rest/api/3/status`, z.array(statusSchema));
    return new Map(statuses.map((s) => [s.id, s.statusCategory.key]));
  }

  /** Which of `permissions` the caller holds, globally or on one project or issue. */
  async myPermissions(permissions: readonly string[], scope: PermissionScope): Promise<Record<string, boolean>> {
    const q = new URLSearchParams({ permissions: permissions.join(','), ...scope });
    const body = await this.get(route`/rest/api/3/mypermissions?${q}`, myPermissionsSchema);
    return Object.fromEntries(permissions.map((p) => [p, body.permissions[p]?.havePermission === true]));
  }

  /**
   * The issues of `issueIds` that the caller may browse, where they are now (key and project follow a move), with
   * the named fields; the ones that do not exist or that the caller cannot see are simply absent. Issues Jira could
   * not return this time (`issueErrors`) fail the call rather than go missing from the answer.
   */
  async issuesById(issueIds: readonly string[], fields: readonly string[]): Promise<RawIssue[]> {
    const out: RawIssue[] = [];
    for (let i = 0; i < issueIds.length; i += BULK_FETCH_ISSUES) {
      const body = { issueIdsOrKeys: issueIds.slice(i, i + BULK_FETCH_ISSUES), fields };
      const page = await this.post(route`/rest/api/3/issue/bulkfetch`, body, bulkFetchSchema);
      const [failed] = page.issueErrors ?? [];
      if (failed) throw new JiraError('JIRA_UNAVAILABLE', '/rest/api/3/issue/bulkfetch', `issue ${failed.id ?? '?'} could not be read: ${failed.errorMessage ?? 'no reason given'}`);
      out.push(...page.issues);
    }
    return out;
  }

  /** Change histories of the given fields for many issues, in Jira's bulk calls (1,000 issues, 10 fields each). */
  async changelogs(issueIds: readonly string[], fieldIds: readonly string[]): Promise<Map<string, ChangeHistory[]>> {
    if (fieldIds.length > CHANGELOG_FIELDS) throw new JiraError('BAD_REQUEST', '/rest/api/3/changelog/bulkfetch', `at most ${CHANGELOG_FIELDS} fields`);
    const out = new Map<string, ChangeHistory[]>();
    for (let i = 0; i < issueIds.length; i += CHANGELOG_ISSUES) {
      const chunk = issueIds.slice(i, i + CHANGELOG_ISSUES);
      let nextPageToken: string | undefined;
      do {
        const body = { issueIdsOrKeys: chunk, fieldIds, maxResults: 1000, ...(nextPageToken ? { nextPageToken } : {}) };
        const page = await this.post(route`/rest/api/3/changelog/bulkfetch`, body, changelogPageSchema);
        for (const log of page.issueChangeLogs) out.set(log.issueId, [...(out.get(log.issueId) ?? []), ...log.changeHistories]);
        nextPageToken = page.nextPageToken ?? undefined;
      } while (nextPageToken);
    }
    return out;
  }

  /**
   * Sets an app-owned custom field on many issues in one call per value, without a changelog entry (the value is
   * derived, and changelog entries would fire other apps' automation).
   */
  async setAppFieldValues(fieldIdOrKey: string, byValue: ReadonlyMap<string, readonly number[]>): Promise<void> {
    const updates = [...byValue].filter(([, ids]) => ids.length > 0).map(([value, issueIds]) => ({ customField: fieldIdOrKey, issueIds, value }));
    if (updates.length === 0) return;
    await requestNoContent(
      this.requester,
      route`/rest/api/3/app/field/value?generateChangelog=false`,
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ updates }) },
      this.policy,
    );
  }
}
