import type { Page } from 'playwright-core';
import { screenshot } from '../../dev/e2e/browser';
import { openDemoSession, type DemoSession } from '../../dev/e2e/demo-session';
import { openSurface, type HostSession, type SurfaceRequest } from '../../dev/e2e/host-page';
import { pickOption } from '../../dev/e2e/select';
import type { AppHost } from '../../dev/app-host';
import type { CapacityLoad } from '../../src/contracts/resolvers';
import type { MeasuredSprint } from '../../src/domain/measure';
import { browserSprint } from '../support/views';

/**
 * Browser tests of issue 12's honest verdicts, reserve from history and Kanban trends: Debian's Chromium against the
 * `npm start` host (in-process, temporary kvs file, demo site), the built surfaces under Forge's CSP. Expected numbers
 * come from the app's own resolvers. No console error, page error or CSP violation in any frame. Screenshots in test-artifacts/.
 */

const SPRINT_ACTION = 'KTLO capacity — jira:sprintAction';
const PROJECT_PAGE = 'KTLO Lens — jira:projectPage';
const ANA = 'Ana Admin';
const DAN = 'Dan Developer';
const BOARD = 1;
const SPRINT = 43;

jest.setTimeout(90_000);

let demo: DemoSession;
let app: AppHost;
let session: HostSession;
let page: Page;
/** Every invoke a surface sent, by resolver key (a what-if must send none). */
let invoked: string[] = [];

type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

const sprintExtension = { type: 'jira:sprintAction', board: { id: BOARD, type: 'scrum' }, sprint: { id: SPRINT, state: 'active' } };

async function asAna<T>(functionKey: string, key: string, payload: unknown, extension: Record<string, unknown>, moduleKey: string): Promise<T> {
  const answer = (await app.resolve(functionKey, key, payload, { accountId: demo.accountOf(ANA), extension, moduleKey })) as Envelope<T>;
  if (!answer.ok) throw new Error(`${key} failed: ${answer.error.code} ${answer.error.message}`);
  return answer.data;
}

/** The surface's load as Ana's browser gets it: the board's own settings and the reserve it shows come from it. */
const loadNow = () => asAna<CapacityLoad>('capacity-resolver', 'capacity/load', {}, sprintExtension, 'ktlo-sprint-capacity');
const boardSettings = async () => (await loadNow()).own;
const reserveNow = async () => {
  const { reserve, own } = await loadNow();
  return { suggestion: { kind: reserve?.kind ?? 'none', periods: reserve?.periods ?? 0, band: reserve?.kind === 'suggested' ? reserve.band : undefined }, revision: own.revision };
};

/** The sprint as Ana's browser measures it (the load invoke, then Jira read as her). */
async function sprintNow(): Promise<MeasuredSprint> {
  const answer = await browserSprint(app, { accountId: demo.accountOf(ANA), extension: sprintExtension, moduleKey: 'ktlo-sprint-capacity' });
  if (!answer.ok) throw new Error(`sprint ${SPRINT}: ${answer.error.code} ${answer.error.message}`);
  return answer.data;
}

async function saveBoard(settings: Record<string, unknown>): Promise<void> {
  const { revision } = await boardSettings();
  await asAna('capacity-resolver', 'capacity/saveBoardSettings', { level: 'board', expectedRevision: revision, settings }, sprintExtension, 'ktlo-sprint-capacity');
}


beforeAll(async () => {
  // OPS and WEB turned on, and their history measured: the reserve has closed sprints to go on.
  demo = await openDemoSession('verdicts', ['OPS', 'WEB']);
  ({ app, session } = demo);
  ({ page } = session);
  invoked = session.invoked;
}, 120_000);

afterAll(() => demo?.close());
afterEach(() => demo.collect(expect.getState().currentTestName ?? '?'));

const surface = (request: SurfaceRequest) => openSurface(page, request);

describe('honest verdicts (sprint 43 of board 1)', () => {
  test('a what-if flip moves the share and verdict in the view only, marked not saved; reset returns to the real figures', async () => {
    const { frame } = await surface({ user: ANA, module: SPRINT_ACTION, boardId: BOARD, sprintId: SPRINT });
    await frame.getByTestId('capacity-view').waitFor();
    const realShare = await frame.getByTestId('ktlo-share').textContent();
    const realStatus = await frame.getByTestId('capacity-status').textContent();
    // The first KTLO issue with an estimate, tried as project work.
    const flip = frame.getByTestId('ktlo-issues').getByRole('button', { name: /What if project work\?/ }).first();
    const label = (await flip.getAttribute('aria-label')) ?? '';
    const key = /([A-Z]+-\d+)/.exec(label)?.[1] ?? '';
    expect(key).not.toBe('');
    const before = invoked.length;
    await flip.click();
    await frame.getByTestId('what-if').getByText('What-if, not saved').waitFor();
    await frame.getByTestId(`project-issues-${key}`).getByRole('link', { name: key, exact: true }).waitFor();
    expect(await frame.getByTestId('ktlo-share').textContent()).not.toBe(realShare);
    expect(invoked.length).toBe(before);
    await screenshot(page, 'verdict-what-if');
    await frame.getByTestId('what-if-reset').click();
    await expect(frame.getByTestId('what-if').count()).resolves.toBe(0);
    await expect(frame.getByTestId('ktlo-share').textContent()).resolves.toBe(realShare);
    await expect(frame.getByTestId('capacity-status').textContent()).resolves.toBe(realStatus);
    // Nothing of the what-if was saved: the resolver still measures the issue as before.
    const measured = await sprintNow();
    expect(measured.issues.find((i) => i.key === key)?.category).toBe('KTLO');
  });

  test('committed beyond the team capacity is its own warning, saying by how much, and room never reads negative', async () => {
    await saveBoard({ teamCapacity: 10 });
    const measured = await sprintNow();
    expect(measured.totalPoints).toBeGreaterThan(10);
    const { frame } = await surface({ user: ANA, module: SPRINT_ACTION, boardId: BOARD, sprintId: SPRINT });
    await frame.getByTestId('overcommitted').waitFor();
    const over = Math.round((measured.totalPoints - 10) * 1e6) / 1e6;
    await expect(frame.getByTestId('overcommitted-text').textContent()).resolves.toBe(`${measured.totalPoints} points committed against 10 points team capacity: ${over} points over.`);
    await expect(frame.getByTestId('project-room').textContent()).resolves.toBe('0 points');
    await screenshot(page, 'verdict-overcommitted');
    await saveBoard({});
  });
});

