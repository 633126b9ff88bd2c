import type { SprintCapacity } from '../contracts/resolvers';
import { checkCapacity, velocity, type CapacityResult } from '../domain/capacity';
import type { EffectiveConfig } from '../domain/config';
import { estimateUnit, type EstimateSource } from '../domain/normalize';
import type { JiraClient } from '../jira/client';
import type { BoardConfiguration, Sprint } from '../jira/schemas';
import { addedAfterStart, joinedSprintAt } from '../jira/sprint-history';
import { boardSnapshots } from '../storage/snapshot-store';
import { classifyIssues, type Classified } from './classify-issues';
import { estimateSource, fieldsFor } from './fields';
import { configFor } from './settings';
import { siteFields } from './site-fields';

/**
 * The capacity check of one sprint, as the caller sees it: the issues the board shows for the sprint, classified,
 * weighed in the board's estimation unit against the reserved KTLO band and the team capacity (configured, or the
 * velocity of the last closed sprints from stored snapshots). Requests: the board configuration and the sprint, the
 * sprint's issue pages, and one changelog call per 1,000 issues for planned vs unplanned work.
 */

const VELOCITY_SPRINTS = 3;

export function sprintSummary(s: Sprint): SprintCapacity['sprint'] {
  return { id: s.id, name: s.name, state: s.state, startDate: s.startDate ?? null, endDate: s.endDate ?? null };
}

export function boardProjectKey(config: BoardConfiguration): string | null {
  return config.location?.type === undefined || config.location.type === 'project' ? config.location?.key ?? null : null;
}

/** Issue id -> joined after the sprint started; empty when the sprint has not started. */
async function unplanned(jira: JiraClient, classified: readonly Classified[], sprint: Sprint): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
  if (sprint.state === 'future' || !sprint.startDate || classified.length === 0) return out;
  const sprintField = (await siteFields(jira)).sprint;
  if (sprintField === null) return out;
  const histories = await jira.changelogs(classified.map((c) => c.issue.id), [sprintField]);
  for (const { issue } of classified) {
    const late = addedAfterStart(joinedSprintAt(histories.get(issue.id) ?? [], sprintField, sprint.id, issue.created), sprint.startDate);
    if (late !== undefined) out.set(issue.id, late);
  }
  return out;
}

interface TeamCapacity {
  capacity: SprintCapacity['teamCapacity'];
  /** Fewer closed sprints are measured than velocity needs: the history is still being backfilled. */
  historyPending: boolean;
}

async function teamCapacity(configured: number | null, boardId: number, sprint: Sprint): Promise<TeamCapacity> {
  const closed = (await boardSnapshots(boardId)).filter((s) => s.sprintId !== sprint.id && s.completeDate !== null);
  const historyPending = closed.length < VELOCITY_SPRINTS;
  if (configured !== null) return { capacity: { value: configured, source: 'configured', approximate: false }, historyPending };
  const used = closed.slice(-VELOCITY_SPRINTS);
  const v = velocity(
    used.map((s) => s.completedPoints),
    VELOCITY_SPRINTS,
  );
  if (v === null || v <= 0) return { capacity: null, historyPending };
  return { capacity: { value: v, source: 'velocity', approximate: historyPending || used.some((s) => s.approximate) }, historyPending };
}

export interface MeasuredSprint {
  classified: Classified[];
  late: Map<string, boolean>;
  result: CapacityResult;
}

/**
 * Reads, classifies and weighs one sprint's issues under settings already resolved for its board. `history` false
 * skips the changelog read behind planned vs unplanned work (about a point per issue) for callers that do not show it.
 */
export async function measureSprint(
  jira: JiraClient,
  boardId: number,
  sprint: Sprint,
  config: EffectiveConfig,
  source: EstimateSource,
  capacity: number | null,
  history = true,
): Promise<MeasuredSprint> {
  const raw = await jira.sprintIssues(boardId, sprint.id, fieldsFor(source));
  const classified = await classifyIssues(raw, config, source);
  const late = history ? await unplanned(jira, classified, sprint) : new Map<string, boolean>();
  const result = checkCapacity({
    band: config.band,
    teamCapacity: capacity,
    lowConfidenceThreshold: config.lowConfidenceThreshold,
    items: classified.map(({ issue, classification }) => {
      const joinedLate = late.get(issue.id);
      return {
        key: issue.key,
        category: classification.category,
        confidence: classification.confidence,
        estimate: issue.estimate,
        isSubtask: issue.isSubtask,
        parentKey: issue.parent?.key ?? null,
        ...(joinedLate === undefined ? {} : { addedAfterStart: joinedLate }),
      };
    }),
  });
  return { classified, late, result };
}

export async function sprintCapacity(jira: JiraClient, boardId: number, sprintId: number): Promise<SprintCapacity> {
  const [boardConfig, sprint] = await Promise.all([jira.boardConfiguration(boardId), jira.sprint(sprintId)]);
  const config = await configFor(boardProjectKey(boardConfig), boardId);
  const source = await estimateSource(config.effective.estimationBasis, boardConfig, jira);
  const { capacity, historyPending } = await teamCapacity(config.effective.teamCapacity, boardId, sprint);
  const { classified, late, result } = await measureSprint(jira, boardId, sprint, config.effective, source, capacity?.value ?? null);
  const { wipLimit, teamCapacity: configuredCapacity, band, estimationBasis } = config.effective;
  return {
    board: { id: boardId, name: boardConfig.name, type: boardConfig.type ?? 'scrum' },
    sprint: sprintSummary(sprint),
    unit: estimateUnit(source),
    ktloPoints: result.ktloPoints,
    projectPoints: result.projectPoints,
    totalPoints: result.totalPoints,
    ktloShare: result.ktloShare,
    status: result.status,
    band: result.band,
    teamCapacity: capacity,
    historyPending,
    reserved: result.reserved,
    projectRoom: result.projectRoom,
    ktloSplit: result.ktloSplit && { planned: result.ktloSplit.planned, unplanned: result.ktloSplit.unplanned },
    unestimated: result.unestimated,
    lowConfidence: result.lowConfidence,
    issues: classified.map(({ issue, classification }) => ({
      key: issue.key,
      summary: issue.summary,
      category: classification.category,
      confidence: classification.confidence,
      estimate: issue.estimate,
      unplanned: late.get(issue.id) === true,
    })),
    settingsInForce: { band, estimationBasis, teamCapacity: configuredCapacity, wipLimit },
  };
}
