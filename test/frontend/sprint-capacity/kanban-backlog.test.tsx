import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { failure, success } from '../../../src/contracts/envelope';
import type { CapacityLoad } from '../../../src/contracts/resolvers';
import { SprintCapacityPanel } from '../../../src/frontend/sprint-capacity/sprint-capacity-panel';
import { host } from '../support/fake-bridge';
import { DEFAULT_LEVELS, loadAnswer, views } from '../support/measured-views';
import { flowAnswer } from '../project-page/fixtures';

jest.mock('../../../src/frontend/api/measured', () => jest.requireActual('../support/measured-views'));

/** The backlog action (which Jira shows on Kanban boards too) opens on what the board is: a Kanban board's flow. */

const BACKLOG_ON_KANBAN = { accountId: 'user-dev-1', cloudId: 'local-cloud', locale: 'en_GB', timezone: 'UTC', moduleKey: 'ktlo-backlog-capacity', extension: { type: 'jira:backlogAction', board: { id: 2 } } };

describe('the backlog action on a Kanban board', () => {
  beforeEach(() => {
    host.context = BACKLOG_ON_KANBAN;
    host.answer('capacity/load', (payload) => {
      const load: CapacityLoad = loadAnswer(payload);
      return success({ ...load, board: { ...load.board, id: 2, name: 'WEB flow', type: 'kanban', projectKey: 'WEB' } });
    });
  });

  it('opens on the flow: KTLO WIP against its limit, the KTLO issues in progress with their age, throughput; never a sprint read', async () => {
    views.answer('flow', () => success(flowAnswer()));
    render(<SprintCapacityPanel />);
    await screen.findByTestId('flow-view');
    expect(screen.getByRole('main', { name: 'KTLO Kanban flow' })).toBeTruthy();
    expect(screen.getByTestId('wip-count').textContent).toBe('7 of 5');
    expect(screen.getByTestId('wip-status').textContent).toBe('Over the WIP limit');
    const rows = within(screen.getByRole('table', { name: 'KTLO issues in progress, oldest first' })).getAllByRole('row').map((r) => Array.from(r.querySelectorAll('th,td')).map((c) => c.textContent));
    expect(rows).toEqual([
      ['Issue', 'In progress for'],
      ['OPS-7', '12.5 days'],
      ['OPS-3', '1 day'],
    ]);
    expect(screen.getByTestId('throughput-share').textContent).toBe('KTLO was 67% of the issues finished in the last 3 weeks (8 of 12).');
    // The board's settings (its KTLO WIP limit) stay reachable; nothing sprint-shaped is asked or drawn.
    await screen.findByRole('heading', { name: /Board settings/ });
    expect(views.callsOf('sprints')).toEqual([]);
    expect(views.callsOf('sprint')).toEqual([]);
    expect(screen.queryByTestId('reserve-suggestion')).toBeNull();
    expect(screen.queryByLabelText('Sprint')).toBeNull();
    expect(host.invocationsOf('capacity/load')).toEqual([{}]);
  });

  it('shows the board settings that apply to Kanban (WIP limit, band for trends) and not the team capacity per sprint; a missing limit points to them', async () => {
    views.answer('flow', () => success(flowAnswer({ ktloWip: { count: 3, limit: null, status: 'no-limit', issues: [] }, levels: DEFAULT_LEVELS })));
    const saves: Record<string, unknown>[] = [];
    host.answer('capacity/saveBoardSettings', (p) => {
      saves.push(p);
      return success({ revision: 1 });
    });
    render(<SprintCapacityPanel />);
    await screen.findByTestId('flow-view');
    expect(screen.getByTestId('wip-sentence').textContent).toContain('an admin of the board can set one (“KTLO WIP limit (Kanban)”) in the board settings below.');
    const form = await screen.findByTestId('board-settings-form');
    expect(within(form).getAllByRole('textbox').map((i) => i.id)).toEqual(['board-setting-wipLimit', 'board-setting-bandMin', 'board-setting-bandMax']);
    expect(within(form).queryByLabelText('Team capacity per sprint')).toBeNull();
    // The band inherited from the defaults shows its value (from the load), and says what a Kanban board uses it for.
    expect((screen.getByLabelText('Reserved band from (%)') as HTMLInputElement).value).toBe('20');
    expect(document.getElementById('board-setting-bandMin-hint')?.textContent).toBe(
      'Inherited from the defaults (nobody set it): type a value to set it for this board. The board’s trends hold the KTLO share of the issues it finishes each week or month against this band.',
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('KTLO WIP limit (Kanban)'), '3');
    // What the flow measures once the limit is saved.
    views.answer('flow', () => success(flowAnswer({ ktloWip: { count: 3, limit: 3, status: 'within', issues: [] }, levels: { ...DEFAULT_LEVELS, wipLimit: 'board' } })));
    await user.click(within(form).getByRole('button', { name: 'Save board settings' }));
    await waitFor(() => expect(saves).toEqual([{ level: 'board', expectedRevision: 0, settings: { wipLimit: 3 } }]));
    // The flow measures again after the save (the load asked afresh), so the new limit shows without Refresh.
    await waitFor(() => expect(screen.getByTestId('wip-sentence').textContent).toBe('3 KTLO issues in progress, within the limit of 3 (board setting).'));
    expect(views.callsOf('flow')).toHaveLength(2);
    expect(host.invocationsOf('capacity/load').length).toBeGreaterThan(1);
  });

  it('a refusal says what happened and what to do, with no Retry', async () => {
    views.answer('flow', () => failure('FORBIDDEN', 'Jira did not let you read what this view needs. Ask a Jira admin for the Browse projects permission on the board’s projects.'));
    render(<SprintCapacityPanel />);
    const error = await screen.findByTestId('error-message');
    expect(error.textContent).toContain('You do not have permission to do this.');
    expect(error.textContent).toContain('Ask a Jira admin');
    expect(within(error).queryByRole('button')).toBeNull();
  });

  it('a rate limit says when it clears and offers Retry, which reads again', async () => {
    const clearsAt = '2026-12-01T23:00:00.000Z';
    views.answer('flow', () => failure('RATE_LIMITED', `Jira is rate limiting KTLO Lens until ${clearsAt}. Try again then.`, { data: { clearsAt } }));
    render(<SprintCapacityPanel />);
    const error = await screen.findByTestId('error-message');
    const at = new Date(clearsAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    expect(within(error).getByRole('heading').textContent).toBe(`Jira is limiting how many requests KTLO Lens can make until ${at}. Try again then.`);
    views.answer('flow', () => success(flowAnswer()));
    await userEvent.setup().click(within(error).getByRole('button', { name: 'Retry' }));
    await screen.findByTestId('flow-view');
    expect(views.callsOf('flow')).toHaveLength(2);
  });
});
