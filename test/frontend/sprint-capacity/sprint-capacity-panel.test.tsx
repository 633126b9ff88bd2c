import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { failure, success } from '../../../src/contracts/envelope';
import type { CapacityLoad, SettingsView, SprintCapacity, SprintList } from '../../../src/contracts/resolvers';
import { SprintCapacityPanel } from '../../../src/frontend/sprint-capacity/sprint-capacity-panel';
import { host } from '../support/fake-bridge';
import { answerLoad, DEFAULT_LEVELS, loadAnswer, views, withSettings } from '../support/measured-views';
import { pickOption } from '../support/select';

jest.mock('../../../src/frontend/api/measured', () => jest.requireActual('../support/measured-views'));
// The reserve suggestion, from the same load, has its own tests (reserve-suggestion.test.tsx).
beforeEach(() => answerLoad());

/** Sprint capacity against a fake Forge host: the real @forge/bridge, the capacity resolver answered by the test. */

function contextOf(extension: Record<string, unknown>, moduleKey: string): Record<string, unknown> {
  return { accountId: 'user-dev-1', cloudId: 'local-cloud', locale: 'en_GB', timezone: 'UTC', moduleKey, extension };
}

const SPRINT_ACTION = contextOf({ type: 'jira:sprintAction', board: { id: 1, type: 'scrum' }, sprint: { id: 12, state: 'active' } }, 'ktlo-sprint-capacity');
const BACKLOG_ACTION = contextOf({ type: 'jira:backlogAction', board: { id: 1, type: 'scrum' } }, 'ktlo-backlog-capacity');
const PROJECT_PAGE = contextOf({ type: 'jira:projectPage', project: { id: '10000', key: 'OPS', type: 'software' } }, 'ktlo-project-page');

function sprintAnswer(over: Partial<SprintCapacity> = {}): SprintCapacity {
  return {
    board: { id: 1, name: 'OPS board', type: 'scrum' },
    sprint: { id: 12, name: 'OPS Sprint 12', state: 'active', startDate: '2026-11-16T09:00:00.000Z', endDate: '2026-11-30T17:00:00.000Z' },
    unit: 'points',
    ktloPoints: 14,
    projectPoints: 26,
    totalPoints: 40,
    ktloShare: 0.35,
    status: 'over',
    band: { min: 0.2, max: 0.3 },
    teamCapacity: { value: 40, source: 'velocity', approximate: true },
    historyPending: false,
    reserved: { min: 8, max: 12 },
    projectRoom: 26,
    ktloSplit: { planned: 9, unplanned: 5 },
    unestimated: ['OPS-140'],
    lowConfidence: ['OPS-131'],
    issues: [
      { key: 'OPS-113', summary: 'Monthly security patching', category: 'KTLO', confidence: 0.93, estimate: 5, unplanned: false, isSubtask: false, parentKey: null },
      { key: 'OPS-131', summary: 'Look into disk alerts', category: 'KTLO', confidence: 0.55, estimate: 4, unplanned: false, isSubtask: false, parentKey: null },
      { key: 'OPS-137', summary: 'Restore failed backup job', category: 'KTLO', confidence: 0.9, estimate: 5, unplanned: true, isSubtask: false, parentKey: null },
      { key: 'OPS-120', summary: 'Migrate billing to the new queue', category: 'PROJECT', confidence: 0.88, estimate: 26, unplanned: false, isSubtask: false, parentKey: null },
      { key: 'OPS-140', summary: 'Rotate TLS certificates', category: 'KTLO', confidence: 0.9, estimate: null, unplanned: false, isSubtask: false, parentKey: null },
    ],
    settingsInForce: { band: { min: 0.2, max: 0.3 }, teamCapacity: null },
    levels: DEFAULT_LEVELS,
    ...over,
  };
}

function boardSettings(over: Partial<SettingsView> = {}): SettingsView {
  return { level: 'board', revision: 3, savedBy: 'user-admin', savedAt: '2026-11-20T10:00:00.000Z', settings: { band: { min: 0.2, max: 0.3 } }, canEdit: true, overriddenBelow: [], ...over };
}

