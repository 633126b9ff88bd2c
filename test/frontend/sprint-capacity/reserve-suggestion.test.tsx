import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { failure, success } from '../../../src/contracts/envelope';
import type { ReserveView } from '../../../src/contracts/resolvers';
import { forgetLoads, reload } from '../../../src/frontend/api/capacity';
import { ReserveSuggestion } from '../../../src/frontend/sprint-capacity/reserve-suggestion';
import { host } from '../support/fake-bridge';
import { answerLoad, views } from '../support/measured-views';

jest.mock('../../../src/frontend/api/measured', () => jest.requireActual('../support/measured-views'));

/** The reserve suggested from history, against a fake Forge host (the real @forge/bridge): it answers from the surface's load. */

const suggested = (over: Partial<ReserveView> = {}): ReserveView => ({
  boardId: 1,
  suggestion: { kind: 'suggested', band: { min: 0.25, max: 0.35 }, period: 'sprint', periods: 12, skipped: 1, ktloShare: { p50: 0.28, p85: 0.33, periods: 11 }, unplannedShare: { p50: 0.05, p85: 0.1, periods: 9 } },
  boardBand: null,
  revision: 3,
  canEdit: true,
  ...over,
});

/** The surface's load, as the resolver answers it for a board whose reserve view is `view`. */
function answerReserve(view: () => ReserveView): void {
  answerLoad((_payload, load) => {
    const { boardId, suggestion, boardBand, revision, canEdit } = view();
    return { board: { ...load.board, id: boardId, canEdit }, own: { ...load.own, revision, settings: boardBand === null ? {} : { band: boardBand } }, reserve: suggestion };
  });
}

beforeEach(() => {
  forgetLoads();
  host.context = { accountId: 'user-admin', cloudId: 'local-cloud', locale: 'en_GB', timezone: 'UTC', moduleKey: 'ktlo-sprint-capacity', extension: { type: 'jira:sprintAction', board: { id: 1 }, sprint: { id: 43 } } };
});

it('suggests the band with how it was computed, applies it with the revision shown, and tells the surface to refresh', async () => {
  let view = suggested();
  answerReserve(() => view);
  host.answer('capacity/applyReserve', (payload) => {
    view = suggested({ boardBand: { min: 0.25, max: 0.35 }, revision: 4 });
    return success({ revision: 4, band: (payload as { band: { min: number; max: number } }).band });
  });
  // The surface refreshes on its word: it asks the load again.
  const applied = jest.fn(() => reload(null));
  render(<ReserveSuggestion boardId={null} onApplied={applied} />);
  expect((await screen.findByTestId('reserve-band')).textContent).toBe('Reserve 25–35% (last 12 sprints)');
  expect(screen.getByTestId('reserve-how').textContent).toContain('1 with nothing estimated left out; typical (p50) 28%, high (p85) 33%');
  expect(screen.getByTestId('reserve-unplanned').textContent).toBe(
    'Unplanned KTLO (added after the sprint started): typical (p50) 5%, high (p85) 10% of the planned work, over 9 of the 11 sprints (the others were measured before KTLO Lens stored what joined late).',
  );

  await userEvent.click(screen.getByTestId('reserve-apply'));
  expect(host.invocationsOf('capacity/applyReserve')).toEqual([{ expectedRevision: 3, band: { min: 0.25, max: 0.35 } }]);
  expect(applied).toHaveBeenCalledWith('Reserve 25–35% saved for this board.');
  expect((await screen.findByTestId('reserve-applied')).textContent).toBe('This board already reserves this band.');
  expect(host.invocationsOf('capacity/load')).toEqual([{}, {}]);
});

it('offers no apply to someone who may not edit the board, and says why there is no suggestion with too little history', async () => {
  answerReserve(() => suggested({ boardId: 2, canEdit: false }));
  const { unmount } = render(<ReserveSuggestion boardId={2} onApplied={jest.fn()} />);
  expect((await screen.findByTestId('reserve-read-only')).textContent).toBe('Admins of this board or its project can apply it.');
  expect(screen.queryByTestId('reserve-apply')).toBeNull();
  expect(host.invocationsOf('capacity/load')).toEqual([{ boardId: 2 }]);
  unmount();

  answerReserve(() => suggested({ suggestion: { kind: 'too-little-history', period: 'sprint', periods: 3, needed: 4 } }));
  render(<ReserveSuggestion boardId={null} onApplied={jest.fn()} />);
  expect((await screen.findByTestId('reserve-none')).textContent).toBe('No suggestion yet: this board has 3 sprints closed and measured, and a suggestion needs at least 4, or one unusual sprint would decide it.');
});

it('a refused apply is shown, and the view is not told to refresh', async () => {
  answerReserve(() => suggested());
  host.answer('capacity/applyReserve', () => failure('CONFLICT', 'Someone else saved this board’s settings first (revision 4). Refresh to see their changes.'));
  const applied = jest.fn();
  render(<ReserveSuggestion boardId={null} onApplied={applied} />);
  await userEvent.click(await screen.findByTestId('reserve-apply'));
  expect((await screen.findByRole('alert')).textContent).toContain('Someone else saved');
  expect(applied).not.toHaveBeenCalled();
});

it("a Kanban board's suggestion is measured in the browser from its weeks, and applied the same way", async () => {
  host.context = { accountId: 'user-admin', cloudId: 'local-cloud', locale: 'en_GB', timezone: 'UTC', moduleKey: 'ktlo-project-page', extension: { type: 'jira:projectPage', project: { key: 'WEB' } } };
  answerReserve(() => suggested({ boardId: 2, suggestion: null }));
  views.answer('kanban-reserve', () =>
    success({ kind: 'suggested', band: { min: 0.15, max: 0.3 }, period: 'week', periods: 12, skipped: 2, ktloShare: { p50: 0.18, p85: 0.27, periods: 10 }, unplannedShare: null }),
  );
  host.answer('capacity/applyReserve', (payload) => success({ revision: 4, band: (payload as { band: { min: number; max: number } }).band }));
  const applied = jest.fn();
  render(<ReserveSuggestion boardId={2} onApplied={applied} />);
  expect((await screen.findByTestId('reserve-band')).textContent).toBe('Reserve 15–30% (last 12 weeks)');
  expect(views.callsOf('kanban-reserve')).toEqual([{ board: 2 }]);
  expect(screen.getByTestId('reserve-how').textContent).toBe(
    'How: the KTLO share of the last 12 weeks of finished work (at most 12 full weeks, this one left out), 2 with nothing finished left out; typical (p50) 18%, high (p85) 27%; the band runs from p50 rounded down to p85 rounded up, in whole 5% steps.',
  );
  expect(screen.getByTestId('reserve-unplanned').textContent).toContain('a Kanban board plans no sprint');
  await userEvent.click(screen.getByTestId('reserve-apply'));
  expect(host.invocationsOf('capacity/applyReserve')).toEqual([{ boardId: 2, expectedRevision: 3, band: { min: 0.15, max: 0.3 } }]);
  expect(applied).toHaveBeenCalledWith('Reserve 15–30% saved for this board.');
});

it('too few weeks with finished work say so in weeks', async () => {
  answerReserve(() => suggested({ suggestion: null }));
  views.answer('kanban-reserve', () => success({ kind: 'too-little-history', period: 'week', periods: 2, needed: 4 }));
  render(<ReserveSuggestion boardId={null} onApplied={jest.fn()} />);
  expect((await screen.findByTestId('reserve-none')).textContent).toBe('No suggestion yet: this board has 2 weeks with finished work, and a suggestion needs at least 4, or one unusual week would decide it.');
});
