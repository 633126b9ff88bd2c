import { resolveConfig, type EffectiveConfig, type GlobalConfig, type ProjectConfig } from '../domain/config';
import { overridesBelow, type FieldOverrides } from '../domain/setting-overrides';
import { knownBoard } from '../storage/board-facts-store';
import { everyBoardsSettings, everyProjectsSettings, readBoard, readGlobal, readProject } from '../storage/settings-store';

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

/**
 * Who below a level sets their own value of each field: below global, every project and board that saved its own;
 * below a project, its boards. A board's name and project come from the facts the capacity views keep of it (a day):
 * a board not read lately is listed by id below global, and cannot be placed in a project.
 */
export async function overriddenBelow(level: { kind: 'global' } | { kind: 'project'; projectKey: string }): Promise<FieldOverrides[]> {
  const [projects, boards] = await Promise.all([level.kind === 'global' ? everyProjectsSettings() : new Map<string, ProjectConfig>(), everyBoardsSettings()]);
  const kept = await Promise.all([...boards.keys()].map(async (id) => [id, await knownBoard(id)] as const));
  const factsOf = new Map(kept);
  const ownBoards = [...boards]
    .filter(([id]) => level.kind === 'global' || factsOf.get(id)?.projectKey === level.projectKey)
    .map(([id, settings]) => ({ id, name: factsOf.get(id)?.name ?? null, settings }));
  return overridesBelow([...projects].map(([key, settings]) => ({ key, settings })), ownBoards);
}
