import type { FrameLocator, Page } from 'playwright-core';
import { openDemoSession, type DemoSession } from '../../dev/e2e/demo-session';
import { openSurface, type HostSession, type SurfaceRequest } from '../../dev/e2e/host-page';

/**
 * Issue 11, "one invoke per surface load": each capacity surface, opened in Debian's Chromium through the `npm start`
 * host (in-process, temporary kvs file, demo site) on the built surfaces, asks the app exactly once (capacity/load);
 * its figures, board settings form and reserve suggestion all answer from that load, and the project's board list is
 * read in the browser. A save is its own invoke, and the surface then asks the load once more. The host session
 * records each frame's invokes (dev/e2e/host-page.ts openHostSession).
 */

const SPRINT_ACTION = 'KTLO capacity — jira:sprintAction';
const BACKLOG_ACTION = 'KTLO capacity — jira:backlogAction';
const PROJECT_PAGE = 'KTLO Lens — jira:projectPage';
const ANA = 'Ana Admin';
/** No invoke for this long after everything is on screen: the surface has asked all it will ask. */
const SETTLE_MS = 1_500;

jest.setTimeout(90_000);

let demo: DemoSession;
let session: HostSession;
let page: Page;

beforeAll(async () => {
  demo = await openDemoSession('invokes');
  ({ session } = demo);
  ({ page } = session);
}, 120_000);

afterAll(() => demo?.close());
afterEach(() => demo.collect(expect.getState().currentTestName ?? '?'));

/** Waits until the frame has sent no invoke for SETTLE_MS, and answers what it invoked since `from`. */
async function settled(frameId: string, from = 0): Promise<string[]> {
  let count = -1;
  while (count !== session.invokedBy(frameId).length) {
    count = session.invokedBy(frameId).length;
    await page.waitForTimeout(SETTLE_MS);
  }
  return session.invokedBy(frameId).slice(from);
}

/**
 * Opens the surface and waits for every part of it named by `shown` (test ids), then for its invokes to settle. Only
 * the opened frame's invokes count: choosing the user and module on the host page opens other frames on the way.
 */
async function openAndCount(request: SurfaceRequest, shown: readonly string[]): Promise<{ invokes: string[]; frame: FrameLocator; frameId: string }> {
  const { frame, frameId } = await openSurface(page, request);
  for (const testId of shown) await frame.getByTestId(testId).first().waitFor({ timeout: 30_000 });
  return { invokes: await settled(frameId), frame, frameId };
}

describe('each capacity surface asks the app once when it opens', () => {
  // First: the host page keeps the last board picked, and a project page opened with one has no board to pick.
  test.each<[string, SurfaceRequest, string[]]>([
    ['the project page without a board (board list read in the browser, figures, settings, reserve)', { user: ANA, module: PROJECT_PAGE, projectKey: 'OPS' }, ['board-picker', 'capacity-view', 'board-settings-form', 'reserve-suggestion']],
    ['the sprint action (figures, board settings form, reserve)', { user: ANA, module: SPRINT_ACTION, boardId: 1, sprintId: 43 }, ['capacity-view', 'board-settings-form', 'reserve-suggestion']],
    ['the backlog action on a scrum board (sprint picker, figures, settings, reserve)', { user: ANA, module: BACKLOG_ACTION, boardId: 1 }, ['sprint-picker', 'capacity-view', 'board-settings-form', 'reserve-suggestion']],
    ['the backlog action on a Kanban board (flow, settings)', { user: ANA, module: BACKLOG_ACTION, boardId: 2 }, ['flow-view', 'board-settings-form']],
    ['the project page on a Kanban board (its flow)', { user: ANA, module: PROJECT_PAGE, projectKey: 'WEB', boardId: 2 }, ['flow-view']],
  ])('%s', async (_name, request, shown) => {
    const { invokes } = await openAndCount(request, shown);
    expect(invokes).toEqual(['capacity/load']);
  });

  test('a save is its own invoke, and the surface then asks the load once more for everything it shows', async () => {
    const { frame, frameId, invokes } = await openAndCount({ user: ANA, module: SPRINT_ACTION, boardId: 1, sprintId: 43 }, ['capacity-view', 'board-settings-form', 'reserve-suggestion']);
    const capacity = frame.getByLabel('Team capacity per sprint');
    await capacity.fill('37');
    await frame.getByRole('button', { name: 'Save board settings' }).click();
    await frame.getByTestId('announcement').getByText('Board settings saved.', { exact: false }).waitFor();
    await frame.getByTestId('team-capacity').getByText('37 points', { exact: false }).waitFor();
    expect(await settled(frameId, invokes.length)).toEqual(['capacity/saveBoardSettings', 'capacity/load']);
    await expect(capacity.inputValue()).resolves.toBe('37');
  });

  test('a Kanban board’s save is one invoke too, and its flow is measured again from the one load that follows', async () => {
    const { frame, frameId, invokes } = await openAndCount({ user: ANA, module: BACKLOG_ACTION, boardId: 2 }, ['flow-view', 'board-settings-form']);
    const limit = frame.getByLabel('KTLO WIP limit (Kanban)');
    await limit.fill('9');
    await frame.getByRole('button', { name: 'Save board settings' }).click();
    await frame.getByTestId('announcement').getByText('Board settings saved.', { exact: false }).waitFor();
    await frame.getByTestId('wip-count').getByText('of 9', { exact: false }).waitFor();
    expect(await settled(frameId, invokes.length)).toEqual(['capacity/saveBoardSettings', 'capacity/load']);
  });
});

test('no console error, page error or CSP violation in any frame', () => {
  expect(demo.seen).toEqual([]);
});
