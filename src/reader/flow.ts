import type { Decisions } from '../domain/decide';
import type { StatusCategoryTransition } from '../domain/flow';
import type { NormalizedIssue, StatusCategory } from '../domain/issue';
import { FLOW_WEEKS, type FlowInputs } from '../domain/measure';
import type { JiraClient } from '../jira/client';
import type { ChangeHistory, RawIssue } from '../jira/schemas';
import type { BoardSetup } from './board';
import { fieldsFor } from './fields';
import { readIssueList, type IssueList, type ReadOptions } from './issue-list';
import { normalize } from './sprint';

/**
 * What Kanban flow reads, after the board's set-up: only what flow counts, work in progress and what finished in the
 * throughput window (not the board's backlog of to-do work, nor years of done issues), the ids first (large ids-only
 * pages) with the status list, then the issues' fields (bulk fetch) and status histories (changelog bulk fetch) at once.
 */

export interface FlowRead {
  raw: RawIssue[];
  transitions: Map<string, StatusCategoryTransition[]>;
}

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
 * viewer's time zone; measureFlow keeps exactly the window.
 */
function flowJql(now: Date): string {
  const mondayOffset = (now.getUTCDay() + 6) % 7;
  const days = (FLOW_WEEKS - 1) * 7 + mondayOffset + 2;
  return `statusCategory = "In Progress" OR (statusCategory = Done AND resolved >= -${days}d)`;
}

/** Flow counts issues; estimates play no part. */
const FLOW_SOURCE = { kind: 'issueCount' } as const;

export async function readFlow(jira: JiraClient, setup: BoardSetup, now: Date, read: ReadOptions, extraField: string | null = null): Promise<FlowRead> {
  const boardId = setup.board.id;
  const fields = fieldsFor(FLOW_SOURCE, [extraField]);
  const opts = { jql: flowJql(now), reconcile: read.reconcile };
  const list: IssueList = {
    ids: () => jira.boardIssueIds(boardId, opts),
    withFields: () => jira.boardIssues(boardId, fields, opts),
    byIds: (ids) => jira.issuesById(ids, fields),
  };
  const histories = (ids: readonly string[]): Promise<Map<string, ChangeHistory[]>> => (ids.length === 0 ? Promise.resolve(new Map()) : jira.changelogs(ids, ['status']));
  const [{ raw, alongside }, categories] = await Promise.all([readIssueList(list, read, histories), jira.statusCategories()]);
  return { raw, transitions: new Map(raw.map((r) => [r.id, transitions(alongside.get(r.id) ?? [], categories)])) };
}

/** The flow read's issues as the domain sees them. */
export function flowIssues(read: FlowRead): NormalizedIssue[] {
  return normalize({ source: FLOW_SOURCE }, read.raw);
}

export function flowInputs(setup: BoardSetup, read: FlowRead, issues: readonly NormalizedIssue[], decisions: Decisions, now: Date): FlowInputs {
  return {
    board: { ...setup.board, type: setup.configuration.type ?? 'kanban' },
    issues,
    decisions,
    transitions: read.transitions,
    config: setup.config,
    now: now.toISOString(),
  };
}
