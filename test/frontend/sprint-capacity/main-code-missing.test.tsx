import { act } from '@testing-library/react';
import { host } from '../support/fake-bridge';
import { sprintMenuPage } from '../support/entry-page';
import { answerLoad } from '../support/measured-views';

/** The panel's code is fetched with the page but imported once the first reads are sent: a copy the browser could not get is said in the page. */

jest.mock('../../../src/frontend/api/measured', () => jest.requireActual('../support/measured-views'));
jest.mock('../../../src/frontend/sprint-capacity/surface', () => {
  throw new Error('Failed to fetch dynamically imported module: surface.js');
});
beforeEach(() => answerLoad());

it('says the surface could not load its code and how to try again', async () => {
  const root = sprintMenuPage();
  await act(async () => {
    require('../../../src/frontend/sprint-capacity/main');
    await new Promise((resolve) => setTimeout(resolve, 200));
  });
  expect(root.textContent).toBe('KTLO Lens could not load its code (Failed to fetch dynamically imported module: surface.js). Reload the page to try again.');
  // The board's reads went out all the same.
  expect(host.invocationsOf('capacity/load')).toHaveLength(1);
});
