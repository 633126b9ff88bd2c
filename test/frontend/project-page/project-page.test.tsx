import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { failure, success } from '../../../src/contracts/envelope';
import { ProjectPage } from '../../../src/frontend/project-page/project-page';
import { trendCsv } from '../../../src/frontend/project-page/trend-csv';
import { host } from '../support/fake-bridge';
import { BOARDS, flowAnswer, projectPageContext, trendAnswer } from './fixtures';
import { answerLoad, loadAnswer, views } from '../support/measured-views';
import { optionsOf, pickOption } from '../support/select';

jest.mock('../../../src/frontend/api/measured', () => jest.requireActual('../support/measured-views'));
// The reserve suggestion beside the trend, from the same load, has its own tests (test/frontend/sprint-capacity/reserve-suggestion.test.tsx).
beforeEach(() => answerLoad());

/** The project page against a fake Forge host: the real @forge/bridge, the capacity resolver answered by the test. */

function answerCapacityTab(): void {
  views.answer('boards', () => success(BOARDS));
  views.answer('sprints', () => success({ board: { ...BOARDS[0] }, sprints: [{ id: 12, name: 'OPS Sprint 12', state: 'active', startDate: null, endDate: null }] }));
  views.answer('sprint', () => failure('NOT_FOUND', 'not needed by this test'));
}

async function openPage(board?: { id: number; type: string }): Promise<void> {
  host.context = projectPageContext(board);
  answerCapacityTab();
  views.answer('flow', () => success(flowAnswer()));
  views.answer('trend', () => success(trendAnswer()));
  render(<ProjectPage />);
  await screen.findByRole('tablist', { name: 'KTLO Lens views' });
}

function selectedTab(): string | null {
  return screen.getAllByRole('tab').find((t) => t.getAttribute('aria-selected') === 'true')?.textContent ?? null;
}

describe('tabs', () => {
  it('shows Sprint capacity first and switches panels on click, keeping each panel labelled by its tab', async () => {
    await openPage();
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Sprint capacity', 'Kanban flow', 'Trends']);
    expect(selectedTab()).toBe('Sprint capacity');
    expect(screen.getByRole('tabpanel', { name: 'Sprint capacity' })).toBeTruthy();
    expect(await screen.findByRole('main', { name: 'KTLO sprint capacity' })).toBeTruthy();

    await userEvent.setup().click(screen.getByRole('tab', { name: 'Kanban flow' }));
    expect(selectedTab()).toBe('Kanban flow');
    const panel = screen.getByRole('tabpanel', { name: 'Kanban flow' });
    await within(panel).findByTestId('flow-view');
    // The capacity panel stays mounted but hidden, so going back does not load it again.
    expect(screen.queryByRole('tabpanel', { name: 'Sprint capacity' })).toBeNull();
    expect(screen.getByTestId('panel-capacity').hidden).toBe(true);
  });

  it('moves and selects with the arrow keys, Home and End, with one Tab stop', async () => {
    await openPage();
    const user = userEvent.setup();
    await user.tab();
    expect(document.activeElement?.textContent).toBe('Sprint capacity');
    expect(screen.getAllByRole('tab').map((t) => t.getAttribute('tabindex'))).toEqual(['0', '-1', '-1']);

    await user.keyboard('{ArrowRight}');
    expect(selectedTab()).toBe('Kanban flow');
    expect(document.activeElement?.textContent).toBe('Kanban flow');
    await user.keyboard('{End}');
    expect(selectedTab()).toBe('Trends');
    await user.keyboard('{ArrowRight}');
    expect(selectedTab()).toBe('Sprint capacity');
    await user.keyboard('{ArrowLeft}');
    expect(selectedTab()).toBe('Trends');
    expect(document.activeElement?.textContent).toBe('Trends');
    await user.keyboard('{Home}');
    expect(selectedTab()).toBe('Sprint capacity');
    expect(screen.getAllByRole('tab').map((t) => t.getAttribute('tabindex'))).toEqual(['0', '-1', '-1']);
  });

  it('starts on Kanban flow when Jira opens the page on a Kanban board', async () => {
    await openPage({ id: 2, type: 'kanban' });
    await waitFor(() => expect(selectedTab()).toBe('Kanban flow'));
    await screen.findByTestId('flow-view');
    // The board comes from the context: nothing to pick, nothing sent.
    expect(screen.queryByTestId('flow-board-picker')).toBeNull();
    expect(host.invocationsOf('capacity/load')).toEqual([{}]);
    expect(views.callsOf('flow')).toHaveLength(1);
  });
});

