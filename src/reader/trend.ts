import type { JiraClient } from '../jira/client';
import type { Sprint } from '../jira/schemas';
import { hasSprints, type BoardSetup } from './board';
import { readSprint, type SprintRead, type SprintReadOptions } from './sprint';

/**
 * What the trend reads beyond stored snapshots: the board's last closed sprints as the viewer sees them (the
 * recurring-work list needs their issues, and snapshots keep no summaries), a few sprints at once.
 */

const SPRINTS_AT_ONCE = 3;

/** The last `count` closed sprints, oldest first (sprint ids grow with time). A Kanban board has none. */
export async function recentClosedSprints(jira: JiraClient, setup: BoardSetup, count: number): Promise<Sprint[]> {
  const closed = hasSprints(setup.configuration) ? await jira.sprints(setup.board.id, ['closed']) : [];
  return [...closed].sort((a, b) => (a.completeDate ?? a.endDate ?? '').localeCompare(b.completeDate ?? b.endDate ?? '') || a.id - b.id).slice(-count);
}

export async function readTrend(jira: JiraClient, setup: BoardSetup, count: number, opts: SprintReadOptions): Promise<SprintRead[]> {
  const recent = await recentClosedSprints(jira, setup, count);
  const reads: SprintRead[] = [];
  for (let i = 0; i < recent.length; i += SPRINTS_AT_ONCE) {
    reads.push(...(await Promise.all(recent.slice(i, i + SPRINTS_AT_ONCE).map((sprint) => readSprint(jira, setup, sprint, opts)))));
  }
  return reads;
}
