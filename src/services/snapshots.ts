import { roundPoints } from '../domain/capacity';
import { isProjectEnabled, retentionCutoffs } from '../domain/config';
import { parseInstant } from '../domain/flow';
import type { NormalizedIssue } from '../domain/issue';
import type { JiraClient } from '../jira/client';
import { boardSnapshots, putSnapshot, sprintEndedAt } from '../storage/snapshot-store';
import { readGlobal } from '../storage/settings-store';
import type { EstimateSource } from '../domain/normalize';
import { estimateSource } from './fields';
import { configFor } from './settings';
import { BACKGROUND_READ } from './issue-list';
import { boardProjectKey, hasSprints, measureSprint, readSprint, type SprintRead } from './sprint-capacity';
import { closingSprintIssues } from './sprint-copies';
import { forgetSprintCopy } from '../storage/sprint-copy-store';

/** How many closed sprints a board keeps snapshots of: the trend window and then some for velocity. */
export const SNAPSHOT_SPRINTS = 8;

/** A closed sprint's issues from its kept copy and what changed since (services/sprint-copies.ts) when it can be trusted, else read in full. */
async function readClosedSprint(jira: JiraClient, boardId: number, sprintId: number, source: EstimateSource, now: Date): Promise<SprintRead> {
  const sprint = await jira.sprint(sprintId);
  const copied = sprint.state === 'closed' ? await closingSprintIssues(jira, boardId, sprintId, source, now) : null;
  // Only velocity reads snapshots: planned vs unplanned work is not worth its changelog read here (views show it live).
  return copied === null ? readSprint(jira, boardId, sprint, source, BACKGROUND_READ, false) : { sprint, raw: copied, histories: null, sprintField: null };
}

/** Measures one sprint as the app and stores its aggregates (numbers and ids only). A Kanban board has none to measure. */
export async function computeSnapshot(jira: JiraClient, boardId: number, sprintId: number, now: Date): Promise<void> {
  const boardConfig = await jira.boardConfiguration(boardId);
  if (!hasSprints(boardConfig)) return;
  const config = await configFor(boardProjectKey(boardConfig), boardId);
  const source = await estimateSource(config.effective.estimationBasis, boardConfig, jira);
  const read = await readClosedSprint(jira, boardId, sprintId, source, now);
  const { sprint } = read;
  const { classified, result } = await measureSprint(read, config.effective, source, null);
  const keys = new Set(classified.map((c) => c.issue.key));
  // A closed sprint completed what was done when it closed: work carried over and finished in a later sprint is
  // listed here too (Jira keeps closed sprints in the Sprint field), but it counts towards the sprint that finished it.
  const closedAt = sprint.state === 'closed' && sprint.completeDate ? parseInstant(sprint.completeDate) : null;
  const doneInSprint = (issue: NormalizedIssue): boolean => {
    if (issue.statusCategory !== 'done') return false;
    if (closedAt === null || issue.resolutionDate === null) return true;
    const resolved = parseInstant(issue.resolutionDate);
    return resolved === null || resolved <= closedAt;
  };
  const completed = classified
    .filter(({ issue }) => doneInSprint(issue) && !(issue.isSubtask && issue.parent && keys.has(issue.parent.key)))
    .reduce((sum, { issue }) => sum + (issue.estimate ?? 0), 0);
  await putSnapshot({
    boardId,
    sprintId,
    name: sprint.name,
    startDate: sprint.startDate ?? null,
    endDate: sprint.endDate ?? null,
    completeDate: sprint.completeDate ?? null,
    ktloPoints: result.ktloPoints,
    projectPoints: result.projectPoints,
    ktloPlanned: null,
    ktloUnplanned: null,
    completedPoints: roundPoints(completed),
    ktloShare: result.ktloShare,
    issueIds: classified.map((c) => c.issue.id),
    // An open sprint still changes: its numbers are provisional until it closes.
    approximate: sprint.state !== 'closed',
    computedAt: now.toISOString(),
  });
  // A closed sprint is not read again: its copy has served.
  if (sprint.state === 'closed') await forgetSprintCopy(sprintId);
}

/** The (board, sprint) pairs of enabled projects' scrum boards whose recent closed sprints lack a final snapshot. */
export async function missingSnapshots(jira: JiraClient, onlyBoard: number | undefined, now: Date): Promise<Array<{ boardId: number; sprintId: number }>> {
  const global = (await readGlobal()).settings;
  // Sprints that ended before the retention cutoff are not measured again after their snapshots were deleted.
  const kept = retentionCutoffs(global.retention, now).snapshots.getTime();
  const boards =
    onlyBoard !== undefined
      ? [onlyBoard]
      : (await Promise.all(global.enabledProjects.map((p) => jira.boards(p)))).flat().filter((b) => b.type === 'scrum').map((b) => b.id);
  const out: Array<{ boardId: number; sprintId: number }> = [];
  for (const boardId of [...new Set(boards)]) {
    const boardConfig = await jira.boardConfiguration(boardId);
    const projectKey = boardProjectKey(boardConfig);
    if (!hasSprints(boardConfig) || projectKey === null || !isProjectEnabled(global, projectKey)) continue;
    const [sprints, stored] = await Promise.all([jira.sprints(boardId, ['closed']), boardSnapshots(boardId)]);
    const final = new Set(stored.filter((s) => !s.approximate).map((s) => s.sprintId));
    // A sprint is read once, closed (velocity uses closed sprints only; an open one is read live when viewed), and not
    // at all once it is past the snapshot retention.
    const closed = sprints.filter((s) => s.state === 'closed' && !(sprintEndedAt(s) < kept)).slice(-SNAPSHOT_SPRINTS);
    for (const s of closed) if (!final.has(s.id)) out.push({ boardId, sprintId: s.id });
  }
  return out;
}
