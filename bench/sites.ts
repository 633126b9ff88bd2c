import { ADMIN_ACCOUNT_ID, addBoard, addIssue, addProject, addSprint, DEV_ACCOUNT_ID, MEMBER_PERMISSIONS, STORY_POINTS_FIELD_ID, type Site } from '../dev/jira/site';
import { seededRandom } from '../dev/seeded-random';

/** The generated boards the latency benchmarks read: the same seed gives the same issues. */

const DAY_MS = 86_400_000;
const SPRINT_SUMMARIES = ['Monthly security patching - web tier', 'Renew TLS certificate for the API gateway', 'Build the invoice export', 'Tune noisy disk alerts', 'Migrate search to OpenSearch', 'Implement SSO for partners'];
const FLOW_SUMMARIES = ['Restart the stuck ingest worker', 'Grant repository access to the new starter', 'Add CSV export to the audit log', 'Renew the wildcard certificate', 'Rotate the database credentials', 'Build the onboarding checklist'];

export interface SprintSpec {
  projectKey: string;
  boardId: number;
  sprintId: number;
  issues: number;
  seed: number;
}

/**
 * A scrum project whose board has one active sprint (18 November to 2 December 2026) of `issues` estimated tasks,
 * one in ten added after the sprint started. Ana and Dan may browse it.
 */
export function addSprintOfIssues(site: Site, spec: SprintSpec): void {
  const { projectKey, boardId, sprintId } = spec;
  addProject(site, { key: projectKey, name: `${projectKey} operations`, access: { [ADMIN_ACCOUNT_ID]: MEMBER_PERMISSIONS, [DEV_ACCOUNT_ID]: MEMBER_PERMISSIONS } });
  addBoard(site, { id: boardId, name: `${projectKey} board`, type: 'scrum', projectKey, estimation: { type: 'field', fieldId: STORY_POINTS_FIELD_ID } });
  addSprint(site, { id: sprintId, boardId, name: `Big sprint (${spec.issues} issues)`, state: 'active', startDate: '2026-11-18T09:00:00.000Z', endDate: '2026-12-02T09:00:00.000Z' });
  const r = seededRandom(spec.seed);
  for (let i = 0; i < spec.issues; i++) {
    const late = r() < 0.1;
    addIssue(site, {
      project: projectKey,
      type: 'Task',
      summary: `${SPRINT_SUMMARIES[i % SPRINT_SUMMARIES.length]} ${i}`,
      storyPoints: [1, 2, 3, 5, 8][i % 5],
      created: '2026-11-10T09:00:00.000Z',
      sprints: [{ at: late ? '2026-11-20T09:00:00.000Z' : '2026-11-17T09:00:00.000Z', sprintId }],
    });
  }
}

export interface KanbanSpec {
  projectKey: string;
  boardId: number;
  issues: number;
  /** The site's clock (ms): flow's eight-week window and the server's relative JQL dates count from it. */
  now: number;
  seed: number;
}

/**
 * A Kanban project whose board holds `issues` issues, like a real board after a few years: 80% done long ago, 15% done
 * in the flow window, 3% in progress, 2% still to do. Flow needs only what is in progress and what finished lately.
 */
export function addKanbanBoardOfIssues(site: Site, spec: KanbanSpec): void {
  const { projectKey, now } = spec;
  addProject(site, { key: projectKey, name: `${projectKey} support`, access: { [ADMIN_ACCOUNT_ID]: MEMBER_PERMISSIONS, [DEV_ACCOUNT_ID]: MEMBER_PERMISSIONS } });
  addBoard(site, { id: spec.boardId, name: `${projectKey} flow`, type: 'kanban', projectKey });
  const r = seededRandom(spec.seed);
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY_MS).toISOString();
  for (let i = 0; i < spec.issues; i++) {
    const kind = r();
    const doneDaysAgo = kind < 0.8 ? 70 + Math.floor(r() * 1000) : kind < 0.95 ? 1 + Math.floor(r() * 50) : null;
    const inProgress = doneDaysAgo === null && kind < 0.98;
    const started = doneDaysAgo === null ? 1 + Math.floor(r() * 20) : doneDaysAgo + 1 + Math.floor(r() * 10);
    const created = started + 1 + Math.floor(r() * 30);
    addIssue(site, {
      project: projectKey,
      type: 'Task',
      summary: `${FLOW_SUMMARIES[i % FLOW_SUMMARIES.length]} ${i}`,
      created: at(created),
      transitions: [
        ...(doneDaysAgo !== null || inProgress ? [{ at: at(started), to: 'In Progress' }] : []),
        ...(doneDaysAgo !== null ? [{ at: at(doneDaysAgo), to: 'Done' }] : []),
      ],
    });
  }
}
