import { kvs } from '@forge/kvs';
import type { CapacityLoad } from '../contracts/resolvers';
import { capacityRoutes } from '../contracts/routes';
import { parseBoardConfig, resolveConfig, settingLevels } from '../domain/config';
import { VELOCITY_SPRINTS } from '../domain/measure';
import { suggestReserve } from '../domain/reserve';
import type { JiraClient } from '../jira/client';
import { JiraError } from '../jira/http';
import type { BoardConfiguration } from '../jira/schemas';
import { knownBoard, rememberBoard, type BoardFacts } from '../storage/board-facts-store';
import { getTeamModel } from '../storage/learned-model-store';
import { projectOverrides } from '../storage/overrides-store';
import { readBoard, readGlobal, readProject, saveSettings } from '../storage/settings-store';
import { boardSnapshots } from '../storage/snapshot-store';
import { userJira } from '../services/jira-context';
import { boardProjectKey } from '../reader/board';
import { canAdministerProject, displayAnswer, hasPermission, type Freshness } from '../services/permissions';
import { recentlyChanged } from '../services/recent-changes';
import { siteFields } from '../services/site-fields';
import { sprintHistory } from '../services/backend-measure';
import { boardReserve } from '../services/reserve';
import { enqueue } from '../triggers/work-queue';
import { type CallContext, Refusal, SurfaceResolver, underPayload } from './common';

/**
 * Sprint capacity (jira:sprintAction, jira:backlogAction and the project page), Kanban flow and trends: one load per
 * surface open (what the views, the settings form and the reserve suggestion need), and the two saves. Computed when
 * asked, as the caller. The board and sprint come from the module's context; only the project page, which has no
 * board in its context, lets the user pick one, and the pick is checked against the project's boards as the user.
 */

async function boardFor(jira: JiraClient, ctx: CallContext, requested: number | undefined): Promise<number> {
  const fromContext = ctx.extension.board?.id;
  if (fromContext !== undefined) return fromContext;
  const project = ctx.extension.project;
  if (!project) throw new Refusal('INVALID_INPUT', 'This view has no board or project in its context.');
  const boards = await jira.boards(project.key);
  if (requested === undefined) {
    const first = boards[0];
    if (!first) throw new Refusal('NOT_FOUND', `Project ${project.key} has no board you can see.`);
    return first.id;
  }
  if (!boards.some((b) => b.id === requested)) throw new Refusal('NOT_FOUND', `Board ${requested} is not a board of ${project.key} that you can see.`);
  return requested;
}

/**
 * Whoever administers the board's project (or Jira), or may edit the board itself, may change its settings: 'fresh'
 * for the save itself, 'display' for whether the view offers it.
 */
async function canEditBoard(jira: JiraClient, ctx: CallContext, config: Pick<BoardConfiguration, 'id' | 'location'>, freshness: Freshness): Promise<boolean> {
  const boardId = config.id;
  const projectKey = boardProjectKey(config);
  if (projectKey !== null && (await canAdministerProject(jira, ctx.accountId, projectKey, freshness))) return true;
  if (projectKey === null) return false;
  return displayAnswer(ctx.accountId, `edit-board:${boardId}`, freshness, async () => (await jira.boards(projectKey)).some((b) => b.id === boardId && b.canEdit === true));
}

/**
 * The board as the caller may see it: whether they may (Jira's answer to reading the board as them, kept for display
 * as permissions are) and its name, type and project (kept for a day, src/storage/board-facts-store.ts). A repeat
 * view within both asks Jira nothing; a board they may not see is NOT_FOUND.
 */