describe('reserve suggested from history', () => {
  test('Dan sees the suggestion and how it was computed but cannot apply it; Ana applies it and the view refreshes to the new band', async () => {
    const reserve = await reserveNow();
    expect(reserve.suggestion.kind).toBe('suggested');
    const band = reserve.suggestion.band ?? { min: 0, max: 0 };
    const text = `Reserve ${Math.round(band.min * 100)}–${Math.round(band.max * 100)}% (last ${reserve.suggestion.periods} sprints)`;

    const dan = await surface({ user: DAN, module: SPRINT_ACTION, boardId: BOARD, sprintId: SPRINT });
    await expect(dan.frame.getByTestId('reserve-band').textContent()).resolves.toBe(text);
    await dan.frame.getByTestId('reserve-read-only').waitFor();
    await expect(dan.frame.getByTestId('reserve-apply').count()).resolves.toBe(0);
    await screenshot(page, 'reserve-dan-read-only');

    const ana = await surface({ user: ANA, module: SPRINT_ACTION, boardId: BOARD, sprintId: SPRINT });
    await expect(ana.frame.getByTestId('reserve-how').textContent()).resolves.toMatch(/typical \(p50\) \d+%, high \(p85\) \d+%/);
    await ana.frame.getByTestId('reserve-apply').click();
    await ana.frame.getByTestId('announcement').getByText(`Reserve ${Math.round(band.min * 100)}–${Math.round(band.max * 100)}% saved for this board.`).waitFor();
    await ana.frame.getByTestId('band').filter({ hasText: `Reserved band ${Math.round(band.min * 100)}–${Math.round(band.max * 100)}%` }).waitFor();
    await ana.frame.getByTestId('reserve-applied').waitFor();
    const saved = await boardSettings();
    expect(saved.revision).toBe(reserve.revision + 1);
    expect(saved.settings).toEqual({ band });
    await screenshot(page, 'reserve-applied');
  });
});

describe('trends', () => {
  test('a scrum board with fewer closed sprints than asked says how many exist; the chart takes the width it has', async () => {
    const { frame } = await surface({ user: ANA, module: PROJECT_PAGE, projectKey: 'OPS' });
    await frame.getByRole('tab', { name: 'Trends' }).click();
    await frame.getByTestId('trend-view').waitFor();
    await pickOption(frame, 'Sprints to compare', /^Last 12 sprints/);
    await frame.getByTestId('trend-available').filter({ hasText: /^\d+ of 12 sprints available$/ }).waitFor();
    const chart = frame.getByTestId('trend-chart');
    const [chartWidth, panelWidth] = await Promise.all([chart.evaluate((el) => el.getBoundingClientRect().width), frame.getByTestId('trend-view').evaluate((el) => el.getBoundingClientRect().width)]);
    expect(chartWidth).toBeGreaterThan(panelWidth * 0.95);
    const legend = await frame.getByTestId('trend-legend').locator('li').allTextContents();
    expect(legend.at(-1)).toBe('Reserved band');
    // Each series listed is drawn: planned and unplanned parts, or whole KTLO columns.
    if (legend.includes('KTLO planned at sprint start')) await expect(chart.locator('[data-part="planned"]').count()).resolves.toBeGreaterThan(0);
    if (legend.includes('Range over unsure issues')) await expect(chart.getByTestId('trend-range').count()).resolves.toBeGreaterThan(0);
    await screenshot(page, 'trend-scrum-available');
  });

  test('a Kanban board (WEB) trends per week and per month: KTLO share of throughput against the band, in the same chart', async () => {
    // WEB's project page opened on its Kanban board (board 2), as Jira Software does from a board.
    const { frame } = await surface({ user: ANA, module: PROJECT_PAGE, projectKey: 'WEB', boardId: 2 });
    await frame.getByRole('tab', { name: 'Trends' }).click();
    await frame.getByTestId('trend-view').waitFor();
    await frame.getByRole('img', { name: 'KTLO share per week' }).waitFor();
    const weeks = await frame.getByTestId('trend-table').locator('tbody tr').count();
    expect(weeks).toBe(12);
    const shares = await frame.getByTestId('trend-table').locator('tbody tr td:nth-child(3)').allTextContents();
    expect(shares.some((s) => /^\d+%/.test(s))).toBe(true);
    await screenshot(page, 'trend-kanban-weeks');
    await pickOption(frame, 'Per', 'Month');
    await frame.getByRole('img', { name: 'KTLO share per month' }).waitFor();
    await expect(frame.getByTestId('trend-table').locator('thead th').first().textContent()).resolves.toBe('Month');
    await screenshot(page, 'trend-kanban-months');
  });
});

test('no console error, page error or CSP violation in any frame', () => {
  expect(demo.seen).toEqual([]);
});