describe('Kanban flow', () => {
  async function openFlow(): Promise<ReturnType<typeof userEvent.setup>> {
    await openPage();
    const user = userEvent.setup();
    await user.click(screen.getByRole('tab', { name: 'Kanban flow' }));
    await screen.findByTestId('flow-view');
    return user;
  }

  it('shows KTLO WIP over its limit in words, cycle time per category, weekly throughput and the KTLO share', async () => {
    await openFlow();
    expect(screen.getByTestId('wip-count').textContent).toBe('7 of 5');
    expect(screen.getByTestId('wip-status').textContent).toBe('Over the WIP limit');
    expect(screen.getByTestId('wip-sentence').textContent).toBe('7 KTLO issues in progress, 2 over the limit of 5 (board setting, set on the Sprint capacity tab). Finish KTLO work before starting more.');
    const meter = screen.getByRole('meter', { name: 'KTLO work in progress against its limit' });
    expect(meter.getAttribute('aria-valuenow')).toBe('7');
    expect(screen.getByTestId('project-wip').textContent).toBe('Project work in progress: 4 issues.');
    const inProgress = within(screen.getByRole('table', { name: 'KTLO issues in progress, oldest first' })).getAllByRole('row').map((r) => Array.from(r.querySelectorAll('th,td')).map((c) => c.textContent));
    expect(inProgress).toEqual([
      ['Issue', 'In progress for'],
      ['OPS-7', '12.5 days'],
      ['OPS-3', '1 day'],
    ]);

    const cells = (testId: string) => Array.from(screen.getByTestId(testId).querySelectorAll('th,td')).map((c) => c.textContent);
    expect(cells('cycle-ktlo')).toEqual(['KTLO', '1.5 days', '4.2 days', '12']);
    expect(cells('cycle-project')).toEqual(['Project work', '6 days', '11.3 days', '8']);

    const rows = within(screen.getByRole('table', { name: 'Issues finished per week' })).getAllByRole('row').map((r) => Array.from(r.querySelectorAll('th,td')).map((c) => c.textContent));
    expect(rows).toEqual([
      ['Week starting', 'KTLO', 'Project work'],
      ['9 Nov 2026', '3', '1'],
      ['16 Nov 2026', '5', '3'],
      ['23 Nov 2026', '0', '0'],
    ]);
    expect(screen.getByTestId('throughput-share').textContent).toBe('KTLO was 67% of the issues finished in the last 3 weeks (8 of 12).');
    expect(host.invocationsOf('capacity/load')).toContainEqual({ boardId: 2 });
    expect(views.callsOf('flow')).toEqual([{ board: 2 }]);
  });

  it('says "within" when WIP is at most the limit', async () => {
    await openPage();
    views.answer('flow', () => success(flowAnswer({ ktloWip: { count: 4, limit: 5, status: 'within', issues: [] } })));
    await userEvent.setup().click(screen.getByRole('tab', { name: 'Kanban flow' }));
    await screen.findByTestId('flow-view');
    expect(screen.getByTestId('wip-status').textContent).toBe('Within the WIP limit');
    expect(screen.getByTestId('wip-sentence').textContent).toBe('4 KTLO issues in progress, within the limit of 5 (board setting, set on the Sprint capacity tab).');
  });

  it('explains "no-limit" and shows no meter', async () => {
    await openPage();
    views.answer('flow', () => success(flowAnswer({ ktloWip: { count: 3, limit: null, status: 'no-limit', issues: [] }, ktloThroughputShare: null })));
    await userEvent.setup().click(screen.getByRole('tab', { name: 'Kanban flow' }));
    await screen.findByTestId('flow-view');
    expect(screen.getByTestId('wip-status').textContent).toBe('No WIP limit set');
    expect(screen.getByTestId('wip-sentence').textContent).toContain('This board has no KTLO WIP limit');
    // The project page has no board settings: it says where the board's are.
    expect(screen.getByTestId('wip-sentence').textContent).toContain('in the board settings of “KTLO capacity”, the KTLO Lens item of the ••• menu on this board’s backlog');
    expect(screen.queryByRole('meter', { name: 'KTLO work in progress against its limit' })).toBeNull();
    expect(screen.getByTestId('throughput-share').textContent).toBe('No issues finished in the last 3 weeks, so there is no KTLO share of throughput yet.');
  });

  it('Refresh asks again, keeps the numbers meanwhile and announces the new ones', async () => {
    const user = await openFlow();
    views.answer('flow', () => success(flowAnswer({ ktloWip: { count: 5, limit: 5, status: 'within', issues: [] } })));
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(screen.getByTestId('wip-status').textContent).toBe('Within the WIP limit'));
    expect(screen.getByTestId('flow-announcement').textContent).toBe('Flow refreshed.');
    expect(views.callsOf('flow')).toHaveLength(2);
  });

  it('shows the error in words with Retry, and loads again on Retry', async () => {
    await openPage();
    views.answer('flow', () => failure('RATE_LIMITED', 'Jira answered 429.'));
    const user = userEvent.setup();
    await user.click(screen.getByRole('tab', { name: 'Kanban flow' }));
    const panel = screen.getByRole('tabpanel', { name: 'Kanban flow' });
    const error = await within(panel).findByTestId('error-message');
    expect(error.textContent).toContain('Jira is limiting how many requests KTLO Lens can make.');
    expect(error.textContent).toContain('Jira answered 429.');
    views.answer('flow', () => success(flowAnswer()));
    await user.click(within(error).getByRole('button', { name: 'Retry' }));
    await within(panel).findByTestId('flow-view');
  });
});