async function visibleBoard(jira: JiraClient, ctx: CallContext, boardId: number): Promise<BoardFacts> {
  let read: BoardFacts | undefined;
  const visible = await displayAnswer(ctx.accountId, `see-board:${boardId}`, 'display', async () => {
    try {
      read = await rememberBoard(await jira.board(boardId));
      return true;
    } catch (e) {
      if (e instanceof JiraError && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN')) return false;
      throw e;
    }
  });
  if (!visible) throw new Refusal('NOT_FOUND', `Board ${boardId} is not a board you can see.`);
  return read ?? (await knownBoard(boardId)) ?? rememberBoard(await jira.board(boardId));
}

/** Whether the view offers editing the board's settings (the board as the caller may see it): the display check. */
function mayShowEdit(jira: JiraClient, ctx: CallContext, boardId: number, { projectKey }: BoardFacts): Promise<boolean> {
  return canEditBoard(jira, ctx, { id: boardId, location: projectKey === null ? undefined : { type: 'project', key: projectKey } }, 'display');
}

/** At most one backfill request per board every ten minutes, however often the view is opened meanwhile. */
async function requestBackfill(boardId: number): Promise<void> {
  const marker = `backfill-requested:${boardId}`;
  if ((await kvs.get(marker)) !== undefined) return;
  await kvs.set(marker, true, { ttl: { value: 10, unit: 'MINUTES' } });
  await enqueue([{ type: 'backfill', boardId }]);
}

const resolver = new SurfaceResolver(capacityRoutes);

/**
 * The one invoke of a capacity surface's load. The board comes from the context (sprint and backlog actions), or is
 * the project page's pick, checked against the project's boards as the caller; reading it as the caller also proves
 * they may see it (answers kept for display: src/services/permissions.ts). Overrides are answered for the context's project only (else the board's), and only once Jira says
 * the caller may browse it: a project page of a project they cannot browse is refused.
 */
resolver.define(
  capacityRoutes.load,
  async ({ boardId }, ctx): Promise<CapacityLoad> => {
    const jira = userJira();
    const id = await boardFor(jira, ctx, boardId);
    const board = await visibleBoard(jira, ctx, id);
    const boardProject = board.projectKey;
    const contextProject = ctx.extension.project?.key ?? null;
    const overridesProject = contextProject ?? boardProject;
    const browse = overridesProject === null ? false : await hasPermission(jira, ctx.accountId, 'BROWSE_PROJECTS', { projectKey: overridesProject }, 'display');
    if (contextProject !== null && !browse) throw new Refusal('FORBIDDEN', `You may not browse project ${contextProject}.`);
    const [global, project, stored, fields, overrides, snapshots, team, canEdit, reconcile] = await Promise.all([
      readGlobal(),
      boardProject === null ? null : readProject(boardProject),
      readBoard(id),
      siteFields(jira),
      browse && overridesProject !== null ? projectOverrides(overridesProject) : new Map(),
      boardSnapshots(id),
      getTeamModel(),
      mayShowEdit(jira, ctx, id, board),
      recentlyChanged(),
    ]);
    const history = sprintHistory(snapshots);
    // First view of a board: measure its closed sprints in the background (the consumer skips projects not opted in).
    if (history.filter((s) => s.completeDate !== null).length < VELOCITY_SPRINTS) await requestBackfill(id);
    return {
      board: { id, name: board.name, type: board.type, projectKey: boardProject, canEdit },
      settings: {
        effective: resolveConfig(global.settings, project?.settings ?? {}, stored.settings),
        levels: settingLevels(global.revision > 0, project?.settings ?? {}, stored.settings),
      },
      own: { revision: stored.revision, savedBy: stored.savedBy, savedAt: stored.savedAt, settings: stored.settings },
      // A Kanban board has no snapshots: the viewer's browser measures its reserve from its throughput.
      reserve: board.type === 'kanban' ? null : suggestReserve(snapshots),
      fields: { storyPoints: fields.storyPoints, sprint: fields.sprint, workCategory: fields.workCategory },
      overridesProject: browse ? overridesProject : null,
      overrides: Object.fromEntries([...overrides.values()].map((o) => [o.issueId, { category: o.category, at: o.at }])),
      enabledProjects: global.settings.enabledProjects,
      history,
      team: team && { ...team, cases: [...team.cases] },
      reconcile,
    };
  },
);

resolver.define(
  capacityRoutes.saveBoardSettings,
  async ({ boardId, expectedRevision, settings }, ctx) => {
    const jira = userJira();
    const id = await boardFor(jira, ctx, boardId);
    if (!(await canEditBoard(jira, ctx, await jira.boardConfiguration(id), 'fresh'))) throw new Refusal('FORBIDDEN', "Only admins of this board or its project can change the board's KTLO settings.");
    const parsed = parseBoardConfig(settings);
    if (!parsed.ok) throw new Refusal('INVALID_INPUT', parsed.error, underPayload('settings', parsed.problems));
    const saved = await saveSettings({ kind: 'board', boardId: id }, expectedRevision, parsed.value, ctx.accountId, new Date());
    if (!saved.ok) throw new Refusal('CONFLICT', `Someone else saved these settings first (revision ${saved.conflict.revision}). Reload to see their changes.`);
    return { revision: saved.revision };
  },
);

/**
 * "Apply to this board": saves the suggested band as the board's own, every other board field as stored. The band sent
 * is the one the person saw: if the history moved since, the save is refused rather than storing a band nobody saw.
 */
resolver.define(
  capacityRoutes.applyReserve,
  async ({ boardId, expectedRevision, band }, ctx) => {
    const jira = userJira();
    const id = await boardFor(jira, ctx, boardId);
    const configuration = await jira.boardConfiguration(id);
    if (!(await canEditBoard(jira, ctx, configuration, 'fresh'))) throw new Refusal('FORBIDDEN', "Only admins of this board or its project can change the board's KTLO reserve.");
    const [suggestion, stored] = await Promise.all([boardReserve(jira, configuration, new Date()), readBoard(id)]);
    if (suggestion.kind !== 'suggested') {
      const measured = suggestion.period === 'sprint' ? 'closed sprints measured' : 'weeks with finished work';
      throw new Refusal('INVALID_INPUT', `Board ${id} has ${suggestion.periods} ${measured}; a reserve is suggested from ${suggestion.needed}.`);
    }
    if (suggestion.band.min !== band.min || suggestion.band.max !== band.max) {
      throw new Refusal('CONFLICT', 'The suggested reserve changed since it was shown (a sprint closed or was measured). Refresh to see the new suggestion.');
    }
    const saved = await saveSettings({ kind: 'board', boardId: id }, expectedRevision, { ...stored.settings, band: suggestion.band }, ctx.accountId, new Date());
    if (!saved.ok) throw new Refusal('CONFLICT', `Someone else saved this board's settings first (revision ${saved.conflict.revision}). Refresh to see their changes.`);
    return { revision: saved.revision, band: suggestion.band };
  },
);

export const capacityHandler = resolver.getDefinitions();
