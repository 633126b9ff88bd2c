import { measureSprint, type SprintHistory, type SprintMeasurement } from '../domain/measure';
import type { JiraClient } from '../jira/client';
import type { AppSide, BoardSetup } from '../reader/board';
import { normalize, sprintInputs, type SprintRead } from '../reader/sprint';
import type { Snapshot } from '../storage/snapshot-store';
import { storedDecisions } from './classify-issues';
import { configFor } from './settings';
import { siteFields } from './site-fields';

/**
 * Measurements the backend takes (the snapshot job): the reader (src/reader) over @forge/api, what the app holds from
 * kvs, and the domain's measureSprint, the one the browser and the CLI call. Nothing here decides.
 */

/** Settings and field ids from the app's own storage. */
export function backendApp(jira: JiraClient): AppSide {
  return { settings: async (projectKey, boardId) => (await configFor(projectKey, boardId)).effective, fields: () => siteFields(jira) };
}

/** What velocity reads of the stored snapshots. */
export function sprintHistory(snapshots: readonly Snapshot[]): SprintHistory[] {
  return snapshots.map((s) => ({ sprintId: s.sprintId, completedPoints: s.completedPoints, completeDate: s.completeDate, approximate: s.approximate }));
}

/** Measures a read sprint with the decisions the app holds for its issues. */
export async function measureRead(setup: BoardSetup, read: SprintRead, history: readonly SprintHistory[]): Promise<SprintMeasurement> {
  const issues = normalize(setup, read.raw);
  const { decisions } = await storedDecisions(issues);
  return measureSprint(sprintInputs(setup, read, issues, decisions, history));
}