async function renderSprintAction(view: SprintCapacity = sprintAnswer(), settings: SettingsView = boardSettings(), load: Partial<CapacityLoad> = {}): Promise<void> {
  host.context = SPRINT_ACTION;
  views.answer('sprint', () => success(view));
  answerLoad((payload, answer) => ({ ...withSettings(settings)(payload, answer), ...load }));
  render(<SprintCapacityPanel />);
  await screen.findByTestId('capacity-view');
}

it('renders the share, the status in words, the band, unplanned KTLO, capacity and the issues from a sprint answer', async () => {
  await renderSprintAction();

  expect(screen.getByTestId('ktlo-share').textContent).toBe('KTLO share: 35%');
  expect(screen.getByTestId('capacity-status').textContent).toBe('Over the reserved band');
  expect(screen.getByTestId('band').textContent).toBe('Reserved band 20–30% (default)');
  const meter = screen.getByRole('meter', { name: 'KTLO share of capacity' });
  expect(meter.getAttribute('aria-valuenow')).toBe('35');
  expect(meter.getAttribute('aria-valuetext')).toBe('KTLO is 35% of team capacity: over the reserved band of 20–30%.');
  expect(screen.getByTestId('capacity-band').style.left).toBe('20%');

  expect(screen.getByTestId('ktlo-points').textContent).toBe('14 points');
  expect(screen.getByTestId('ktlo-planned').textContent).toBe('9 points');
  expect(screen.getByTestId('ktlo-unplanned').textContent).toBe('5 points');
  expect(screen.getByTestId('project-points').textContent).toBe('26 points');
  expect(screen.getByTestId('unestimated-count').textContent).toBe('1 issue');
  expect(screen.getByTestId('team-capacity').textContent).toBe('40 points (from velocity, approximate)');
  expect(screen.getByTestId('reserved').textContent).toBe('8 points to 12 points');
  expect(screen.getByTestId('project-room').textContent).toBe('26 points');

  expect(screen.getByTestId('unestimated-warning').textContent).toContain('OPS-140');
  expect(screen.getByTestId('low-confidence-warning').textContent).toContain('OPS-131');
  expect(screen.queryByTestId('history-pending')).toBeNull();

  // The lists' rows follow the figures' first paint.
  const ktloKeys = within(await screen.findByTestId('ktlo-issues')).getAllByRole('link').map((a) => a.textContent);
  // Unplanned first; the unestimated one has its own list.
  expect(ktloKeys).toEqual(['OPS-137', 'OPS-113', 'OPS-131']);
  // A table named by its heading, a header cell per column, a row per issue headed by its key.
  const ktloTable = screen.getByRole('table', { name: 'KTLO issues (3)' });
  expect(within(ktloTable).getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['Issue', 'Summary', 'Estimate', 'Notes', 'What-if']);
  expect(within(ktloTable).getAllByRole('rowheader').map((th) => th.textContent)).toEqual(['OPS-137', 'OPS-113', 'OPS-131']);
  expect(within(screen.getByTestId('ktlo-issues-OPS-137')).getAllByRole('cell')[2]?.textContent).toContain('added during the sprint');
  expect(within(screen.getByTestId('ktlo-issues')).getByRole('link', { name: 'OPS-137' }).getAttribute('href')).toBe('/browse/OPS-137');
  expect(within(screen.getByTestId('unestimated-issues')).getByRole('link').textContent).toBe('OPS-140');
  // Board and sprint come from the module's context: the resolver reads its trusted copy, nothing is sent.
  expect(host.invocationsOf('capacity/load')).toEqual([{}]);
  expect(views.callsOf('sprint')).toEqual([{ board: 1, sprintId: 12 }]);
  expect(screen.queryByTestId('board-picker')).toBeNull();
  expect(screen.queryByTestId('sprint-picker')).toBeNull();
});

