import type { Classified } from '../domain/decide';
import { parseInstant } from '../domain/flow';
import { joinWithin, measureSprint, type JoinSpan, type SprintHistory, type SprintMeasurement } from '../domain/measure';
import type { JiraClient } from '../jira/client';
import type { Sprint } from '../jira/schemas';
import { joinedSprintAt } from '../jira/sprint-history';
import type { AppSide, BoardSetup } from '../reader/board';
import { sprintInputs, type SprintRead } from '../reader/sprint';
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

/**
 * When the sprint's KTLO issues joined it, for the reserve's unplanned KTLO: where the hourly refreshes saw the join
 * on one side of the start (`known`), that; else one changelog read of the Sprint field, only for the KTLO issues
 * created before the sprint started (one created later joined late whatever its history says; project work's timing
 * is not stored), a point per such issue with Sprint changes. Null when the site has no Sprint field or the sprint
 * never started: the split is then not measured.
 */
async function ktloJoinTimes(jira: JiraClient, sprintField: string | null, sprint: Sprint, classified: readonly Classified[], known: ReadonlyMap<string, JoinSpan>): Promise<Map<string, string | null> | null> {
  const startDate = sprint.startDate;
  const start = startDate === undefined ? null : parseInstant(startDate);
  if (sprintField === null || startDate === undefined || start === null) return null;
  const ktlo = classified.filter((c) => c.classification.category === 'KTLO').map((c) => c.issue);
  const seen = new Map(ktlo.flatMap((i) => {
    const span = known.get(i.id);
    const joined = span === undefined ? undefined : joinWithin(span, startDate);
    return joined === undefined ? [] : [[i.id, joined] as const];
  }));
  const unknown = ktlo.filter((i) => {
    const created = i.created === null ? null : parseInstant(i.created);
    return !seen.has(i.id) && (created === null || created <= start);
  });
  const logs = unknown.length === 0 ? new Map() : await jira.changelogs(unknown.map((i) => i.id), [sprintField]);
  return new Map(ktlo.map((i) => [i.id, seen.get(i.id) ?? joinedSprintAt(logs.get(i.id) ?? [], sprintField, sprint.id, i.created)]));
}

/**
 * Measures a read sprint with the decisions the app holds for its issues. A read without join times (the snapshot's)
 * is measured once to know its KTLO, then again with their join times (`known` spans, else their history), so the
 * stored split is planned vs unplanned.
 */
export async function measureRead(jira: JiraClient, setup: BoardSetup, read: SprintRead, history: readonly SprintHistory[], known: ReadonlyMap<string, JoinSpan>): Promise<SprintMeasurement> {
  const { issues } = read;
  const { decisions } = await storedDecisions(issues);
  const measure = (joinedAt: SprintRead['joinedAt']): SprintMeasurement => measureSprint(sprintInputs(setup, { ...read, joinedAt }, issues, decisions, history));
  const first = measure(read.joinedAt);
  if (read.joinedAt !== null) return first;
  const joinedAt = await ktloJoinTimes(jira, setup.fields.sprint, read.sprint, first.classified, known);
  return joinedAt === null ? first : measure(joinedAt);
}
