import { resolveConfig, type EffectiveConfig, type GlobalConfig } from '../domain/config';
import { readBoard, readGlobal, readProject } from '../storage/settings-store';

export interface ConfigInForce {
  global: GlobalConfig;
  effective: EffectiveConfig;
  /** Revision of the board's own settings (0 when it has none), for in-place edits. */
  boardRevision: number;
  /** The global and project revisions that decide classification ("g3-p1"), stored with each decision. */
  rulesVersion: string;
}

/** The settings in force for a project (and a board of it): board over project over global. */
export async function configFor(projectKey: string | null, boardId: number | null): Promise<ConfigInForce> {
  const [global, project, board] = await Promise.all([
    readGlobal(),
    projectKey === null ? null : readProject(projectKey),
    boardId === null ? null : readBoard(boardId),
  ]);
  return {
    global: global.settings,
    effective: resolveConfig(global.settings, project?.settings ?? {}, board?.settings ?? {}),
    boardRevision: board?.revision ?? 0,
    rulesVersion: `g${global.revision}-p${project?.revision ?? 0}`,
  };
}
