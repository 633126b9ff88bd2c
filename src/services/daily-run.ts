import type { JiraClient } from '../jira/client';
import type { DailyCursor } from '../storage/background-store';
import { readDailyCursor } from '../storage/background-store';
import { readGlobal } from '../storage/settings-store';
import { siteFields } from './site-fields';

/**
 * What the daily run reads, in few points. Issue events keep "Work category" current as issues change, and sprint
 * events snapshot each sprint as it starts and closes, so the run re-reads neither issues nor boards wholesale:
 * - issues of enabled projects changed since the last run that still have no Work category (their event was lost
 *   or came before the project was enabled): `updated >= -Nm` from the durable cursor, with a margin for events that
 *   arrive late, and `cf[...] is EMPTY`, ids only;
 * - one scrum board's sprint history, a different board each day (the cursor says which), for closes whose event
 *   was lost.
 * The cursor moves only when the run's work has been queued, so a run parked at the wall is repeated whole: what it
 * queues is idempotent (writes happen only on change, snapshots overwrite themselves).
 */

/** Issue events may come minutes late: the window reaches back this much further than the last run. */
const LATE_EVENTS_MINUTES = 15;
const FIRST_RUN_MINUTES = 24 * 60;
export const DAILY_BATCH = 100;

export interface DailyPlan {
  /** Issue ids to classify, in batches. */
  batches: string[][];
  /** The board whose sprint history to check today, or null. */
  board: number | null;
  cursor: DailyCursor;
}

export async function planDailyRun(jira: JiraClient, now: Date): Promise<DailyPlan> {
  const [global, cursor] = await Promise.all([readGlobal(), readDailyCursor()]);
  const projects = global.settings.enabledProjects;
  const nextBoard = cursor?.nextBoard ?? 0;
  if (projects.length === 0) return { batches: [], board: null, cursor: { at: now.toISOString(), nextBoard } };
  const minutes = cursor === null ? FIRST_RUN_MINUTES : Math.max(1, Math.ceil((now.getTime() - Date.parse(cursor.at)) / 60_000)) + LATE_EVENTS_MINUTES;
  const field = (await siteFields(jira)).workCategory;
  const fieldNumber = field === null ? null : /^customfield_(\d+)$/.exec(field)?.[1];
  const batches: string[][] = [];
  if (fieldNumber) {
    const jql = `project in (${projects.join(', ')}) AND updated >= -${minutes}m AND cf[${fieldNumber}] is EMPTY ORDER BY id ASC`;
    const ids = (await jira.search(jql, ['key'])).issues.map((i) => i.id);
    for (let i = 0; i < ids.length; i += DAILY_BATCH) batches.push(ids.slice(i, i + DAILY_BATCH));
  }
  const boards = [...new Set((await Promise.all(projects.map((p) => jira.boards(p)))).flat().filter((b) => b.type === 'scrum').map((b) => b.id))].sort((a, b) => a - b);
  const board = boards.length === 0 ? null : (boards[nextBoard % boards.length] ?? null);
  return { batches, board, cursor: { at: now.toISOString(), nextBoard: boards.length === 0 ? 0 : (nextBoard + 1) % boards.length } };
}
