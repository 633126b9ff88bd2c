import type { Page } from 'playwright-core';
import { screenshot } from '../../dev/e2e/browser';
import { openDemoSession, type DemoSession } from '../../dev/e2e/demo-session';
import { openSurface } from '../../dev/e2e/host-page';
import type { AppHost } from '../../dev/app-host';
import { browserFlow } from '../support/views';

/**
 * Issue 12, "Kanban is a first-class path": the backlog action (jira:backlogAction, which Jira shows on Kanban boards
 * too) opened on the demo's Kanban board 2 (WEB) in Debian's Chromium, against the `npm start` host (in-process,
 * temporary kvs file, demo site) and the built surfaces under Forge's CSP. It opens on the board's flow, never a sprint
 * error; the figures expected are the app's own measurement of the board as the same user. No console error, page
 * error or CSP violation in any frame. Screenshot in test-artifacts/backlog-action-kanban.png.
 */

const BACKLOG_ACTION = 'KTLO capacity — jira:backlogAction';
const ANA = 'Ana Admin';
const KANBAN_BOARD = 2;

jest.setTimeout(90_000);

let demo: DemoSession;
let app: AppHost;
let page: Page;
const accountOf = (name: string): string => demo.accountOf(name);

beforeAll(async () => {
  demo = await openDemoSession('kanban');
  app = demo.app;
  page = demo.session.page;
}, 120_000);

afterAll(() => demo?.close());
afterEach(() => demo.collect(expect.getState().currentTestName ?? '?'));

describe('the backlog action on Kanban board 2 (WEB)', () => {
  test('opens on the flow: KTLO WIP against its limit, the in-progress KTLO issues with their age, throughput; no sprint error', async () => {
    const { frame, extension } = await openSurface(page, { user: ANA, module: BACKLOG_ACTION, boardId: KANBAN_BOARD });
    expect(extension).toMatchObject({ type: 'jira:backlogAction', board: { id: KANBAN_BOARD } });
    await frame.getByTestId('flow-view').waitFor({ timeout: 30_000 });

    const expected = await browserFlow(app, { accountId: accountOf(ANA), extension, moduleKey: 'ktlo-backlog-capacity' });
    if (!expected.ok) throw new Error(`the board's flow failed: ${expected.error.code} ${expected.error.message}`);
    const wip = expected.data.ktloWip;
    // The demo board has KTLO work in progress, so the list below is something to look at.
    expect(wip.issues.length).toBeGreaterThan(0);
    expect(wip.issues).toHaveLength(wip.count);

    expect(await frame.getByRole('heading', { level: 2 }).first().textContent()).toBe(`Kanban flow of ${expected.data.board.name}`);
    expect(await frame.getByTestId('wip-count').textContent()).toBe(wip.limit === null ? `${wip.count} in progress` : `${wip.count} of ${wip.limit}`);
    const rows = frame.getByRole('table', { name: 'KTLO issues in progress, oldest first' }).locator('tbody tr');
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th,td')).map((c) => c.textContent ?? '')));
    expect(shown.map(([key]) => key)).toEqual(wip.issues.map((i) => i.key));
    // Ages as the browser measured them a moment earlier: equal to a tenth of a day.
    shown.forEach(([, age], n) => {
      expect(age).toMatch(/^\d+(\.\d)? days?$/);
      expect(Math.abs(parseFloat(age ?? '') - (wip.issues[n]?.ageDays ?? NaN))).toBeLessThanOrEqual(0.1);
    });
    await frame.getByTestId('throughput').waitFor();
    expect(await frame.getByTestId('throughput').locator('tbody tr').count()).toBe(expected.data.throughput.length);

    // What the surface used to show on a Kanban board: a sprint error with Jira's raw text and a Retry that cannot help.
    expect(await frame.getByTestId('error-message').count()).toBe(0);
    expect(await frame.locator('body').textContent()).not.toMatch(/rest\/agile|does not support sprints|Jira rejected the request|no active or future sprint/);
    // The board's settings (its KTLO WIP limit) are on the same surface.
    await frame.getByRole('heading', { name: 'Board settings' }).waitFor();
    await screenshot(page, 'backlog-action-kanban');
  });

  test('no console error, page error or CSP violation in any frame', () => {
    expect(demo.seen).toEqual([]);
  });
});
