import { render, screen } from '@testing-library/react';
import { SprintCapacityPanel } from '../../../src/frontend/sprint-capacity/sprint-capacity-panel';
import { host } from '../support/fake-bridge';
import { answerLoad } from '../support/measured-views';

/** The measurement code is a chunk of its own: one the browser could not fetch is a notice, not a spinner forever. */

jest.mock('../../../src/frontend/api/measured', () => {
  throw new Error('Failed to fetch dynamically imported module: measured.js');
});

it('says the code could not be loaded and how to try again, in place of the figures', async () => {
  host.context = { accountId: 'user-dev-1', cloudId: 'local-cloud', locale: 'en_GB', timezone: 'UTC', moduleKey: 'ktlo-sprint-capacity', extension: { type: 'jira:sprintAction', board: { id: 1 }, sprint: { id: 12 } } };
  answerLoad();
  render(<SprintCapacityPanel />);
  const error = await screen.findByTestId('error-message');
  expect(error.textContent).toContain('KTLO Lens could not load its measurement code (Failed to fetch dynamically imported module: measured.js). Reload the page to try again.');
  expect(screen.queryByText('Checking the sprint’s KTLO load…')).toBeNull();
  // The settings form answers from the load, which came: only the figures need the missing code.
  expect(await screen.findByTestId('board-settings-form')).toBeTruthy();
});
