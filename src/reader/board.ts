import type { EffectiveConfig } from '../domain/config';
import type { BoardRef } from '../domain/measure';
import type { EstimateSource } from '../domain/normalize';
import type { JiraClient } from '../jira/client';
import type { BoardConfiguration } from '../jira/schemas';
import { estimateSource, type SiteFieldIds } from './fields';

/**
 * A board's set-up, read once per measurement: its configuration (name, type, project, estimation), the settings in
 * force for it and the estimate source they lead to. What lives in the app (settings, field ids) comes through
 * `AppSide`: from kvs in the backend, from the surface's load route in the browser.
 */

export interface AppSide {
  /** Settings in force for the board: board over project over global. */
  settings(projectKey: string | null, boardId: number): Promise<EffectiveConfig>;
  fields(): Promise<SiteFieldIds>;
}

export interface BoardSetup {
  configuration: BoardConfiguration;
  board: BoardRef;
  projectKey: string | null;
  config: EffectiveConfig;
  source: EstimateSource;
  fields: SiteFieldIds;
}

export function boardProjectKey(config: Pick<BoardConfiguration, 'location'>): string | null {
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

export function boardRef(config: BoardConfiguration, fallbackType: 'scrum' | 'kanban' = 'scrum'): BoardRef {
  return { id: config.id, name: config.name, type: config.type ?? fallbackType };
}

/** The configuration is read alongside the field ids; the settings, which need its project, after it. */
export async function readBoardSetup(jira: JiraClient, boardId: number, app: AppSide, asked: Promise<BoardConfiguration> = jira.boardConfiguration(boardId)): Promise<BoardSetup> {
  const [configuration, fields] = await Promise.all([asked, app.fields()]);
  const projectKey = boardProjectKey(configuration);
  const config = await app.settings(projectKey, boardId);
  return { configuration, board: boardRef(configuration), projectKey, config, source: estimateSource(config.estimationBasis, configuration, fields.storyPoints), fields };
}
