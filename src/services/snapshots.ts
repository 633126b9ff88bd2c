import { isProjectEnabled, retentionCutoffs } from '../domain/config';
import type { JoinSpan } from '../domain/measure';
import { RESERVE_SPRINTS } from '../domain/reserve';
import type { JiraClient } from '../jira/client';
import { boardProjectKey, hasSprints, readBoardSetup, type BoardSetup } from '../reader/board';
import { BACKGROUND_READ } from '../reader/issue-list';
import { normalize, readSprint, type SprintRead } from '../reader/sprint';
import { boardSnapshots, putSnapshot, sprintEndedAt } from '../storage/snapshot-store';
import { readGlobal } from '../storage/settings-store';
import { forgetSprintCopy } from '../storage/sprint-copy-store';
import { backendApp, measureRead } from './backend-measure';
import { withReconcile } from './issue-list';
import { closingSprintIssues } from './sprint-copies';

/** How many closed sprints a board keeps snapshots of: the reserve's window, which covers velocity's too. */
export const SNAPSHOT_SPRINTS = RESERVE_SPRINTS;

/**
 * A closed sprint's issues from its kept copy and what changed since (services/sprint-copies.ts) when it can be
 * trusted, with when the refreshes saw its issues join; else read in full. Join times the copy does not know are read
 * afterwards, for the KTLO issues only (backend-measure.ts).
 */
async function readClosedSprint(jira: JiraClient, setup: BoardSetup, sprintId: number, now: Date): Promise<{ read: SprintRead; joins: ReadonlyMap<string, JoinSpan> }> {
  const sprint = await jira.sprint(sprintId);
  const copied = sprint.state === 'closed' ? await closingSprintIssues(jira, setup.board.id, sprintId, setup.source, now) : null;
  if (copied !== null) return { read: { sprint, raw: copied.issues, issues: normalize(setup, copied.issues), joinedAt: null, parents: [] }, joins: copied.joins };
  return { read: await readSprint(jira, setup, sprint, { read: await withReconcile(BACKGROUND_READ), history: false, parentsField: null }), joins: new Map() };
}

/**
 * Measures one sprint as the app and stores its aggregates (numbers and ids only), with the planned/unplanned split of
 * its KTLO. A Kanban board has none to measure.
 */
export async function computeSnapshot(jira: JiraClient, boardId: number, sprintId: number, now: Date): Promise<void> {
  const setup = await readBoardSetup(jira, boardId, backendApp(jira));
  if (!hasSprints(setup.configuration)) return;
  const { read, joins } = await readClosedSprint(jira, setup, sprintId, now);
  // Stored shares are over the planned total, as the trend compares them; velocity is not measured against itself.
  const { view, classified, completedPoints } = await measureRead(jira, { ...setup, config: { ...setup.config, teamCapacity: null } }, read, [], joins);
  const { sprint } = read;
  await putSnapshot({
    boardId,
    sprintId,
    name: sprint.name,
    startDate: sprint.startDate ?? null,
    endDate: sprint.endDate ?? null,
    completeDate: sprint.completeDate ?? null,
    ktloPoints: view.ktloPoints,
    projectPoints: view.projectPoints,
    ktloPlanned: view.ktloSplit?.planned ?? null,
    ktloUnplanned: view.ktloSplit?.unplanned ?? null,
    completedPoints,
    ktloShare: view.ktloShare,
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
