import { act, screen } from '@testing-library/react';
import { failure } from '../../../src/contracts/envelope';
import { host } from '../support/fake-bridge';

/** The surface's entry point, as the built index.html runs it: theming on, the settings page rendered into #root. */

it('enables Jira theming at startup and renders the settings page into #root', async () => {
  host.context = { accountId: 'user-dev-1', extension: { type: 'jira:adminPage' } };
  host.answer('settings/get', () => failure('FORBIDDEN', 'Only Jira or project administrators can see KTLO Lens settings.'));
  const root = document.createElement('div');
  root.id = 'root';
  document.body.append(root);

  await act(async () => {
    require('../../../src/frontend/settings/main');
  });

  expect(host.themingEnabled).toBe(true);
  const main = await screen.findByRole('main', { name: 'KTLO Lens settings' });
  expect(root.contains(main)).toBe(true);
  expect((await screen.findByTestId('error-message')).textContent).toContain('Only Jira or project administrators can see KTLO Lens settings.');
  // StrictMode runs the load effect twice in development builds; every read is of the global level (no project here).
  expect(host.invocationsOf('settings/get').every((p) => p['level'] === 'global')).toBe(true);
});