it('opens an issue in Jira through the bridge router when its key is clicked', async () => {
  await renderSprintAction();
  await userEvent.setup().click(within(await screen.findByTestId('ktlo-issues')).getByRole('link', { name: 'OPS-113' }));
  expect(host.bridgeCalls).toContain('navigate');
});

it('says "approximate" only when flagged, and notes that history is still being measured', async () => {
  await renderSprintAction(sprintAnswer({ teamCapacity: { value: 40, source: 'configured', approximate: false }, historyPending: true, status: 'within', ktloShare: 0.25, levels: { ...DEFAULT_LEVELS, teamCapacity: 'board' } }));
  expect(screen.getByTestId('team-capacity').textContent).toBe('40 points (board setting)');
  expect(screen.getByTestId('history-pending').textContent).toContain('still being measured');
  expect(screen.getByTestId('history-pending').textContent).toContain('refresh in a few minutes');
  expect(screen.getByTestId('capacity-status').textContent).toBe('Within the reserved band');
});

it('links each named level to where it changes: the board’s own field below, the project’s settings page', async () => {
  await renderSprintAction(
    sprintAnswer({ teamCapacity: { value: 40, source: 'configured', approximate: false }, levels: { ...DEFAULT_LEVELS, band: 'project', teamCapacity: 'board' } }),
    boardSettings({ settings: { teamCapacity: 40 } }),
  );
  const user = userEvent.setup();
  await screen.findByTestId('board-settings-form');
  await user.click(within(screen.getByTestId('team-capacity')).getByRole('button', { name: 'board setting: change it in the board settings below' }));
  expect(document.activeElement?.id).toBe('board-setting-teamCapacity');
  // The band is OPS's: the board's project (from the load), whose settings page Jira opens by module.
  await user.click(within(screen.getByTestId('band')).getByRole('button', { name: 'project setting: change it in the KTLO Lens settings of project OPS' }));
  expect(host.navigations).toEqual([{ target: 'module', moduleKey: 'ktlo-project-settings', projectKey: 'OPS', type: 'same-tab' }]);
});

it('says why history never comes when the board’s project is not turned on, naming the project to turn on', async () => {
  await renderSprintAction(sprintAnswer({ historyPending: true }), boardSettings(), { enabledProjects: ['WEB'] });
  const notice = screen.getByTestId('history-pending');
  expect(notice.textContent).toContain('History is measured only for projects KTLO Lens is turned on for: an admin turns on OPS in the app’s settings');
  expect(notice.textContent).not.toContain('refresh in a few minutes');
});

it('says why history never comes for a board located in no project, and what to do, instead of "refresh in a few minutes"', async () => {
  await renderSprintAction(sprintAnswer({ historyPending: true }), boardSettings(), { board: { ...loadAnswer({}).board, projectKey: null } });
  const notice = screen.getByTestId('history-pending');
  expect(notice.textContent).toContain('Sprint history is not measured for this board');
  expect(notice.textContent).toContain('this board is located in no project (Jira’s board settings, General, Location)');
  expect(notice.textContent).toContain('set a team capacity in the board settings');
  expect(notice.textContent).not.toContain('refresh in a few minutes');
});

it('shows an empty sprint in words, without a fill', async () => {
  await renderSprintAction(
    sprintAnswer({ ktloPoints: 0, projectPoints: 0, totalPoints: 0, ktloShare: null, status: 'empty', teamCapacity: null, reserved: null, projectRoom: null, ktloSplit: null, unestimated: [], lowConfidence: [], issues: [] }),
  );
  expect(screen.getByTestId('capacity-status').textContent).toBe('No estimated work yet');
  expect(screen.queryByTestId('capacity-fill')).toBeNull();
  expect(screen.getByTestId('project-room').textContent).toBe('Needs a team capacity');
  expect(await screen.findAllByText('None in this sprint.')).toHaveLength(2);
});

