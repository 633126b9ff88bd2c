import { token } from '@atlaskit/tokens';
import { createContext, useContext, type ReactNode } from 'react';
import type { SettingLevel } from '../../domain/config';
import { openAdminSettings, openProjectSettings } from '../api/settings-pages';
import { levelWords } from '../sprint-capacity/capacity-format';

/**
 * The level a value in force is set at ("project setting"), as a link to where it can be changed: the board settings
 * in the same view (sprint capacity, backlog action) or, elsewhere, where they are; the project's KTLO Lens settings
 * page; the admin page for global settings and the defaults.
 */

export interface SettingPlaces {
  /** The project whose settings page a project level opens (the board's project); null: none known. */
  projectKey: string | null;
  /** Moves to the board settings of the same view, at the field given; null when they are not in this view. */
  focusBoardSetting: ((field: BoardField) => void) | null;
  /** Where the board settings are when this view does not hold them ("set in … "). */
  boardSettingsAt?: string;
}

export type BoardField = 'band' | 'teamCapacity' | 'wipLimit';

/** The board settings section's element id, where a board level's link moves to when no field of it is there. */
export const BOARD_SETTINGS_ID = 'board-settings';

const SettingPlacesContext = createContext<SettingPlaces>({ projectKey: null, focusBoardSetting: null });

export function SettingPlacesProvider({ places, children }: { places: SettingPlaces; children: ReactNode }) {
  return <SettingPlacesContext.Provider value={places}>{children}</SettingPlacesContext.Provider>;
}

/** Where the board settings are when a view does not say. */
const BOARD_SETTINGS_ELSEWHERE = 'set in “KTLO capacity” on the board’s backlog';

const linkStyle = {
  background: 'none',
  border: 0,
  padding: 0,
  font: 'inherit',
  color: token('color.link'),
  textDecoration: 'underline',
  cursor: 'pointer',
} as const;

function target(level: SettingLevel, places: SettingPlaces, field: BoardField): { where: string; go: () => void } | null {
  if (level === 'board') return places.focusBoardSetting ? { where: 'the board settings below', go: () => places.focusBoardSetting?.(field) } : null;
  if (level === 'project') {
    const key = places.projectKey;
    return key === null ? null : { where: `the KTLO Lens settings of project ${key}`, go: () => void openProjectSettings(key) };
  }
  return { where: 'the KTLO Lens admin settings', go: () => void openAdminSettings() };
}

/** "project setting" (or `children`) as a link; a board setting shown away from the board settings says where they are. */
export function LevelLink({ level, field, children }: { level: SettingLevel; field: BoardField; children?: string }) {
  const places = useContext(SettingPlacesContext);
  const words = children ?? levelWords(level);
  const to = target(level, places, field);
  if (to === null) return <>{level === 'board' ? `${words}, ${places.boardSettingsAt ?? BOARD_SETTINGS_ELSEWHERE}` : words}</>;
  return (
    <button type="button" style={linkStyle} onClick={to.go} aria-label={`${words}: change it in ${to.where}`} data-testid={`level-link-${level}`}>
      {words}
    </button>
  );
}
