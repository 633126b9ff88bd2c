import { act, screen } from '@testing-library/react';
import { host } from '../support/fake-bridge';
import { sprintMenuPage } from '../support/entry-page';
import { answerLoad } from '../support/measured-views';

jest.mock('../../../src/frontend/api/measured', () => jest.requireActual('../support/measured-views'));
beforeEach(() => answerLoad());

/** The surface's entry point waits for its first reads to be sent before drawing, but never for a host that does not answer. */

it('draws the capacity panel while the host has not answered its context', async () => {
  let answer = (): void => undefined;
  host.contextHeld = new Promise((resolve) => {
    answer = resolve;
  });
  const root = sprintMenuPage();

  await act(async () => {
    require('../../../src/frontend/sprint-capacity/main');
  });

  const main = await screen.findByRole('main', { name: 'KTLO sprint capacity' });
  expect(root.contains(main)).toBe(true);
  // Nothing was asked for the board yet: the context that names it has not come.
  expect(host.invocations).toEqual([]);
  await act(async () => {
    answer();
    await host.contextHeld;
  });
  expect(host.invocationsOf('capacity/load')).toHaveLength(1);
});
