import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { success } from '../../../src/contracts/envelope';
import type { SettingsView, SprintCapacity } from '../../../src/contracts/resolvers';
import { SprintCapacityPanel } from '../../../src/frontend/sprint-capacity/sprint-capacity-panel';
import { host } from '../support/fake-bridge';
import { answerLoad, DEFAULT_LEVELS, views, withSettings } from '../support/measured-views';

jest.mock('../../../src/frontend/api/measured', () => jest.requireActual('../support/measured-views'));

/** Honest verdicts and the what-if of the sprint capacity view, against a fake Forge host (the real @forge/bridge). */

const SPRINT_ACTION = {
  accountId: 'user-dev-1',
  cloudId: 'local-cloud',
  locale: 'en_GB',
  timezone: 'UTC',
  moduleKey: 'ktlo-sprint-capacity',
  extension: { type: 'jira:sprintAction', board: { id: 1, type: 'scrum' }, sprint: { id: 43, state: 'active' } },
};

const issue = (key: string, category: 'KTLO' | 'PROJECT', estimate: number, confidence = 0.9): SprintCapacity['issues'][number] => ({
  key,
  summary: `Summary of ${key}`,
  category,
  confidence,
  estimate,
  unplanned: false,
  isSubtask: false,
  parentKey: null,
});

/** Velocity 33.7, band 35-45%: 13 KTLO (38.6%, green) but 44 committed. Room as the resolver computes it: -10.3. */
function overcommitted(): SprintCapacity {
  return {
    board: { id: 1, name: 'OPS board', type: 'scrum' },
    sprint: { id: 43, name: 'OPS Sprint 43', state: 'active', startDate: '2026-11-23T09:00:00.000Z', endDate: '2026-12-07T17:00:00.000Z' },
    unit: 'points',
    ktloPoints: 13,
    projectPoints: 31,
    totalPoints: 44,
    ktloShare: 13 / 33.7,
    status: 'within',
    band: { min: 0.35, max: 0.45 },
    teamCapacity: { value: 33.7, source: 'velocity', approximate: false },
    historyPending: false,
    reserved: { min: 11.795, max: 15.165 },
    projectRoom: -10.3,
    ktloSplit: null,
    unestimated: [],
    lowConfidence: [],
    issues: [issue('OPS-1', 'KTLO', 13), issue('OPS-2', 'PROJECT', 31)],
    settingsInForce: {},
    levels: DEFAULT_LEVELS,
  };
}

/** Band 20-30% of 10 planned points: 4 KTLO (40%, over), of which OPS-3 (2 points) is unsure: 20-40%. */
function restingOnUnsure(): SprintCapacity {
  return {
    ...overcommitted(),
    ktloPoints: 4,
    projectPoints: 6,
    totalPoints: 10,
    ktloShare: 0.4,
    status: 'over',
    band: { min: 0.2, max: 0.3 },
    teamCapacity: null,
    reserved: null,
    projectRoom: null,
    lowConfidence: ['OPS-3'],
    issues: [issue('OPS-1', 'KTLO', 2), issue('OPS-2', 'PROJECT', 6), issue('OPS-3', 'KTLO', 2, 0.4)],
  };
}

const settings: SettingsView = { level: 'board', revision: 1, savedBy: null, savedAt: null, settings: {}, canEdit: false, overriddenBelow: [] };

async function open(view: SprintCapacity): Promise<void> {
  host.context = SPRINT_ACTION;
  answerLoad(withSettings(settings));
  views.answer('sprint', () => success(view));
  render(<SprintCapacityPanel />);
  // The figures load on demand (a lazy chunk): give a busy machine time.
  await screen.findByTestId('capacity-view', {}, { timeout: 10_000 });
}

it('a green band verdict with more committed than velocity warns of the overcommitment apart, and room never reads negative', async () => {
  await open(overcommitted());
  expect(screen.getByTestId('capacity-status').textContent).toBe('Within the reserved band');
  const warning = screen.getByTestId('overcommitted');
  expect(within(warning).getByRole('heading').textContent).toBe('Overcommitted against velocity');
  expect(screen.getByTestId('overcommitted-text').textContent).toBe('44 points committed against 33.7 points velocity: 10.3 points over.');
  expect(screen.getByTestId('project-room').textContent).toBe('0 points');
  expect(screen.queryByTestId('rests-on-unsure')).toBeNull();
});

it('says when unsure issues decide the verdict, with the share as a range; a what-if flip moves share and verdict, and reset returns', async () => {
  await open(restingOnUnsure());
  expect(screen.getByTestId('ktlo-share').textContent).toBe('KTLO share: 40%');
  expect(within(screen.getByTestId('rests-on-unsure')).getByRole('heading').textContent).toBe('The verdict rests on unsure issues');
  expect(screen.getByTestId('share-range').textContent).toBe('KTLO share 20–40% depending on how the unsure issue is decided (OPS-3).');
  expect(screen.queryByTestId('what-if')).toBeNull();

  const calls = host.invocations.length;
  await userEvent.click(await screen.findByTestId('flip-OPS-3'));
  expect(screen.getByTestId('what-if').textContent).toContain('What-if, not saved');
  expect(screen.getByTestId('ktlo-share').textContent).toBe('KTLO share: 20%');
  expect(screen.getByTestId('capacity-status').textContent).toBe('Within the reserved band');
  expect(screen.queryByTestId('rests-on-unsure')).toBeNull();
  expect(within(screen.getByTestId('project-issues')).getByText('OPS-3')).toBeTruthy();
  expect(screen.getByTestId('project-issues').textContent).toContain('flipped (what-if)');
  // Nothing saved, nothing asked: the what-if lives in the view.
  expect(host.invocations.length).toBe(calls);

  await userEvent.click(screen.getByTestId('flip-OPS-1'));
  expect(screen.getByTestId('what-if').textContent).toContain('2 issues flipped');
  expect(screen.getByTestId('ktlo-share').textContent).toBe('KTLO share: 0%');

  await userEvent.click(screen.getByTestId('what-if-reset'));
  expect(screen.queryByTestId('what-if')).toBeNull();
  expect(screen.getByTestId('ktlo-share').textContent).toBe('KTLO share: 40%');
  expect(screen.getByTestId('capacity-status').textContent).toBe('Over the reserved band');
});

it('flipping an issue back ends its what-if', async () => {
  await open(restingOnUnsure());
  await userEvent.click(await screen.findByTestId('flip-OPS-3'));
  await userEvent.click(screen.getByTestId('flip-OPS-3'));
  expect(screen.queryByTestId('what-if')).toBeNull();
  expect(screen.getByTestId('ktlo-share').textContent).toBe('KTLO share: 40%');
});