describe('board picker', () => {
  it('offers Kanban boards for flow and every board for trends (sprints, or weeks and months of a Kanban board), and sends the board picked', async () => {
    await openPage();
    const user = userEvent.setup();
    await user.click(screen.getByRole('tab', { name: 'Kanban flow' }));
    await screen.findByTestId('flow-view');
    const flowPanel = screen.getByRole('tabpanel', { name: 'Kanban flow' });
    expect(await optionsOf(user, 'Board', flowPanel)).toEqual(['OPS flow', 'Support desk']);
    expect(screen.getByTestId('flow-board-note').textContent).toContain('Scrum boards: see Trends');

    await pickOption(user, 'Board', 'Support desk', flowPanel);
    await waitFor(() => expect(views.callsOf('flow').at(-1)).toEqual({ board: 3 }));

    await user.click(screen.getByRole('tab', { name: 'Trends' }));
    await screen.findByTestId('trend-view');
    expect(await optionsOf(user, 'Board', screen.getByRole('tabpanel', { name: 'Trends' }))).toEqual(['OPS sprints', 'OPS flow', 'Support desk']);
    expect(views.callsOf('trend')).toEqual([{ board: 1, sprints: 6 }]);
    // Back on flow, the pick is remembered.
    await user.click(screen.getByRole('tab', { name: 'Kanban flow' }));
    expect(screen.getByTestId('flow-board-picker').textContent).toBe('BoardSupport desk');
  });

  it('says so when the project has no board of the type a view measures', async () => {
    host.context = projectPageContext();
    answerCapacityTab();
    views.answer('boards', () => success([BOARDS[0]]));
    render(<ProjectPage />);
    await userEvent.setup().click(await screen.findByRole('tab', { name: 'Kanban flow' }));
    const notice = await screen.findByTestId('no-fitting-board');
    expect(notice.textContent).toContain('This project has no Kanban board you can see');
    expect(notice.textContent).toContain('see Trends');
    expect(views.callsOf('flow')).toEqual([]);
  });

  it('says so when Jira opened the page on a board of the other type', async () => {
    await openPage({ id: 1, type: 'scrum' });
    await userEvent.setup().click(screen.getByRole('tab', { name: 'Kanban flow' }));
    expect((await screen.findByTestId('board-type-mismatch')).textContent).toContain('This is a scrum board, not a Kanban board');
    expect(views.callsOf('flow')).toEqual([]);
  });

  it('shows a board list error with Retry', async () => {
    host.context = projectPageContext();
    answerCapacityTab();
    views.answer('boards', () => failure('JIRA_UNAVAILABLE', 'Jira answered 503.'));
    views.answer('trend', () => success(trendAnswer()));
    render(<ProjectPage />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('tab', { name: 'Trends' }));
    const panel = screen.getByRole('tabpanel', { name: 'Trends' });
    const error = await within(panel).findByTestId('error-message');
    expect(error.textContent).toContain('Jira is not answering KTLO Lens right now.');
    views.answer('boards', () => success(BOARDS));
    await user.click(within(error).getByRole('button', { name: 'Retry' }));
    await within(panel).findByTestId('trend-view');
  });
});

