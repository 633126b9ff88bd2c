import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LevelLink, SettingPlacesProvider, type BoardField } from '../../../src/frontend/shared/level-link';
import type { SettingLevel } from '../../../src/domain/config';
import { host } from '../support/fake-bridge';

/** A value's level as a link to where it changes, through the real @forge/bridge router against the fake host. */

beforeEach(() => host.reset());

function renderLevel(level: SettingLevel, places: { projectKey: string | null; focusBoardSetting: ((field: BoardField) => void) | null; boardSettingsAt?: string }, field: BoardField = 'band') {
  return render(
    <SettingPlacesProvider places={places}>
      <p data-testid="line">
        Reserved band 30–40% (<LevelLink level={level} field={field} />)
      </p>
    </SettingPlacesProvider>,
  );
}

it('a project level opens the project’s KTLO Lens settings page by module, with the project key', async () => {
  renderLevel('project', { projectKey: 'OPS', focusBoardSetting: null });
  expect(screen.getByTestId('line').textContent).toBe('Reserved band 30–40% (project setting)');
  const link = screen.getByRole('button', { name: 'project setting: change it in the KTLO Lens settings of project OPS' });
  await userEvent.setup().click(link);
  expect(host.navigations).toEqual([{ target: 'module', moduleKey: 'ktlo-project-settings', projectKey: 'OPS', type: 'same-tab' }]);
});

it.each(['global', 'default'] as const)('a %s level opens the admin page', async (level) => {
  renderLevel(level, { projectKey: 'OPS', focusBoardSetting: null });
  const user = userEvent.setup();
  // Reached from the keyboard: Tab, then Enter.
  await user.tab();
  expect(document.activeElement?.getAttribute('aria-label')).toBe(`${level === 'global' ? 'global setting' : 'default'}: change it in the KTLO Lens admin settings`);
  await user.keyboard('{Enter}');
  expect(host.navigations).toEqual([{ target: 'module', moduleKey: 'ktlo-settings', type: 'same-tab' }]);
});

it('a board level moves to the board settings of the same view, at the field', async () => {
  const focus = jest.fn();
  renderLevel('board', { projectKey: 'OPS', focusBoardSetting: focus }, 'wipLimit');
  await userEvent.setup().click(screen.getByRole('button', { name: 'board setting: change it in the board settings below' }));
  expect(focus).toHaveBeenCalledWith('wipLimit');
  expect(host.navigations).toEqual([]);
});

it('a board level away from the board settings says where they are, and is no link', () => {
  renderLevel('board', { projectKey: 'OPS', focusBoardSetting: null, boardSettingsAt: 'set on the Sprint capacity tab' });
  expect(screen.getByTestId('line').textContent).toBe('Reserved band 30–40% (board setting, set on the Sprint capacity tab)');
  expect(screen.queryByRole('button')).toBeNull();
});

it('a project level without a known project names the level without a link', () => {
  renderLevel('project', { projectKey: null, focusBoardSetting: null });
  expect(screen.getByTestId('line').textContent).toBe('Reserved band 30–40% (project setting)');
  expect(screen.queryByRole('button')).toBeNull();
});
