import { act, screen } from '@testing-library/react';
import { failure } from '../../../src/contracts/envelope';
import { host } from '../support/fake-bridge';
import * as measuredViews from '../support/measured-views';
import { sprintMenuPage } from '../support/entry-page';
import { answerLoad, views } from '../support/measured-views';

jest.mock('../../../src/frontend/api/measured', () => jest.requireActual('../support/measured-views'));
beforeEach(() => answerLoad());

/** The surface's entry point, as the built index.html runs it: theming on, the panel rendered into #root. */

it('enables Jira theming at startup and renders the capacity panel into #root, after sending the board\'s first reads', async () => {
  views.answer('sprint', () => failure('NOT_FOUND', 'Sprint 12 is not a sprint of board 1.'));
  const root = sprintMenuPage();
  // What React had drawn, and which invokes were out, when the surface asked Jira for the board's first reads.
  const atFirstReads: Array<{ drawn: number; invokes: string[] }> = [];
  const readEarly = measuredViews.readEarly;
  jest.spyOn(jest.requireMock<typeof measuredViews>('../../../src/frontend/api/measured'), 'readEarly').mockImplementation((boardId, sprintId) => {
    atFirstReads.push({ drawn: root.childElementCount, invokes: host.invocations.map((i) => i.functionKey) });
    return readEarly(boardId, sprintId);
  });

  await act(async () => {
    require('../../../src/frontend/sprint-capacity/main');
  });

  expect(host.themingEnabled).toBe(true);
  const main = await screen.findByRole('main', { name: 'KTLO sprint capacity' });
  expect(atFirstReads[0]).toEqual({ drawn: 0, invokes: ['capacity/load'] });
  expect(root.contains(main)).toBe(true);
  expect((await screen.findAllByTestId('error-message'))[0]?.textContent).toContain('Sprint 12 is not a sprint of board 1.');
});
