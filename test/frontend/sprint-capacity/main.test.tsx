import { act, screen } from '@testing-library/react';
import { failure } from '../../../src/contracts/envelope';
import { host } from '../support/fake-bridge';
import { answerLoad, views } from '../support/measured-views';

jest.mock('../../../src/frontend/api/measured', () => jest.requireActual('../support/measured-views'));
beforeEach(() => answerLoad());

/** The surface's entry point, as the built index.html runs it: theming on, the panel rendered into #root. */

it('enables Jira theming at startup and renders the capacity panel into #root', async () => {
  host.context = { accountId: 'user-dev-1', extension: { type: 'jira:sprintAction', board: { id: 1 }, sprint: { id: 12 } } };
  views.answer('sprint', () => failure('NOT_FOUND', 'Sprint 12 is not a sprint of board 1.'));
  const root = document.createElement('div');
  root.id = 'root';
  document.body.append(root);

  await act(async () => {
    require('../../../src/frontend/sprint-capacity/main');
  });

  expect(host.themingEnabled).toBe(true);
  const main = await screen.findByRole('main', { name: 'KTLO sprint capacity' });
  expect(root.contains(main)).toBe(true);
  expect((await screen.findAllByTestId('error-message'))[0]?.textContent).toContain('Sprint 12 is not a sprint of board 1.');
});
