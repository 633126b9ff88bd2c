import type { BoardConfig, ProjectConfig } from './config';

/**
 * Which lower levels set their own value of each setting, so a change at the level above does not reach them: the
 * admin page lists the projects and boards that set a field, a project's settings page the boards of that project.
 */

/** The fields a project or a board may set for itself (the settings pages' sections). */
export const OVERRIDABLE_FIELDS = ['band', 'estimationBasis', 'defaultCategory', 'lowConfidenceThreshold', 'explicitLabels', 'rules'] as const;
export type OverridableField = (typeof OVERRIDABLE_FIELDS)[number];

export interface BoardOwnSettings {
  id: number;
  /** The board's name as last read, or null when the app has not read the board lately. */
  name: string | null;
  settings: BoardConfig;
}

export interface FieldOverrides {
  field: OverridableField;
  projects: string[];
  boards: Array<{ id: number; name: string | null }>;
}

/** A board sets only the band and the estimation basis of the fields a project may set. */
function boardValue(settings: BoardConfig, field: OverridableField): unknown {
  return field === 'band' ? settings.band : field === 'estimationBasis' ? settings.estimationBasis : undefined;
}

/** Per field that any of them sets, the projects and boards that set it (sorted by key and id); fields nobody sets are left out. */
export function overridesBelow(projects: ReadonlyArray<{ key: string; settings: ProjectConfig }>, boards: readonly BoardOwnSettings[]): FieldOverrides[] {
  const sortedProjects = [...projects].sort((a, b) => a.key.localeCompare(b.key));
  const sortedBoards = [...boards].sort((a, b) => a.id - b.id);
  return OVERRIDABLE_FIELDS.flatMap((field) => {
    const setBy = {
      field,
      projects: sortedProjects.filter((p) => p.settings[field] !== undefined).map((p) => p.key),
      boards: sortedBoards.filter((b) => boardValue(b.settings, field) !== undefined).map(({ id, name }) => ({ id, name })),
    };
    return setBy.projects.length + setBy.boards.length === 0 ? [] : [setBy];
  });
}