it('on a project page, picks a board and then a sprint, and loads the picked sprint', async () => {
  host.context = PROJECT_PAGE;
  views.answer('boards', () =>
    success([
      { id: 1, name: 'OPS board', type: 'scrum', canEdit: true },
      { id: 2, name: 'Platform board', type: 'scrum', canEdit: false },
    ]),
  );
  const lists: Record<number, SprintList> = {
    1: { board: { id: 1, name: 'OPS board', type: 'scrum', canEdit: true }, sprints: [{ id: 13, name: 'OPS Sprint 13', state: 'future', startDate: null, endDate: null }, { id: 12, name: 'OPS Sprint 12', state: 'active', startDate: null, endDate: null }] },
    2: { board: { id: 2, name: 'Platform board', type: 'scrum', canEdit: false }, sprints: [{ id: 30, name: 'PLAT Sprint 30', state: 'future', startDate: null, endDate: null }] },
  };
  views.answer('sprints', (c) => success(lists[Number(c.board)]));
  views.answer('sprint', (c) => success(sprintAnswer({ sprint: { id: Number(c.sprintId), name: `Sprint ${String(c.sprintId)}`, state: 'active', startDate: null, endDate: null } })));
  answerLoad(withSettings(boardSettings()));
  render(<SprintCapacityPanel />);

  await screen.findByTestId('capacity-view');
  // The first board and its active sprint.
  // The project's boards are read as the viewer; the app is asked once, for the first board.
  expect(views.callsOf('boards')).toEqual([{ project: 'OPS' }]);
  expect(host.invocationsOf('capacity/load')).toEqual([{ boardId: 1 }]);
  expect(views.callsOf('sprints')).toEqual([{ board: 1 }]);
  expect(views.callsOf('sprint')).toEqual([{ board: 1, sprintId: 12 }]);
  expect(screen.getByRole('heading', { name: 'Sprint 12' })).toBeTruthy();

  const user = userEvent.setup();
  await pickOption(user, 'Sprint', 'OPS Sprint 13');
  await screen.findByRole('heading', { name: 'Sprint 13' });
  expect(views.callsOf('sprint').at(-1)).toEqual({ board: 1, sprintId: 13 });

  await pickOption(user, 'Board', 'Platform board');
  await screen.findByRole('heading', { name: 'Sprint 30' });
  expect(views.callsOf('sprints').at(-1)).toEqual({ board: 2 });
  expect(host.invocationsOf('capacity/load').at(-1)).toEqual({ boardId: 2 });
  // No request ever paired a board with another board's sprint.
  expect(views.callsOf('sprint')).toEqual([
    { board: 1, sprintId: 12 },
    { board: 1, sprintId: 13 },
    { board: 2, sprintId: 30 },
  ]);
  // One load per board: the settings form and the reserve answer from it.
  expect(host.invocationsOf('capacity/load')).toEqual([{ boardId: 1 }, { boardId: 2 }]);
});

it('on the backlog, picks the sprint of the board in context', async () => {
  host.context = BACKLOG_ACTION;
  views.answer('sprints', () => success({ board: { id: 1, name: 'OPS board', type: 'scrum', canEdit: true }, sprints: [{ id: 12, name: 'OPS Sprint 12', state: 'active', startDate: null, endDate: null }] }));
  views.answer('sprint', () => success(sprintAnswer()));
  answerLoad(withSettings(boardSettings()));
  render(<SprintCapacityPanel />);
  await screen.findByTestId('capacity-view');
  expect(screen.queryByTestId('board-picker')).toBeNull();
  expect(screen.getByLabelText('Sprint')).toBeTruthy();
  expect(host.invocationsOf('capacity/load')).toEqual([{}]);
  expect(views.callsOf('sprints')).toEqual([{ board: 1 }]);
  expect(views.callsOf('sprint')).toEqual([{ board: 1, sprintId: 12 }]);
});

