import { measureFlow, measureSprint, measureTrend, type MeasuredFlow, type MeasuredSprint, type MeasuredTrend, type SprintHistory } from '../domain/measure';
import type { JiraClient } from '../jira/client';
import { readBoardSetup, requireSprints, type AppSide, type BoardSetup } from '../reader/board';
import { flowInputs, flowIssues, readFlow } from '../reader/flow';
import { VIEW_READ, type ReadOptions } from '../reader/issue-list';
import { normalize, readSprint, sprintInputs, type SprintRead } from '../reader/sprint';
import { readTrend } from '../reader/trend';
import { boardSnapshots, type Snapshot } from '../storage/snapshot-store';
import { storedDecisions } from './classify-issues';
import { withReconcile } from './issue-list';
import { configFor } from './settings';
import { siteFields } from './site-fields';

/**
 * Measurements read in the backend: the reader (src/reader) over @forge/api, what the app holds from kvs, and the
 * domain's measure* functions, the same the browser and the CLI call. These serve the snapshot job and the views'
 * resolvers; nothing here decides.
 */

/** Settings and field ids from the app's own storage. */
export function backendApp(jira: JiraClient): AppSide {
  return { settings: async (projectKey, boardId) => (await configFor(projectKey, boardId)).effective, fields: () => siteFields(jira) };
}

export function sprintHistory(snapshots: readonly Snapshot[]): SprintHistory[] {
  return snapshots.map((s) => ({ sprintId: s.sprintId, completedPoints: s.completedPoints, completeDate: s.completeDate, approximate: s.approximate }));
}

/** Measures a read sprint with the decisions the app holds for its issues. */
export async function measureRead(setup: BoardSetup, read: SprintRead, history: readonly SprintHistory[]): Promise<ReturnType<typeof measureSprint>> {
  const issues = normalize(setup, read.raw);
  const { decisions } = await storedDecisions(issues);
  return measureSprint(sprintInputs(setup, read, issues, decisions, history));
}

/** The capacity view of a sprint as the caller sees it; the sprint is picked once the board is known to have sprints. */
export async function sprintCapacity(jira: JiraClient, boardId: number, pickSprint: () => Promise<number>, read: ReadOptions = VIEW_READ): Promise<MeasuredSprint> {
  const setup = await readBoardSetup(jira, boardId, backendApp(jira));
  requireSprints(setup.configuration);
  const sprintId = await pickSprint();
  const [sprintRead, snapshots] = await Promise.all([readSprint(jira, setup, sprintId, { read: await withReconcile(read), history: true, parentsField: null }), boardSnapshots(boardId)]);
  return (await measureRead(setup, sprintRead, sprintHistory(snapshots))).view;
}

export async function kanbanFlow(jira: JiraClient, boardId: number, now: Date, read: ReadOptions = VIEW_READ): Promise<MeasuredFlow> {
  const setup = await readBoardSetup(jira, boardId, backendApp(jira));
  const flowRead = await readFlow(jira, setup, now, await withReconcile(read));
  const issues = flowIssues(flowRead);
  const { decisions } = await storedDecisions(issues);
  const result = measureFlow(flowInputs(setup, flowRead, issues, decisions, now));
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

export async function boardTrend(jira: JiraClient, boardId: number, count: number): Promise<MeasuredTrend> {
  const setup = await readBoardSetup(jira, boardId, backendApp(jira));
  const reads = await readTrend(jira, setup, count, { read: await withReconcile(VIEW_READ), history: true, parentsField: null });
  const sprints = await Promise.all(
    reads.map(async (read) => {
      const issues = normalize(setup, read.raw);
      return sprintInputs(setup, read, issues, (await storedDecisions(issues)).decisions, []);
    }),
  );
  return measureTrend({ board: setup.board, band: setup.config.band, sprints, asked: count });
}
