/**
 * Walks a Jira site as a user of jira.js (a current, widely used client library) would: boards, configuration, sprints,
 * every enhanced issue list followed page by page through nextPageToken, the approximate counts, epics, enhanced JQL
 * search with the JQL such clients commonly send, one issue and a bulk fetch. jira.js validates every response against
 * its own schemas ('throw' on mismatch). Prints one JSON report: each call, and how it ended.
 *
 * `tsx test/dev/jira/client-walk.mts <site url> <email>`; jira.js is ESM-only, so client-walk.test.ts runs this in a
 * child process against the local server.
 */
import { createAgileClient, createCloudClient, isApiError } from 'jira.js';

interface Call {
  name: string;
  ok: boolean;
  /** Pages followed (token paging) or 1. */
  pages: number;
  items: number;
  status?: number;
  error?: string;
}

interface TokenPage {
  issues?: unknown[];
  isLast?: boolean;
  nextPageToken?: string | null;
}

const [url, email] = process.argv.slice(2);
if (!url || !email) throw new Error('usage: client-walk.mts <site url> <email>');

const config = { host: url, auth: { type: 'basic' as const, email, apiToken: 'local-api-token' }, onSchemaMismatch: 'throw' as const };
const agile = createAgileClient(config);
const jira = createCloudClient(config);
const calls: Call[] = [];