it('says so when the project has no board', async () => {
  host.context = PROJECT_PAGE;
  views.answer('boards', () => success([]));
  render(<SprintCapacityPanel />);
  expect((await screen.findByTestId('no-boards')).textContent).toContain('no board you can see');
  expect(views.callsOf('sprint')).toEqual([]);
  expect(host.invocationsOf('capacity/load')).toEqual([]);
});

it('Refresh asks the app and Jira again and shows the new numbers', async () => {
  await renderSprintAction();
  views.answer('sprint', () => success(sprintAnswer({ ktloShare: 0.25, status: 'within' })));
  await userEvent.setup().click(screen.getByRole('button', { name: 'Refresh' }));
  await waitFor(() => expect(screen.getByTestId('capacity-status').textContent).toBe('Within the reserved band'));
  expect(views.callsOf('sprint')).toHaveLength(2);
  expect(host.invocationsOf('capacity/load')).toEqual([{}, {}]);
  expect(screen.getByTestId('announcement').textContent).toBe('Capacity refreshed.');
});

it('shows the error in words with Retry when the sprint cannot be loaded', async () => {
  host.context = SPRINT_ACTION;
  views.answer('sprint', () => failure('JIRA_UNAVAILABLE', 'Jira answered 503.'));
  answerLoad(withSettings(boardSettings()));
  render(<SprintCapacityPanel />);
  const error = await screen.findByTestId('error-message');
  expect(error.textContent).toContain('Jira is not answering KTLO Lens right now.');
  expect(error.textContent).toContain('Jira answered 503.');
  views.answer('sprint', () => success(sprintAnswer()));
  await userEvent.setup().click(within(error).getByRole('button', { name: 'Retry' }));
  await screen.findByTestId('capacity-view');
});

