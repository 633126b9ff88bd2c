import type { TrendPeriod } from '../domain/kanban-trend';
import type { JiraClient } from '../jira/client';
import type { RawIssue } from '../jira/schemas';
import type { BoardSetup } from './board';
import { fieldsFor } from './fields';
import { readIssueList, type IssueList, type ReadOptions } from './issue-list';

/**
 * What a Kanban board's trend reads, after the board's set-up: the issues it finished since the start of the oldest
 * week or month shown, with the fields its estimation unit needs (no changelog: an issue counts in the period Jira
 * resolved it in, as flow's throughput finds done work).
 */

const DAY_MS = 86_400_000;

/** Days back to the start of the oldest period, plus two: JQL's relative dates count in the viewer's time zone. */
export function trendDays(period: TrendPeriod, periods: number, now: Date): number {
  const start =
    period === 'week'
      ? Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7) - 7 * (periods - 1))
      : Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (periods - 1), 1);
  return Math.ceil((now.getTime() - start) / DAY_MS) + 2;
}

export async function readKanbanDone(jira: JiraClient, setup: BoardSetup, period: TrendPeriod, periods: number, now: Date, read: ReadOptions, extraField: string | null): Promise<RawIssue[]> {
  const boardId = setup.board.id;
  const fields = fieldsFor(setup.source, [extraField]);
  const opts = { jql: `statusCategory = Done AND resolved >= -${trendDays(period, periods, now)}d`, reconcile: read.reconcile };
  const list: IssueList = {
    ids: () => jira.boardIssueIds(boardId, opts),
    withFields: () => jira.boardIssues(boardId, fields, opts),
    byIds: (ids) => jira.issuesById(ids, fields),
  };
  return (await readIssueList(list, read, () => Promise.resolve(null))).raw;
}