async function record(name: string, run: () => Promise<{ pages: number; items: number }>): Promise<void> {
  try {
    const { pages, items } = await run();
    calls.push({ name, ok: true, pages, items });
  } catch (e) {
    calls.push({ name, ok: false, pages: 0, items: 0, ...(isApiError(e) ? { status: e.status } : {}), error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
}

/** Follows nextPageToken until isLast, as the library's users write it. */
async function allPages(fetch: (nextPageToken: string | undefined) => Promise<TokenPage>): Promise<{ pages: number; items: number }> {
  let token: string | undefined;
  let pages = 0;
  let items = 0;
  do {
    const page = await fetch(token);
    pages++;
    items += page.issues?.length ?? 0;
    token = page.isLast === true ? undefined : (page.nextPageToken ?? undefined);
    if (pages > 500) throw new Error('more than 500 pages: the token never ran out');
  } while (token);
  return { pages, items };
}

/**
 * Fields named on search and bulk fetch. The enhanced lists get their default (all navigable and Software fields):
 * jira.js types their `fields` as objects, which it would send as "[object Object]".
 */
const FIELDS = ['summary', 'status', 'issuetype', 'assignee', 'updated'];

/** JQL that integrations and scripts commonly send through enhanced search. */
const JQL = [
  'project = OPS AND statusCategory != Done ORDER BY Rank ASC',
  'assignee = currentUser() AND resolution is EMPTY ORDER BY priority DESC, updated DESC',
  'project in (OPS, WEB) AND updated >= -1d',
  'project = OPS AND updated >= -2w ORDER BY updated DESC, key ASC',
  'project = OPS AND sprint in openSprints()',
  'project = OPS AND sprint in closedSprints() ORDER BY created DESC',
  'project = OPS AND sprint in futureSprints()',
  'project = OPS AND sprint is EMPTY AND statusCategory in ("To Do", "In Progress")',
  'project = WEB AND statusCategory = done AND resolutiondate >= -30d',
  'issuekey in (OPS-1, OPS-2, WEB-1)',
  'key = OPS-1',
  'project = OPS AND created >= startOfDay(-30d) AND created <= endOfDay()',
  'project = OPS AND resolved >= startOfMonth(-1)',
  'project = OPS AND issuetype not in (Epic, Sub-task) AND labels is not EMPTY',
  'project = OPS AND fixVersion is EMPTY AND priority in (High, Highest)',
  'text ~ "deploy*" AND project = OPS',
  'project = OPS AND status CHANGED TO Done AFTER -30d',
  'project = WEB AND status WAS "In Progress" DURING (startOfWeek(-2), now())',
  'project = OPS AND assignee is not EMPTY AND reporter != currentUser()',
];

async function main(): Promise<void> {
  const boards = await agile.board.getAllBoards({ maxResults: 50 });
  calls.push({ name: 'board.getAllBoards', ok: true, pages: 1, items: boards.values.length });
  for (const board of boards.values) {
    const boardId = board.id;
    if (boardId === undefined) throw new Error(`a board without an id: ${JSON.stringify(board)}`);
    await record(`board.getBoard ${boardId}`, async () => (await agile.board.getBoard({ boardId }), { pages: 1, items: 1 }));
    await record(`board.getConfiguration ${boardId}`, async () => (await agile.board.getConfiguration({ boardId }), { pages: 1, items: 1 }));
    await record(`board.getIssuesForBoard ${boardId}`, () =>
      allPages((nextPageToken) => agile.board.getIssuesForBoard({ boardId, maxResults: 5000, nextPageToken })),
    );
    await record(`board.getIssuesForBoard ${boardId} jql`, () =>
      allPages((nextPageToken) => agile.board.getIssuesForBoard({ boardId, jql: 'statusCategory != Done ORDER BY Rank', nextPageToken })),
    );
    await record(`board.getApproximateIssueCountForBoard ${boardId}`, async () => (await agile.board.getApproximateIssueCountForBoard({ boardId }), { pages: 1, items: 1 }));
    await record(`board.getEpics ${boardId}`, async () => ({ pages: 1, items: (await agile.board.getEpics({ boardId })).values?.length ?? 0 }));
    await record(`board.getIssuesWithoutEpicForBoard ${boardId}`, () =>
      allPages((nextPageToken) => agile.board.getIssuesWithoutEpicForBoard({ boardId, nextPageToken })),
    );
    if (board.type !== 'scrum') continue;
    await record(`board.getIssuesForBacklog ${boardId}`, () => allPages((nextPageToken) => agile.board.getIssuesForBacklog({ boardId, nextPageToken })));
    await record(`board.getApproximateIssueCountForBacklog ${boardId}`, async () => (await agile.board.getApproximateIssueCountForBacklog({ boardId }), { pages: 1, items: 1 }));
    const sprints = await agile.board.getAllSprints({ boardId, state: 'active,future' });
    calls.push({ name: `board.getAllSprints ${boardId}`, ok: true, pages: 1, items: sprints.values?.length ?? 0 });
    for (const sprint of sprints.values ?? []) {
      const sprintId = sprint.id;
      if (sprintId === undefined) throw new Error(`a sprint without an id: ${JSON.stringify(sprint)}`);
      await record(`sprint.getSprint ${sprintId}`, async () => (await agile.sprint.getSprint({ sprintId }), { pages: 1, items: 1 }));
      await record(`board.getBoardIssuesForSprint ${boardId}/${sprintId}`, () =>
        allPages((nextPageToken) => agile.board.getBoardIssuesForSprint({ boardId, sprintId, maxResults: 100, nextPageToken })),
      );
      await record(`sprint.getIssuesForSprint ${sprintId}`, () =>
        allPages((nextPageToken) => agile.sprint.getIssuesForSprint({ sprintId, expand: 'names,schema', nextPageToken })),
      );
    }
  }
  const epics = await agile.board.getEpics({ boardId: boards.values[0]?.id ?? 1 });
  const epic = epics.values?.[0];
  if (epic?.key) {
    const epicIdOrKey = epic.key;
    await record(`epic.getIssuesForEpic ${epicIdOrKey}`, () => allPages((nextPageToken) => agile.epic.getIssuesForEpic({ epicIdOrKey, nextPageToken })));
  }
  await record('epic.getIssuesWithoutEpic', () => allPages((nextPageToken) => agile.epic.getIssuesWithoutEpic({ nextPageToken })));

  for (const jql of JQL) {
    await record(`issueSearch GET ${jql}`, () =>
      allPages((nextPageToken) => jira.issueSearch.searchAndReconsileIssuesUsingJql({ jql, fields: FIELDS, maxResults: 100, nextPageToken })),
    );
    await record(`issueSearch POST ${jql}`, () =>
      allPages((nextPageToken) => jira.issueSearch.searchAndReconsileIssuesUsingJqlPost({ jql, fields: ['summary'], maxResults: 5000, nextPageToken })),
    );
    await record(`issueSearch.countIssues ${jql}`, async () => (await jira.issueSearch.countIssues({ jql }), { pages: 1, items: 1 }));
  }
  await record('issues.getIssue OPS-1', async () => (await jira.issues.getIssue({ issueIdOrKey: 'OPS-1' }), { pages: 1, items: 1 }));
  await record('issues.bulkFetchIssues', async () => ({
    pages: 1,
    items: (await jira.issues.bulkFetchIssues({ issueIdsOrKeys: ['OPS-1', 'OPS-2', 'WEB-1'], fields: FIELDS })).issues?.length ?? 0,
  }));
  process.stdout.write(`${JSON.stringify({ calls })}\n`);
}

main().catch((e: unknown) => {
  process.stdout.write(`${JSON.stringify({ calls, fatal: e instanceof Error ? `${e.name}: ${e.message}` : String(e) })}\n`);
  process.exitCode = 1;
});
