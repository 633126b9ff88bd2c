import { measureKanbanTrend } from '../domain/measure';
import { KANBAN_RESERVE_PERIODS, suggestKanbanReserve, suggestReserve, type ReserveSuggestion } from '../domain/reserve';
import type { JiraClient } from '../jira/client';
import type { BoardConfiguration } from '../jira/schemas';
import { hasSprints, readBoardSetup } from '../reader/board';
import { BACKGROUND_READ } from '../reader/issue-list';
import { readKanbanDone } from '../reader/kanban-trend';
import { normalize } from '../reader/sprint';
import { boardSnapshots } from '../storage/snapshot-store';
import { backendApp } from './backend-measure';
import { storedDecisions } from './classify-issues';

/**
 * The reserve a board's history suggests, read by the backend: a scrum board's from its stored snapshots (no Jira
 * read); a Kanban board's, which has none, from its last full weeks of finished work read as the caller. Views measure
 * the Kanban one in the browser (src/frontend/api/measured.ts), so only a save that applies it pays for this read, to
 * check the band it was shown is still the one the board's work suggests.
 */

function sprintReserve(boardId: number): Promise<ReserveSuggestion> {
  return boardSnapshots(boardId).then(suggestReserve);
}

async function kanbanReserve(jira: JiraClient, configuration: BoardConfiguration, now: Date): Promise<ReserveSuggestion> {
  const setup = await readBoardSetup(jira, configuration.id, backendApp(jira), Promise.resolve(configuration));
  const raw = await readKanbanDone(jira, setup, 'week', KANBAN_RESERVE_PERIODS, now, BACKGROUND_READ, null);
  const issues = normalize(setup, raw);
  const { decisions } = await storedDecisions(issues);
  const trend = measureKanbanTrend({ board: setup.board, issues, decisions, config: setup.config, period: 'week', periods: KANBAN_RESERVE_PERIODS, now: now.toISOString() });
  if (!trend.ok) throw new Error(trend.error);
  return suggestKanbanReserve(trend.value.points);
}

export function boardReserve(jira: JiraClient, configuration: BoardConfiguration, now: Date): Promise<ReserveSuggestion> {
  return hasSprints(configuration) ? sprintReserve(configuration.id) : kanbanReserve(jira, configuration, now);
}
