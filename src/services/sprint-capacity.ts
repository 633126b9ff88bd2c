import type { SprintCapacity } from '../contracts/resolvers';
import { checkCapacity, velocity, type CapacityResult } from '../domain/capacity';
import type { EffectiveConfig } from '../domain/config';
import { estimateUnit, type EstimateSource } from '../domain/normalize';
import type { IssueListOptions, JiraClient } from '../jira/client';
import type { BoardConfiguration, ChangeHistory, RawIssue, Sprint } from '../jira/schemas';
import { addedAfterStart, joinedSprintAt } from '../jira/sprint-history';
import { boardSnapshots } from '../storage/snapshot-store';
import { classifyIssues, type Classified } from './classify-issues';
import { estimateSource, fieldsFor } from './fields';
import { readIssueList, reconcileFor, VIEW_READ, type IssueList, type ReadOptions } from './issue-list';
import { configFor } from './settings';
import { siteFields } from './site-fields';

/**
 * The capacity check of one sprint, as the caller sees it: the issues the board shows for the sprint, classified,
 * weighed in the board's estimation unit against the reserved KTLO band and the team capacity (configured, or the
 * velocity of the last closed sprints from stored snapshots). Requests, after the board configuration: the sprint and
 * the sprint's issue ids at once, then the issues' fields (bulk fetch, 100 a call) and the Sprint field's history
 * (changelog bulk fetch, 1,000 issues a call) at once: three round trips whatever the sprint's size.
 */

const VELOCITY_SPRINTS = 3;

export function sprintSummary(s: Sprint): SprintCapacity['sprint'] {
  return { id: s.id, name: s.name, state: s.state, startDate: s.startDate ?? null, endDate: s.endDate ?? null };
}

export function boardProjectKey(config: BoardConfiguration): string | null {
  return config.location?.type === undefined || config.location.type === 'project' ? config.location?.key ?? null : null;
}

/** Kanban boards have no sprints: Jira refuses every sprint request on them, so none is sent. */
export function hasSprints(config: BoardConfiguration): boolean {
  return config.type !== 'kanban';
}

/** A sprint was asked of a board without sprints: a question about the wrong board, not a Jira failure. */
export class NoSprintsError extends Error {}

export function requireSprints(config: BoardConfiguration): void {
  if (!hasSprints(config)) throw new NoSprintsError(`Board ${config.name} is a Kanban board: it has no sprints. Its KTLO share is in the Kanban flow view.`);
}

/** What measuring a sprint reads: the sprint, its issues with the fields the domain reads, and when it has started, their Sprint field history. */
export interface SprintRead {
  sprint: Sprint;
  raw: RawIssue[];
  /** Issue id -> Sprint field history; null when the sprint has not started or the site has no Sprint field. */
  histories: Map<string, ChangeHistory[]> | null;
  sprintField: string | null;
}

/**
 * Reads one sprint of a board known to have sprints. Given only the sprint's id, the sprint is read alongside its
 * issue list; the Sprint field's history, which needs the sprint's state, alongside the issues' fields. `history`
 * false skips that history (about a point per issue) for callers that do not show planned vs unplanned work.
 */
export async function readSprint(jira: JiraClient, boardId: number, sprintOrId: Sprint | number, source: EstimateSource, read: ReadOptions, history = true): Promise<SprintRead> {
  const fields = fieldsFor(source);
  const opts: IssueListOptions = { reconcile: await reconcileFor(read) };
  const sprintId = typeof sprintOrId === 'number' ? sprintOrId : sprintOrId.id;
  const sprintP = typeof sprintOrId === 'number' ? jira.sprint(sprintOrId) : Promise.resolve(sprintOrId);
  // The Sprint field's id (the site's field list, cached for a day) is looked up alongside the list, not after it.
  const sprintFieldP = siteFields(jira).then((f) => f.sprint);
  const histories = async (ids: readonly string[]): Promise<Pick<SprintRead, 'histories' | 'sprintField'>> => {
    const [sprint, sprintField] = await Promise.all([sprintP, sprintFieldP]);
    const started = sprint.state !== 'future' && sprint.startDate !== undefined;
    if (!history || sprintField === null || !started) return { histories: null, sprintField };
    return { histories: ids.length === 0 ? new Map() : await jira.changelogs(ids, [sprintField]), sprintField };
  };
  const list: IssueList = {
    ids: () => jira.sprintIssueIds(boardId, sprintId, opts),
    withFields: () => jira.sprintIssues(boardId, sprintId, fields, opts),
    byIds: (ids) => jira.issuesById(ids, fields),
  };
  const [sprint, , { raw, alongside }] = await Promise.all([sprintP, sprintFieldP, readIssueList(list, read, histories)]);
  return { sprint, raw, ...alongside };
}

/** Issue id -> joined after the sprint started; empty when the sprint has not started. */
function unplanned(read: SprintRead, classified: readonly Classified[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const { sprint, histories, sprintField } = read;
  if (histories === null || sprintField === null || !sprint.startDate) return out;
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

/** Classifies and weighs one sprint's issues, as read, under settings already resolved for its board. */
export async function measureSprint(read: SprintRead, config: EffectiveConfig, source: EstimateSource, capacity: number | null): Promise<MeasuredSprint> {
  const classified = await classifyIssues(read.raw, config, source);
  const late = unplanned(read, classified);
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

/** The capacity view of a sprint of a board whose configuration the caller has read (and checked with `requireSprints`). */
export async function sprintCapacity(jira: JiraClient, boardConfig: BoardConfiguration, sprintId: number, read: ReadOptions = VIEW_READ): Promise<SprintCapacity> {
  const boardId = boardConfig.id;
  const config = await configFor(boardProjectKey(boardConfig), boardId);
  const source = await estimateSource(config.effective.estimationBasis, boardConfig, jira);
  const sprintRead = await readSprint(jira, boardId, sprintId, source, read);
  const { sprint } = sprintRead;
  const { capacity, historyPending } = await teamCapacity(config.effective.teamCapacity, boardId, sprint);
  const { classified, late, result } = await measureSprint(sprintRead, config.effective, source, capacity?.value ?? null);
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
      isSubtask: issue.isSubtask,
      parentKey: issue.parent?.key ?? null,
    })),
    settingsInForce: { band, estimationBasis, teamCapacity: configuredCapacity, wipLimit },
  };
}