describe('Trends', () => {
  const created: Blob[] = [];
  const original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
  beforeEach(() => {
    created.length = 0;
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      created.push(blob as Blob);
      return `blob:local/${created.length}`;
    };
    URL.revokeObjectURL = () => undefined;
  });
  afterEach(() => {
    URL.createObjectURL = original.create;
    URL.revokeObjectURL = original.revoke;
  });

  function readBlob(blob: Blob): Promise<string> {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error);
      reader.readAsText(blob);
    });
  }

  async function openTrends(): Promise<ReturnType<typeof userEvent.setup>> {
    await openPage();
    const user = userEvent.setup();
    await user.click(screen.getByRole('tab', { name: 'Trends' }));
    await screen.findByTestId('trend-view');
    return user;
  }

  it('lists in its legend only the series drawn, says how many of the sprints asked exist, and which rest on unsure issues', async () => {
    await openTrends();
    expect(within(screen.getByTestId('trend-legend')).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'KTLO planned at sprint start',
      'KTLO added during the sprint (unplanned)',
      'Range over unsure issues',
      'Reserved band',
    ]);
    expect(screen.getAllByTestId('trend-range')).toHaveLength(2);
    expect(screen.getByTestId('trend-available').textContent).toBe('3 of 6 sprints available');
    expect(screen.getByTestId('trend-rests-on-unsure').textContent).toContain('1 sprint rest on unsure issues');
    expect(screen.getByTestId('trend-row-11').textContent).toContain('25% (25–35%)');
    expect(screen.getByTestId('trend-row-11').textContent).toContain('Within the reserved band, rests on unsure issues');
  });

  it('a Kanban board trends per week or per month in the same chart, with a reserve from its weeks', async () => {
    const kanban = {
      ...trendAnswer(),
      board: { id: 3, name: 'Support desk', type: 'kanban' },
      period: 'week' as const,
      asked: 12,
      available: 12,
      points: trendAnswer().points.map((p, i) => ({ ...p, name: `Week of 2026-11-${10 + 7 * i}`, ktloPlanned: null, ktloUnplanned: null, shareRange: null, restsOnUnsure: false })),
    };
    views.answer('kanban-trend', (call) => success({ ...kanban, period: call.period ?? 'week', asked: call.periods ?? 12 }));
    // The load says what the board is; the page's context need not.
    host.answer('capacity/load', (payload) => success({ ...loadAnswer(payload), board: { ...loadAnswer(payload).board, type: 'kanban' }, reserve: null }));
    views.answer('kanban-reserve', () => success({ kind: 'suggested', band: { min: 0.2, max: 0.35 }, period: 'week', periods: 12, skipped: 0, ktloShare: { p50: 0.22, p85: 0.31, periods: 12 }, unplannedShare: null }));
    await openPage({ id: 3, type: 'kanban' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('tab', { name: 'Trends' }));
    await screen.findByTestId('trend-view');
    // The board comes from the page's context (the load answers for it): none is sent.
    expect(views.callsOf('kanban-trend')).toEqual([{ board: 1, period: 'week', periods: 12 }]);
    expect(views.callsOf('trend')).toEqual([]);
    expect(screen.getByRole('img', { name: 'KTLO share per week' })).toBeTruthy();
    expect(within(screen.getByTestId('trend-legend')).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['KTLO', 'Reserved band']);
    expect(screen.queryByTestId('trend-available')).toBeNull();
    // No sprints to suggest from: the reserve is measured from the board's last full weeks, in the browser.
    expect((await screen.findByTestId('reserve-band')).textContent).toBe('Reserve 20–35% (last 12 weeks)');
    expect(views.callsOf('kanban-reserve')).toEqual([{ board: 1 }]);

    await pickOption(user, 'Per', 'Month');
    await waitFor(() => expect(views.callsOf('kanban-trend').at(-1)).toEqual({ board: 1, period: 'month', periods: 12 }));
    await pickOption(user, 'Months to compare', 'Last 6 months');
    await waitFor(() => expect(views.callsOf('kanban-trend').at(-1)).toEqual({ board: 1, period: 'month', periods: 6 }));
    expect(await screen.findByRole('img', { name: 'KTLO share per month' })).toBeTruthy();
  });

  it('draws the share per sprint with the band, and gives the series in a table with status in words', async () => {
    await openTrends();
    const chart = screen.getByRole('img', { name: 'KTLO share per sprint' });
    expect(chart.querySelector('desc')?.textContent).toBe('3 sprints of OPS sprints, reserved band 20–30%: 1 within, 1 over, 0 under, 1 without estimated work. The table below gives each sprint’s numbers.');
    const band = screen.getByTestId('trend-band');
    expect([band.getAttribute('data-min'), band.getAttribute('data-max')]).toEqual(['0.2', '0.3']);
    expect(Number(band.getAttribute('height'))).toBeGreaterThan(0);
    const columns = screen.getAllByTestId('trend-column');
    expect(columns).toHaveLength(3);
    // Sprint 10: 9 planned and 5 unplanned points, drawn as two parts; sprint 12 has no estimated work, so no bar.
    expect(columns[0]?.querySelectorAll('rect[data-part]')).toHaveLength(2);
    expect(columns[2]?.querySelectorAll('rect')).toHaveLength(0);
    expect(screen.getByTestId('trend-band-text').textContent).toBe('Reserved band 20–30% (default)');

    const rows = within(screen.getByRole('table', { name: 'KTLO per sprint' }))
      .getAllByRole('row')
      .map((r) => Array.from(r.querySelectorAll('th,td')).map((c) => c.textContent));
    expect(rows).toEqual([
      ['Sprint', 'Dates', 'KTLO share', 'Status', 'KTLO planned', 'KTLO unplanned', 'KTLO total', 'Project work'],
      ['OPS Sprint 10', '19 Oct 2026 – 2 Nov 2026', '35% (30–40%)', 'Over the reserved band', '9 points', '5 points', '14 points', '26 points'],
      ['OPS Sprint 11, "hardening"', '2 Nov 2026 – 16 Nov 2026', '25% (25–35%)', 'Within the reserved band, rests on unsure issues', '10 points', '0 points', '10 points', '30 points'],
      ['OPS Sprint 12', '16 Nov 2026 – –', '–', 'No estimated work yet', '–', '–', '0 points', '0 points'],
    ]);
  });

  it('lists recurring KTLO work as automation candidates, each key opening the issue in Jira', async () => {
    const user = await openTrends();
    const list = screen.getByTestId('recurring');
    const items = within(list).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual([
      'Rotate TLS certificates — 3 times, 6 points in all: OPS-101, OPS-118, OPS-140',
      'Restore failed backup job — 2 times, 5 points in all: OPS-107, OPS-137',
    ]);
    const link = within(list).getByRole('link', { name: 'OPS-118' });
    expect(link.getAttribute('href')).toBe('/browse/OPS-118');
    await user.click(link);
    expect(host.bridgeCalls).toContain('navigate');
  });

  it('offers the series as a CSV file', async () => {
    await openTrends();
    const link = screen.getByRole('link', { name: 'Download CSV' });
    expect(link.getAttribute('download')).toBe('ktlo-trend-ops-sprints.csv');
    expect(link.getAttribute('href')).toBe(`blob:local/${created.length}`);
    const blob = created.at(-1) as Blob;
    expect(blob.type).toBe('text/csv;charset=utf-8');
    // A byte order mark (3 bytes in UTF-8) leads the file, so spreadsheets read UTF-8; decoding the text drops it again.
    // This CSV is ASCII: one byte a character.
    expect(blob.size).toBe(trendCsv(trendAnswer()).length + 3);
    expect(await readBlob(blob)).toBe(
      [
        'sprint,start,end,ktloShare,status,ktloPoints,projectPoints,ktloPlanned,ktloUnplanned',
        'OPS Sprint 10,2026-10-19T09:00:00.000Z,2026-11-02T17:00:00.000Z,0.35,over,14,26,9,5',
        '"OPS Sprint 11, ""hardening""",2026-11-02T09:00:00.000Z,2026-11-16T17:00:00.000Z,0.25,within,10,30,10,0',
        'OPS Sprint 12,2026-11-16T09:00:00.000Z,,,empty,0,0,,',
        '',
      ].join('\r\n'),
    );
  });

  it('asks for more sprints when the person picks them', async () => {
    const user = await openTrends();
    // The fixture's board has closed 3 sprints: every choice says it asks for more than there is.
    expect(await optionsOf(user, 'Sprints to compare')).toEqual(['Last 6 sprints (only 3 closed)', 'Last 12 sprints (only 3 closed)', 'Last 26 sprints (only 3 closed)']);
    await pickOption(user, 'Sprints to compare', 'Last 12 sprints (only 3 closed)');
    await waitFor(() => expect(views.callsOf('trend').at(-1)).toEqual({ board: 1, sprints: 12 }));
    await screen.findByTestId('trend-view');
  });

  it('says when the board has no sprints yet, and that nothing recurs', async () => {
    await openPage();
    views.answer('trend', () => success(trendAnswer({ points: [], recurring: [] })));
    await userEvent.setup().click(screen.getByRole('tab', { name: 'Trends' }));
    expect((await screen.findByTestId('no-sprints')).textContent).toContain('No sprints to compare yet');
    expect(screen.getByTestId('no-recurring').textContent).toBe('No KTLO work came back across these sprints.');
    expect(screen.queryByRole('link', { name: 'Download CSV' })).toBeNull();
  });
});
