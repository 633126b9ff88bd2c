import { act, screen } from '@testing-library/react';
import { success } from '../../../src/contracts/envelope';
import { host } from '../support/fake-bridge';
import { BOARDS, projectPageContext } from './fixtures';
import { answerLoad, views } from '../support/measured-views';

jest.mock('../../../src/frontend/api/measured', () => jest.requireActual('../support/measured-views'));
beforeEach(() => answerLoad());

/** The surface's entry point, as the built index.html runs it: theming on, the page rendered into #root. */

it('enables Jira theming at startup and renders the project page into #root', async () => {
  host.context = projectPageContext();
  views.answer('boards', () => success(BOARDS));
  views.answer('sprints', () => success({ board: BOARDS[0], sprints: [] }));
  const root = document.createElement('div');
  root.id = 'root';
  document.body.append(root);

  await act(async () => {
    require('../../../src/frontend/project-page/main');
  });

  expect(host.themingEnabled).toBe(true);
  const tabs = await screen.findByRole('tablist', { name: 'KTLO Lens views' });
  expect(root.contains(tabs)).toBe(true);
});
