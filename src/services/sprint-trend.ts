import type { TrendView } from '../contracts/resolvers';
import { recurringWork, sprintTrend } from '../domain/trends';
import type { JiraClient } from '../jira/client';
import { estimateSource } from './fields';
import { configFor } from './settings';
import { boardProjectKey, measureSprint } from './sprint-capacity';

/**
 * KTLO share over a board's last closed sprints, measured as the caller sees them, with the KTLO chores that keep
 * coming back across those sprints (automation candidates).
 */

export async function boardTrend(jira: JiraClient, boardId: number, count: number): Promise<TrendView> {
  const [boardConfig, closed] = await Promise.all([jira.boardConfiguration(boardId), jira.sprints(boardId, ['closed'])]);
  const config = await configFor(boardProjectKey(boardConfig), boardId);
  const source = await estimateSource(config.effective.estimationBasis, boardConfig, jira);
  // Sprint ids grow with time; the last `count` closed sprints, oldest first.
  const recent = [...closed].sort((a, b) => (a.completeDate ?? a.endDate ?? '').localeCompare(b.completeDate ?? b.endDate ?? '') || a.id - b.id).slice(-count);
  const measured = [];
  for (const sprint of recent) measured.push({ sprint, ...(await measureSprint(jira, boardId, sprint, config.effective, source, null)) });
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
