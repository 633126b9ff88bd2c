import { z } from 'zod';
import { userPageSchema } from '../contracts/jira-users';
import { endpointOf, JiraError, requestJson, requestNoContent, type JiraRequestInit, type Requester, type RetryPolicy } from './http';
import { boardConfigurationRead, GET_JSON, ISSUE_PAGE, issueListQuery, reconcileIds, sprintIssuesRead, sprintRead, type IssueListOptions, type JiraGet } from './board-reads';
import { jiraPath, type JiraPath } from './path';
import {
  approximateCountSchema,
  bulkFetchSchema,
  boardConfigurationSchema,
  boardPageSchema,
  boardSchema,
  changelogPageSchema,
  fieldListSchema,
  issueIdPageSchema,
  myPermissionsSchema,
  projectPageSchema,
  searchPageSchema,
  softwareIssuePageSchema,
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
 * The Jira REST calls KTLO Lens makes, with paging as Jira really behaves. Issue lists (search/jql and the enhanced
 * Jira Software lists under /rest/software/1.0, which replace the deprecated agile 1.0 issue lists) page by token:
 * each page is asked at the documented maximum, Jira grants what it will (large pages of ids, small pages with
 * fields) and the walk follows `nextPageToken` until `isLast` or no token. Boards and sprints keep offset pages whose
 * size is whatever the server granted (read back from each response's `maxResults`), until `isLast` or an empty page;
 * when a response carries `total`, the remaining pages are fetched a few at a time.
 */

/** Concurrent page requests when Jira tells the total: enough to hide latency, few enough to spare the rate limit. */
const PAGE_CONCURRENCY = 4;
const AGILE_PAGE = 50;
/** Jira's limits for one changelog bulk fetch: issues, fields, and histories a page. */
const CHANGELOG_ISSUES = 1000;
const CHANGELOG_FIELDS = 10;
const CHANGELOG_PAGE = 10_000;
/** The fewest issues a spread changelog call asks for: below it, one more call costs more than it saves. */
const SPREAD_CHANGELOG_ISSUES = 100;
/** Jira's limit for one issue bulk fetch ("By default you can request up to 100 issues in a single call"). */
const BULK_FETCH_ISSUES = 100;
/** Bulk fetches in flight at once: a 1,000-issue sprint in one round trip. */
const BULK_CONCURRENCY = 10;
/** project/search pages hold up to 100 projects; `keys` a request are kept to a page. */
const PROJECT_KEYS_PER_REQUEST = 50;
const USERS_PER_REQUEST = 50;

interface OffsetPage<T> {
  startAt: number;
  maxResults: number;
  total?: number | undefined;
  isLast?: boolean | undefined;
  items: T[];
}

interface TokenPage<T> {
  nextPageToken?: string | null | undefined;
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

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
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

/**
 * All items of a token-paged list (or the first `limit`). Tokens expire: when Jira refuses one (400), the walk starts
 * over once, and a second refusal is an error, so the caller never gets a list with a gap or a page twice. A token
 * Jira hands out twice would loop forever and is an error too.
 */
async function allTokenPages<T>(endpoint: string, fetchPage: (token: string | undefined) => Promise<TokenPage<T>>, limit = Number.POSITIVE_INFINITY): Promise<T[]> {
  let restarted = false;
  for (;;) {
    const items: T[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    try {
      for (;;) {
        const page = await fetchPage(token);
        items.push(...page.items);
        const next = page.nextPageToken ?? undefined;
        if (page.isLast === true || next === undefined || next === '' || items.length >= limit) return items.slice(0, limit);
        if (seen.has(next)) throw new JiraError('INVALID_RESPONSE', endpoint, 'Jira sent the same page token twice');
        seen.add(next);
        token = next;
      }
    } catch (e) {
      const tokenRefused = token !== undefined && e instanceof JiraError && e.code === 'BAD_REQUEST';
      if (!tokenRefused) throw e;
      if (restarted) throw new JiraError('JIRA_UNAVAILABLE', e.endpoint, `Jira refused its own page token again after starting the list over (${e.detail})`, { status: e.status });
      restarted = true;
    }
  }
}

export interface SearchResult {
  issues: RawIssue[];
  names: Record<string, string>;
}

export type PermissionScope = { projectKey: string } | { issueKey: string } | Record<string, never>;

export class JiraClient {
  /**
   * The first answer Jira sent that could not be read (not JSON, or not the shape it promises). Like a request that
   * gave up (http.ts), it makes this client's piece of work an error, so requests running beside it (a bulk fetch
   * next to a changelog walk) send nothing more behind an answer that is already an error.
   */
  private unreadable: JiraError | null = null;

  constructor(
    private readonly requester: Requester,
    private readonly policy: RetryPolicy,
  ) {}

  private async request<T>(path: JiraPath, init: JiraRequestInit, schema: z.ZodType<T>): Promise<T> {
    if (this.unreadable) throw new JiraError('INVALID_RESPONSE', endpointOf(path), `not sent: an earlier answer could not be read (${this.unreadable.message})`);
    try {
      return await requestJson(this.requester, path, init, schema, this.policy);
    } catch (e) {
      if (e instanceof JiraError && e.code === 'INVALID_RESPONSE') this.unreadable ??= e;
      throw e;
    }
  }

  private get<T>(path: JiraPath, schema: z.ZodType<T>): Promise<T> {
    return this.request(path, GET_JSON, schema);
  }

  private read<T>({ path, init }: JiraGet, schema: z.ZodType<T>): Promise<T> {
    return this.request(path, init, schema);
  }

  private post<T>(path: JiraPath, body: unknown, schema: z.ZodType<T>): Promise<T> {
    return this.request(path, { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, schema);
  }

  /** Issues matching `jql` with the named fields (search/jql returns only ids unless fields are named). `limit` stops early. */
  async search(jql: string, fields: readonly string[], opts: { limit?: number; names?: boolean; reconcile?: readonly string[] } = {}): Promise<SearchResult> {
    let names: Record<string, string> = {};
    const limit = opts.limit ?? Number.POSITIVE_INFINITY;
    const reconcileIssues = reconcileIds(opts.reconcile);
    let read = 0;
    const issues = await allTokenPages(
      '/rest/api/3/search/jql',
      async (nextPageToken) => {
        const body = {
          jql,
          fields,
          maxResults: Math.min(ISSUE_PAGE, limit - read),
          ...(opts.names ? { expand: 'names' } : {}),
          ...(reconcileIssues.length > 0 ? { reconcileIssues } : {}),
          ...(nextPageToken ? { nextPageToken } : {}),
        };
        if (nextPageToken === undefined) {
          names = {};
          read = 0;
        }
        const page = await this.post(jiraPath`/rest/api/3/search/jql`, body, searchPageSchema);
        names = { ...names, ...page.names };
        read += page.issues.length;
        return { ...page, items: page.issues };
      },
      limit,
    );
    return { issues, names };
  }

  /** Boards of a project, with `canEdit` for the caller. */
  async boards(projectKeyOrId: string): Promise<Board[]> {
    try {
      return await allOffsetPages(async (startAt) => {
        const q = new URLSearchParams({ projectKeyOrId, expand: 'permission', startAt: String(startAt), maxResults: String(AGILE_PAGE) });
        const page = await this.get(jiraPath`/rest/agile/1.0/board?${q}`, boardPageSchema);
        return { ...page, items: page.values };
      });
    } catch (e) {
      // Jira answers 400 ("No project could be found") for a project the caller may not browse, as for one that does
      // not exist: for the caller it is not found, not a malformed request.
      if (e instanceof JiraError && e.code === 'BAD_REQUEST') throw new JiraError('NOT_FOUND', e.endpoint, `no project ${projectKeyOrId} that you can see`);
      throw e;
    }
  }

  /** Which of `keys` name projects the caller may see (Jira leaves out the others, whether missing or hidden). */
  async visibleProjectKeys(keys: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const chunk of chunks(keys, PROJECT_KEYS_PER_REQUEST)) {
      const projects = await allOffsetPages(async (startAt) => {
        const q = new URLSearchParams({ startAt: String(startAt), maxResults: String(PROJECT_KEYS_PER_REQUEST) });
        for (const key of chunk) q.append('keys', key);
        const page = await this.get(jiraPath`/rest/api/3/project/search?${q}`, projectPageSchema);
        return { ...page, items: page.values };
      });
      for (const p of projects) found.add(p.key);
    }
    return found;
  }

  /** Display names of the accounts, as the caller may see them; accounts Jira does not return are left out. */
  async displayNames(accountIds: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const chunk of chunks(accountIds, USERS_PER_REQUEST)) {
      const q = new URLSearchParams({ maxResults: String(chunk.length) });
      for (const id of chunk) q.append('accountId', id);
      const page = await this.get(jiraPath`/rest/api/3/user/bulk?${q}`, userPageSchema);
      for (const u of page.values) if (u.displayName !== undefined) names.set(u.accountId, u.displayName);
    }
    return names;
  }

  board(boardId: number): Promise<Board> {
    return this.get(jiraPath`/rest/agile/1.0/board/${boardId}`, boardSchema);
  }

  boardConfiguration(boardId: number): Promise<BoardConfiguration> {
    return this.read(boardConfigurationRead(boardId), boardConfigurationSchema);
  }

  sprint(sprintId: number): Promise<Sprint> {
    return this.read(sprintRead(sprintId), sprintSchema);
  }

  sprints(boardId: number, states: ReadonlyArray<Sprint['state']>): Promise<Sprint[]> {
    return allOffsetPages(async (startAt) => {
      const q = new URLSearchParams({ state: states.join(','), startAt: String(startAt), maxResults: String(AGILE_PAGE) });
      const page = await this.get(jiraPath`/rest/agile/1.0/board/${boardId}/sprint?${q}`, sprintPageSchema);
      return { ...page, items: page.values };
    });
  }

  /** The issues the board shows for a sprint (its filter and sub-query applied), in rank order, with the named fields. */
  sprintIssues(boardId: number, sprintId: number, fields: readonly string[], opts: IssueListOptions = {}): Promise<RawIssue[]> {
    return allTokenPages('/rest/software/1.0/board/{boardId}/sprint/{sprintId}/issue', async (token) => {
      const page = await this.read(sprintIssuesRead(boardId, sprintId, fields, opts, token), softwareIssuePageSchema);
      return { ...page, items: page.issues };
    });
  }

  /** Ids of the same list, in rank order: ids-only pages are the largest Jira serves. */
  sprintIssueIds(boardId: number, sprintId: number, opts: IssueListOptions = {}): Promise<string[]> {
    return allTokenPages('/rest/software/1.0/board/{boardId}/sprint/{sprintId}/issue', async (token) => {
      const page = await this.read(sprintIssuesRead(boardId, sprintId, ['id'], opts, token), issueIdPageSchema);
      return { ...page, items: page.issues.map((i) => i.id) };
    });
  }

  /** The issues on a board (mapped to its columns, its filter and sub-query applied), in rank order, with the named fields. */
  boardIssues(boardId: number, fields: readonly string[], opts: IssueListOptions = {}): Promise<RawIssue[]> {
    return allTokenPages('/rest/software/1.0/board/{boardId}/issue', async (token) => {
      const q = issueListQuery(fields, opts, token);
      const page = await this.get(jiraPath`/rest/software/1.0/board/${boardId}/issue?${q}`, softwareIssuePageSchema);
      return { ...page, items: page.issues };
    });
  }

  /** Ids of the same list, in rank order. */
  boardIssueIds(boardId: number, opts: IssueListOptions = {}): Promise<string[]> {
    return allTokenPages('/rest/software/1.0/board/{boardId}/issue', async (token) => {
      const q = issueListQuery(['id'], opts, token);
      const page = await this.get(jiraPath`/rest/software/1.0/board/${boardId}/issue?${q}`, issueIdPageSchema);
      return { ...page, items: page.issues.map((i) => i.id) };
    });
  }

  /** How many of the board's issues match `jql`: Jira's approximate count (an edit of the last moments may be missing). */
  async boardIssueCount(boardId: number, jql: string): Promise<number> {
    const q = new URLSearchParams({ jql });
    return (await this.get(jiraPath`/rest/software/1.0/board/${boardId}/issue/approximate-count?${q}`, approximateCountSchema)).count;
  }

  /**
   * The named fields of many issues, in the order of `ids`, through issue bulk fetch (100 a call, several calls at
   * once). Issues that no longer exist or that the caller may not see are left out, as Jira leaves them out; an issue
   * Jira could not serve now (`issueErrors`) makes the whole read an error rather than a list with a hole.
   * `onPage` sees each call's issues as it is answered once every call is sent (a view normalises and classifies them
   * while the other calls are on their way; a page answered before the last call went waits for it).
   */
  async issuesById(ids: readonly string[], fields: readonly string[], onPage?: (issues: readonly RawIssue[]) => void): Promise<RawIssue[]> {
    const calls = chunks(ids, BULK_FETCH_ISSUES);
    let sent = 0;
    // Pages answered while calls are still to be sent wait until the last is sent: seeing a page must not hold the next call.
    const held: RawIssue[][] = [];
    const see = (issues: RawIssue[]): void => {
      if (!onPage) return;
      if (sent < calls.length) {
        held.push(issues);
        return;
      }
      for (const page of held.splice(0)) onPage(page);
      onPage(issues);
    };
    const pages = await mapLimited(calls, BULK_CONCURRENCY, async (issueIdsOrKeys) => {
      sent += 1;
      const page = await this.post(jiraPath`/rest/api/3/issue/bulkfetch`, { issueIdsOrKeys, fields, fieldsByKeys: false }, bulkFetchSchema);
      const errors = page.issueErrors ?? [];
      if (errors.length > 0) {
        const first = errors[0];
        throw new JiraError('JIRA_UNAVAILABLE', '/rest/api/3/issue/bulkfetch', `Jira could not return ${errors.length} issue${errors.length === 1 ? '' : 's'} (${first?.id ?? '?'}: ${first?.errorMessage ?? 'no reason given'})`);
      }
      see(page.issues);
      return page.issues;
    });
    const byId = new Map(pages.flat().map((issue) => [issue.id, issue]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  fields(): Promise<Field[]> {
    return this.get(jiraPath`/rest/api/3/field`, fieldListSchema);
  }

  /** Status id -> status category key ('new' | 'indeterminate' | 'done'), for reading status history. */
  async statusCategories(): Promise<Map<string, string>> {
    const statuses = await this.get(jiraPath`/rest/api/3/status`, z.array(statusSchema));
    return new Map(statuses.map((s) => [s.id, s.statusCategory.key]));
  }

  /** Which of `permissions` the caller holds, globally or on one project or issue. */
  async myPermissions(permissions: readonly string[], scope: PermissionScope): Promise<Record<string, boolean>> {
    const q = new URLSearchParams({ permissions: permissions.join(','), ...scope });
    const body = await this.get(jiraPath`/rest/api/3/mypermissions?${q}`, myPermissionsSchema);
    return Object.fromEntries(permissions.map((p) => [p, body.permissions[p]?.havePermission === true]));
  }

  /**
   * Change histories of the given fields for many issues, in Jira's bulk calls (1,000 issues and 10 fields each, a few
   * at once). `spread`: as many calls as go at once (down to SPREAD_CHANGELOG_ISSUES issues a call), for a reader that
   * waits for the answer: smaller answers are built, sent and read beside the others instead of one large one last.
   * Points stay what the histories cost, plus 1 a call.
   */
  async changelogs(issueIds: readonly string[], fieldIds: readonly string[], spread = false): Promise<Map<string, ChangeHistory[]>> {
    if (fieldIds.length > CHANGELOG_FIELDS) throw new JiraError('BAD_REQUEST', '/rest/api/3/changelog/bulkfetch', `at most ${CHANGELOG_FIELDS} fields`);
    const perCall = spread ? Math.min(CHANGELOG_ISSUES, Math.max(SPREAD_CHANGELOG_ISSUES, Math.ceil(issueIds.length / PAGE_CONCURRENCY))) : CHANGELOG_ISSUES;
    const logs = await mapLimited(chunks(issueIds, perCall), PAGE_CONCURRENCY, (chunk) =>
      allTokenPages('/rest/api/3/changelog/bulkfetch', async (nextPageToken) => {
        const body = { issueIdsOrKeys: chunk, fieldIds, maxResults: CHANGELOG_PAGE, ...(nextPageToken ? { nextPageToken } : {}) };
        const page = await this.post(jiraPath`/rest/api/3/changelog/bulkfetch`, body, changelogPageSchema);
        return { nextPageToken: page.nextPageToken, items: page.issueChangeLogs };
      }),
    );
    const out = new Map<string, ChangeHistory[]>();
    for (const log of logs.flat()) out.set(log.issueId, [...(out.get(log.issueId) ?? []), ...log.changeHistories]);
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
      jiraPath`/rest/api/3/app/field/value?generateChangelog=false`,
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ updates }) },
      this.policy,
    );
  }
}
