import type { TrendView } from '../contracts/resolvers';
import { recurringWork, sprintTrend } from '../domain/trends';
import type { JiraClient } from '../jira/client';
import { estimateSource } from './fields';
import { configFor } from './settings';
import { VIEW_READ } from './issue-list';
import { boardProjectKey, hasSprints, measureSprint, readSprint } from './sprint-capacity';

/**
 * KTLO share over a board's last closed sprints, measured as the caller sees them, with the KTLO chores that keep
 * coming back across those sprints (automation candidates).
 */

const SPRINTS_AT_ONCE = 3;

export async function boardTrend(jira: JiraClient, boardId: number, count: number): Promise<TrendView> {
  const boardConfig = await jira.boardConfiguration(boardId);
  const config = await configFor(boardProjectKey(boardConfig), boardId);
  // A Kanban board has no sprints to trend over.
  const [source, closed] = await Promise.all([
    estimateSource(config.effective.estimationBasis, boardConfig, jira),
    hasSprints(boardConfig) ? jira.sprints(boardId, ['closed']) : Promise.resolve([]),
  ]);
  // Sprint ids grow with time; the last `count` closed sprints, oldest first.
  const recent = [...closed].sort((a, b) => (a.completeDate ?? a.endDate ?? '').localeCompare(b.completeDate ?? b.endDate ?? '') || a.id - b.id).slice(-count);
  // A few sprints at once: the view waits for all of them, and each sprint's reads already run side by side.
  const measured = [];
  for (let i = 0; i < recent.length; i += SPRINTS_AT_ONCE) {
    const group = recent.slice(i, i + SPRINTS_AT_ONCE);
    const reads = await Promise.all(group.map((sprint) => readSprint(jira, boardId, sprint, source, VIEW_READ)));
    for (const read of reads) measured.push({ sprint: read.sprint, ...(await measureSprint(read, config.effective, source, null)) });
  }
  const trend = sprintTrend(
    measured.map(({ sprint, result }) => ({ id: sprint.id, name: sprint.name, startDate: sprint.startDate ?? null, endDate: sprint.endDate ?? null, capacity: result })),
    config.effective.band,
  );
  const recurring = recurringWork(
    measured.flatMap(({ sprint, classified }) =>
      classified.map(({ issue, classification }) => ({
        key: issue.key,
        summary: issue.summary,
        category: classification.category,
        estimate: issue.estimate,
        sprintId: sprint.id,
        created: issue.created,
      })),
    ),
  );
  return {
    board: { id: boardId, name: boardConfig.name, type: boardConfig.type ?? 'scrum' },
    band: config.effective.band,
    points: trend.points,
    recurring: recurring.map(({ title, occurrences, keys, totalPoints }) => ({ title, occurrences, keys, totalPoints })),
  };
}
