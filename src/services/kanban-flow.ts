import type { FlowView } from '../contracts/resolvers';
import { flowMetrics, type StatusCategoryTransition } from '../domain/flow';
import type { StatusCategory } from '../domain/issue';
import type { JiraClient } from '../jira/client';
import type { ChangeHistory } from '../jira/schemas';
import { classifyIssues } from './classify-issues';
import { fieldsFor } from './fields';
import { configFor } from './settings';
import { boardProjectKey } from './sprint-capacity';

/**
 * Kanban flow of a board as the caller sees it: open work plus what finished in the throughput window, classified,
 * with status-category transitions read from the status history.
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

export async function kanbanFlow(jira: JiraClient, boardId: number, now: Date): Promise<FlowView> {
  const boardConfig = await jira.boardConfiguration(boardId);
  const config = await configFor(boardProjectKey(boardConfig), boardId);
  // Flow counts issues; estimates play no part.
  const source = { kind: 'issueCount' } as const;
  const raw = await jira.boardIssues(boardId, fieldsFor(source), `statusCategory != Done OR resolved >= -${FLOW_WEEKS}w`);
  const classified = await classifyIssues(raw, config.effective, source);
  const [histories, categories] = await Promise.all([
    classified.length === 0 ? new Map<string, ChangeHistory[]>() : jira.changelogs(classified.map((c) => c.issue.id), ['status']),
    jira.statusCategories(),
  ]);
  const result = flowMetrics(
    classified.map(({ issue, classification }) => ({
      key: issue.key,
      category: classification.category,
      statusCategory: issue.statusCategory,
      created: issue.created ?? now.toISOString(),
      transitions: transitions(histories.get(issue.id) ?? [], categories),
    })),
    { wipLimit: config.effective.wipLimit, weeks: FLOW_WEEKS, now: now.toISOString() },
  );
  if (!result.ok) throw new Error(`flow metrics: ${result.error}`);
  return { board: { id: boardId, name: boardConfig.name, type: boardConfig.type ?? 'kanban' }, ...result.value };
}