describe('board settings', () => {
  it('saves the band in percent as shares, with the revision it read, then reloads the numbers', async () => {
    await renderSprintAction();
    const saves: Record<string, unknown>[] = [];
    host.answer('capacity/saveBoardSettings', (p) => {
      saves.push(p);
      return success({ revision: 4 });
    });
    answerLoad(withSettings(boardSettings({ revision: 4, settings: { band: { min: 0.25, max: 0.35 }, teamCapacity: 40, wipLimit: null } })));
    const user = userEvent.setup();
    await user.clear(screen.getByLabelText('Reserved band from (%)'));
    await user.type(screen.getByLabelText('Reserved band from (%)'), '25');
    await user.clear(screen.getByLabelText('Reserved band to (%)'));
    await user.type(screen.getByLabelText('Reserved band to (%)'), '35');
    await user.type(screen.getByLabelText('Team capacity per sprint'), '40');
    await user.click(screen.getByRole('button', { name: 'Save board settings' }));

    await waitFor(() => expect(screen.getByTestId('announcement').textContent).toBe('Board settings saved. The capacity check now uses them.'));
    // The WIP limit nobody touched is not pinned: it goes on inheriting.
    expect(saves).toEqual([{ level: 'board', expectedRevision: 3, settings: { band: { min: 0.25, max: 0.35 }, teamCapacity: 40 } }]);
    await waitFor(() => expect(views.callsOf('sprint')).toHaveLength(2));
    await waitFor(() => expect((screen.getByLabelText('Team capacity per sprint') as HTMLInputElement).value).toBe('40'));
    // The open asked the app once, the save once more: the settings, the reserve and the numbers all answer from it.
    expect(host.invocationsOf('capacity/load')).toEqual([{}, {}]);
  });

  it('saves a WIP limit alone on a board that sets nothing, pinning nothing else', async () => {
    await renderSprintAction(sprintAnswer(), boardSettings({ settings: {} }));
    const saves: Record<string, unknown>[] = [];
    host.answer('capacity/saveBoardSettings', (p) => {
      saves.push(p);
      return success({ revision: 4 });
    });
    const user = userEvent.setup();
    // Inherited fields say so.
    expect(screen.getByLabelText('Reserved band from (%)').getAttribute('aria-describedby')).toContain('board-setting-bandMin-hint');
    expect(document.getElementById('board-setting-bandMin-hint')?.textContent).toBe('Inherited from the defaults (nobody set it): type a value to set it for this board.');
    await user.type(screen.getByLabelText('KTLO WIP limit (Kanban)'), '3');
    await user.click(screen.getByRole('button', { name: 'Save board settings' }));
    await waitFor(() => expect(saves).toEqual([{ level: 'board', expectedRevision: 3, settings: { wipLimit: 3 } }]));
    expect(screen.queryByTestId('bandMin-error')).toBeNull();
  });

  it('lets a band the board set go back to inheriting: the next save leaves it out', async () => {
    await renderSprintAction();
    const saves: Record<string, unknown>[] = [];
    host.answer('capacity/saveBoardSettings', (p) => {
      saves.push(p);
      return success({ revision: 4 });
    });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('KTLO WIP limit (Kanban)'), '3');
    await user.click(screen.getByRole('button', { name: 'Inherit the band again' }));
    expect(screen.queryByRole('button', { name: 'Inherit the band again' })).toBeNull();
    expect((screen.getByLabelText('Reserved band from (%)') as HTMLInputElement).value).toBe('');
    await user.click(screen.getByRole('button', { name: 'Save board settings' }));
    await waitFor(() => expect(saves).toEqual([{ level: 'board', expectedRevision: 3, settings: { wipLimit: 3 } }]));
  });

  it('shows the resolver’s INVALID_INPUT beside the field it names', async () => {
    await renderSprintAction();
    host.answer('capacity/saveBoardSettings', () =>
      failure('INVALID_INPUT', 'invalid board settings: wipLimit: Too big: expected number to be <=1000', {
        fields: [{ path: ['settings', 'wipLimit'], code: 'OUT_OF_RANGE', message: 'Too big: expected number to be <=1000' }],
      }),
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('KTLO WIP limit (Kanban)'), '5000');
    await user.click(screen.getByRole('button', { name: 'Save board settings' }));
    const error = await screen.findByTestId('wipLimit-error');
    expect(error.textContent).toBe('Too big: expected number to be <=1000');
    const input = screen.getByLabelText('KTLO WIP limit (Kanban)');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain(error.id);
  });

  it('puts a band the resolver refuses as out of order beside the band’s first field, from the error’s fields alone', async () => {
    await renderSprintAction();
    host.answer('capacity/saveBoardSettings', () =>
      failure('INVALID_INPUT', 'The board settings were refused.', { fields: [{ path: ['settings', 'band', 'min'], code: 'BAND_ORDER', message: 'min must not be greater than max' }] }),
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Save board settings' }));
    const error = await screen.findByTestId('bandMin-error');
    expect(error.textContent).toBe('The band must not start above where it ends.');
    const input = screen.getByLabelText('Reserved band from (%)');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain(error.id);
    expect(screen.queryByTestId('bandMax-error')).toBeNull();
  });

  it('checks the form with the contract before sending anything', async () => {
    await renderSprintAction();
    host.answer('capacity/saveBoardSettings', () => success({ revision: 4 }));
    const user = userEvent.setup();
    await user.clear(screen.getByLabelText('Reserved band from (%)'));
    await user.type(screen.getByLabelText('Reserved band from (%)'), '40');
    await user.type(screen.getByLabelText('KTLO WIP limit (Kanban)'), '2.5');
    await user.type(screen.getByLabelText('Team capacity per sprint'), 'lots');
    await user.click(screen.getByRole('button', { name: 'Save board settings' }));
    expect((await screen.findByTestId('bandMin-error')).textContent).toBe('The band must not start above where it ends.');
    expect(screen.getByTestId('teamCapacity-error').textContent).toBe('Enter a number.');
    expect(host.invocationsOf('capacity/saveBoardSettings')).toEqual([]);
    await user.clear(screen.getByLabelText('Team capacity per sprint'));
    await user.click(screen.getByRole('button', { name: 'Save board settings' }));
    expect((await screen.findByTestId('wipLimit-error')).textContent).toBe('Enter a whole number of 1 or more, or leave it empty.');
    expect(host.invocationsOf('capacity/saveBoardSettings')).toEqual([]);
  });

  it('says when someone else saved first, and reloads their settings on request', async () => {
    await renderSprintAction();
    host.answer('capacity/saveBoardSettings', () => failure('CONFLICT', 'Someone else saved these settings first (revision 4). Reload to see their changes.'));
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Save board settings' }));
    const conflict = await screen.findByTestId('settings-conflict');
    expect(conflict.textContent).toContain('Someone else changed this at the same time.');
    expect(conflict.textContent).toContain('revision 4');
    answerLoad(withSettings(boardSettings({ revision: 4, settings: { band: { min: 0.1, max: 0.2 } } })));
    await user.click(within(conflict).getByRole('button', { name: 'Reload settings' }));
    await waitFor(() => expect((screen.getByLabelText('Reserved band from (%)') as HTMLInputElement).value).toBe('10'));
    expect(screen.queryByTestId('settings-conflict')).toBeNull();
  });

  it('keeps what the person typed when the values in force arrive after the form', async () => {
    // The board's own settings come first (no band of its own); the sprint, with the band in force, comes later.
    host.context = SPRINT_ACTION;
    let sprintArrives: () => void = () => undefined;
    views.answer('sprint', () => new Promise((resolve) => (sprintArrives = () => resolve(success(sprintAnswer({ settingsInForce: { band: { min: 0.2, max: 0.3 }, teamCapacity: 40 } }))))));
    answerLoad(withSettings(boardSettings({ settings: {} })));
    render(<SprintCapacityPanel />);
    const from = (await screen.findByLabelText('Reserved band from (%)')) as HTMLInputElement;
    const user = userEvent.setup();
    await user.type(from, '150');
    const save = screen.getByRole('button', { name: 'Save board settings' });
    // Nothing can be saved from values that are not all known yet.
    expect(save.hasAttribute('disabled') || save.getAttribute('aria-disabled') === 'true').toBe(true);
    sprintArrives();
    await screen.findByTestId('capacity-view');
    // What was typed stays; the fields left alone show the values in force.
    expect((screen.getByLabelText('Reserved band from (%)') as HTMLInputElement).value).toBe('150');
    expect((screen.getByLabelText('Reserved band to (%)') as HTMLInputElement).value).toBe('30');
    expect((screen.getByLabelText('Team capacity per sprint') as HTMLInputElement).value).toBe('40');
    await user.click(screen.getByRole('button', { name: 'Save board settings' }));
    expect((await screen.findByTestId('bandMin-error')).textContent).toBe('Enter a percentage from 0 to 100.');
    expect(screen.queryByTestId('bandMax-error')).toBeNull();
    expect(host.invocationsOf('capacity/saveBoardSettings')).toEqual([]);
  });

  it('is read-only when the caller may not edit the board', async () => {
    await renderSprintAction(sprintAnswer(), boardSettings({ canEdit: false }));
    await screen.findByTestId('board-settings-readonly');
    expect(screen.queryByTestId('board-settings-form')).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save board settings' })).toBeNull();
    expect(screen.getByTestId('board-settings-readonly').textContent).toContain('Only admins of this board or its project can change these settings.');
  });
});

it('is usable from the keyboard: Tab reaches Refresh, then the band\'s level link, then the issue links, and Enter refreshes', async () => {
  await renderSprintAction();
  const user = userEvent.setup();
  await user.tab();
  expect(document.activeElement?.textContent).toBe('Refresh');
  await user.keyboard('{Enter}');
  await waitFor(() => expect(views.callsOf('sprint')).toHaveLength(2));
  await user.tab();
  expect(document.activeElement?.getAttribute('aria-label')).toBe('default: change it in the KTLO Lens admin settings');
  await user.tab();
  expect(document.activeElement?.textContent).toBe('OPS-137');
});
