import type { FlowView } from '../contracts/resolvers';
import { flowMetrics, type StatusCategoryTransition } from '../domain/flow';
import type { StatusCategory } from '../domain/issue';
import type { JiraClient } from '../jira/client';
import type { ChangeHistory } from '../jira/schemas';
import { classifyIssues } from './classify-issues';
import { fieldsFor } from './fields';
import { configFor } from './settings';
import { readIssueList, reconcileFor, VIEW_READ, type IssueList, type ReadOptions } from './issue-list';
import { boardProjectKey } from './sprint-capacity';

/**
 * Kanban flow of a board as the caller sees it: only what flow counts, work in progress and what finished in the
 * throughput window (not the board's backlog of to-do work, nor years of done issues), classified, with
 * status-category transitions read from the status history. Requests, after the board configuration: the ids of that
 * work (large ids-only pages) with the status list, then the issues' fields (bulk fetch) and status histories
 * (changelog bulk fetch) at once.
 */

export const FLOW_WEEKS = 8;

function toCategory(key: string | undefined): StatusCategory | null {
  return key === 'new' || key === 'indeterminate' || key === 'done' ? key : null;
}

function transitions(histories: readonly ChangeHistory[], categories: ReadonlyMap<string, string>): StatusCategoryTransition[] {
  const out: StatusCategoryTransition[] = [];
  for (const h of histories) {
    for (const item of h.items) {
      if (item.field !== 'status' && item.fieldId !== 'status') continue;
      const from = toCategory(categories.get(item.from ?? ''));
      const to = toCategory(categories.get(item.to ?? ''));
      if (from && to && from !== to) out.push({ at: h.created, from, to });
    }
  }
  return out;
}

/**
 * JQL for the issues flow counts, on top of the board's own filter. Done issues are found by resolution date, a few
 * days wider than the throughput window: the window is whole ISO weeks and JQL's relative dates count in the
 * viewer's time zone; flowMetrics keeps exactly the window.
 */
function flowJql(now: Date): string {
  const mondayOffset = (now.getUTCDay() + 6) % 7;
  const days = (FLOW_WEEKS - 1) * 7 + mondayOffset + 2;
  return `statusCategory = "In Progress" OR (statusCategory = Done AND resolved >= -${days}d)`;
}

export async function kanbanFlow(jira: JiraClient, boardId: number, now: Date, read: ReadOptions = VIEW_READ): Promise<FlowView> {
  const boardConfig = await jira.boardConfiguration(boardId);
  const config = await configFor(boardProjectKey(boardConfig), boardId);
  // Flow counts issues; estimates play no part.
  const source = { kind: 'issueCount' } as const;
  const fields = fieldsFor(source);
  const opts = { jql: flowJql(now), reconcile: await reconcileFor(read) };
  const list: IssueList = {
    ids: () => jira.boardIssueIds(boardId, opts),
    withFields: () => jira.boardIssues(boardId, fields, opts),
    byIds: (ids) => jira.issuesById(ids, fields),
  };
  const histories = (ids: readonly string[]): Promise<Map<string, ChangeHistory[]>> => (ids.length === 0 ? Promise.resolve(new Map()) : jira.changelogs(ids, ['status']));
  const [{ raw, alongside: history }, categories] = await Promise.all([readIssueList(list, read, histories), jira.statusCategories()]);
  const classified = await classifyIssues(raw, config.effective, source);
  const result = flowMetrics(
    classified.map(({ issue, classification }) => ({
      key: issue.key,
      category: classification.category,
      statusCategory: issue.statusCategory,
      created: issue.created ?? now.toISOString(),
      transitions: transitions(history.get(issue.id) ?? [], categories),
    })),
    { wipLimit: config.effective.wipLimit, weeks: FLOW_WEEKS, now: now.toISOString() },
  );
  if (!result.ok) throw new Error(`flow metrics: ${result.error}`);
  return { board: { id: boardId, name: boardConfig.name, type: boardConfig.type ?? 'kanban' }, ...result.value };
}
