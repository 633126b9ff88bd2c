import type { FrameLocator, Page } from 'playwright-core';
import { screenshot } from '../../dev/e2e/browser';
import { openDemoSession, type DemoSession } from '../../dev/e2e/demo-session';
import { seriousViolations } from '../../dev/e2e/axe';
import { followToSurface, frameOf, openSurface } from '../../dev/e2e/host-page';
import type { AppHost } from '../../dev/app-host';
import { browserSprint, browserTrend } from '../support/views';

/**
 * Issue 12, "settings say where they come from", driven through every surface in Debian's Chromium against the
 * `npm start` host (in-process, temporary kvs file, demo site), as Ana (Jira admin, admin of OPS and its board):
 * a global band is saved on the admin page, then an OPS band on the project settings page, then a band for board 1
 * in its board settings (sprint capacity), and the board's band is set back to inheriting. After each save, the
 * sprint capacity of sprint 43, the project page's trend of board 1 and the settings forms show the band in force and
 * name its level; the app's own measurement of the same views (outside the browser) agrees. On Kanban board 2 (WEB),
 * the WIP limit is saved where the flow says it is set, and the flow and the project page name its level. Each named
 * level is a link: project -> the project's settings page, global -> the admin page, board -> the board's field in
 * the same view; and once a board or project sets its own band, the pages above name it as out of their reach.
 * Screenshots in test-artifacts/levels-*.png.
 */

const SPRINT_ACTION = 'KTLO capacity — jira:sprintAction';
const ADMIN_PAGE = 'KTLO Lens settings — jira:adminPage';
const PROJECT_SETTINGS = 'KTLO Lens — jira:projectSettingsPage';
const PROJECT_PAGE = 'KTLO Lens — jira:projectPage';
const BACKLOG_ACTION = 'KTLO capacity — jira:backlogAction';
const ANA = 'Ana Admin';
const BOARD = 1;
const SPRINT = 43;
const KANBAN_BOARD = 2;

jest.setTimeout(120_000);

let demo: DemoSession;
let app: AppHost;
let page: Page;
const accountOf = (name: string): string => demo.accountOf(name);

beforeAll(async () => {
  demo = await openDemoSession('levels');
  app = demo.app;
  page = demo.session.page;
}, 120_000);

afterAll(() => demo?.close());
afterEach(() => demo.collect(expect.getState().currentTestName ?? '?'));

type Level = 'board setting' | 'project setting' | 'global setting' | 'default';
const INHERITED_HINT: Record<Exclude<Level, 'board setting'>, string> = {
  'project setting': 'Inherited from the project settings',
  'global setting': 'Inherited from the global settings',
  default: 'Inherited from the defaults',
};
const bandText = (min: number, max: number): string => `${min}–${max}%`;

/** The band in force as the app itself measures the sprint and the trend for Ana (outside the browser). */
async function measuredBands(): Promise<{ sprint: string; trend: string; level: string }> {
  const caller = { accountId: accountOf(ANA), moduleKey: 'ktlo-sprint-capacity', extension: { type: 'jira:sprintAction', board: { id: BOARD, type: 'scrum' }, sprint: { id: SPRINT, state: 'active' } } };
  const sprint = await browserSprint(app, caller);
  const trend = await browserTrend(app, { ...caller, moduleKey: 'ktlo-project-page', extension: { type: 'jira:projectPage', project: { key: 'OPS' } } }, { boardId: BOARD, sprints: 6 });
  if (!sprint.ok || !trend.ok) throw new Error('the app could not measure the sprint or the trend');
  const pct = (b: { min: number; max: number }) => bandText(Math.round(b.min * 100), Math.round(b.max * 100));
  expect(trend.data.levels.band).toBe(sprint.data.levels.band);
  return { sprint: pct(sprint.data.band), trend: pct(trend.data.band), level: sprint.data.levels.band };
}

/** Sprint 43's capacity: the band line, and the board settings form's band fields with the hint of an inherited one. */
async function sprintCapacity(): Promise<{ frame: FrameLocator; band: string; from: string; to: string; hint: string }> {
  const { frame } = await openSurface(page, { user: ANA, module: SPRINT_ACTION, boardId: BOARD, sprintId: SPRINT });
  const band = frame.getByTestId('band');
  await band.waitFor({ timeout: 30_000 });
  const from = frame.getByLabel('Reserved band from (%)');
  await from.waitFor();
  return {
    frame,
    band: (await band.textContent()) ?? '',
    from: await from.inputValue(),
    to: await frame.getByLabel('Reserved band to (%)').inputValue(),
    // A band the board sets has no hint (scrum): nothing is inherited.
    hint: (await frame.locator('#board-setting-bandMin-hint').count()) === 0 ? '' : ((await frame.locator('#board-setting-bandMin-hint').textContent()) ?? ''),
  };
}

/** The project page's trend of board 1: its band line. */
async function trendBand(): Promise<string> {
  const { frame } = await openSurface(page, { user: ANA, module: PROJECT_PAGE, projectKey: 'OPS', boardId: BOARD });
  await frame.getByRole('tab', { name: 'Trends' }).click();
  const text = frame.getByTestId('trend-band-text');
  await text.waitFor({ timeout: 30_000 });
  return (await text.textContent()) ?? '';
}

/** Every surface shows the band `min`-`max` in force, named by `level`, as the app measures it. */
async function expectEverywhere(min: number, max: number, level: Level, shot: string): Promise<FrameLocator> {
  const expected = `Reserved band ${bandText(min, max)} (${level})`;
  const measured = await measuredBands();
  expect(measured).toEqual({ sprint: bandText(min, max), trend: bandText(min, max), level: level === 'default' ? 'default' : level.split(' ')[0] });

  // Flow and trends hold no board settings: a board's band says where they are.
  await expect(trendBand()).resolves.toBe(level === 'board setting' ? `Reserved band ${bandText(min, max)} (board setting, set on the Sprint capacity tab)` : expected);
  await screenshot(page, `${shot}-trend`);

  const capacity = await sprintCapacity();
  expect(capacity.band).toBe(expected);
  // The board settings form shows the band in force; an inherited one says where it comes from.
  expect([capacity.from, capacity.to]).toEqual([String(min), String(max)]);
  if (level === 'board setting') expect(capacity.hint).toBe('');
  else expect(capacity.hint).toContain(INHERITED_HINT[level]);
  await screenshot(page, `${shot}-capacity`);
  return capacity.frame;
}

describe('a band saved at each level is the one in force on every surface, and says where it comes from', () => {
  test('global -> project -> board, then the board inherits again', async () => {
    // 1. A global band on the admin page.
    const admin = (await openSurface(page, { user: ANA, module: ADMIN_PAGE })).frame;
    await admin.getByLabel('Reserved band from (%)').fill('25');
    await admin.getByLabel('Reserved band to (%)').fill('35');
    await admin.getByTestId('save-bar').getByRole('button', { name: 'Save settings' }).click();
    await admin.getByTestId('save-status').waitFor();
    await expectEverywhere(25, 35, 'global setting', 'levels-1-global');

    // The project settings page follows it, and says so.
    const projectSettings = (await openSurface(page, { user: ANA, module: PROJECT_SETTINGS, projectKey: 'OPS' })).frame;
    const inherit = projectSettings.getByLabel('Reserved KTLO band: use the global setting');
    await expect(inherit.isChecked()).resolves.toBe(true);
    await expect(projectSettings.getByTestId('section-band').getByText('Follows the global settings.').count()).resolves.toBe(1);
    await expect(projectSettings.getByLabel('Reserved band from (%)').inputValue()).resolves.toBe('25');
    await expect(projectSettings.getByLabel('Reserved band from (%)').isDisabled()).resolves.toBe(true);

    // 2. OPS sets its own band.
    await inherit.uncheck();
    await projectSettings.getByLabel('Reserved band from (%)').fill('30');
    await projectSettings.getByLabel('Reserved band to (%)').fill('40');
    await projectSettings.getByTestId('save-bar').getByRole('button', { name: 'Save project settings' }).click();
    await projectSettings.getByTestId('save-status').waitFor();
    await screenshot(page, 'levels-2-project-settings');
    await expectEverywhere(30, 40, 'project setting', 'levels-2-project');

    // 3. Board 1 sets its own band in its board settings, on the sprint capacity surface.
    const capacity = (await sprintCapacity()).frame;
    await capacity.getByLabel('Reserved band from (%)').fill('35');
    await capacity.getByLabel('Reserved band to (%)').fill('45');
    await capacity.getByRole('button', { name: 'Save board settings' }).click();
    await capacity.getByTestId('announcement').getByText('Board settings saved. The capacity check now uses them.').waitFor();
    // The surface measures again after its own save.
    await capacity.getByTestId('band').filter({ hasText: `Reserved band ${bandText(35, 45)} (board setting)` }).waitFor();
    const onBoard = await expectEverywhere(35, 45, 'board setting', 'levels-3-board');

    // 4. The board's band goes back to inheriting: the project's band is in force again, everywhere.
    await onBoard.getByRole('button', { name: 'Inherit the band again' }).click();
    await onBoard.getByRole('button', { name: 'Save board settings' }).click();
    await onBoard.getByTestId('announcement').getByText('Board settings saved. The capacity check now uses them.').waitFor();
    await onBoard.getByTestId('band').filter({ hasText: `Reserved band ${bandText(30, 40)} (project setting)` }).waitFor();
    await expectEverywhere(30, 40, 'project setting', 'levels-4-inherits-again');
  });

  test('Kanban board 2 (WEB): the WIP limit is set where the flow says, shows at once, and names its level on the project page too', async () => {
    const { frame } = await openSurface(page, { user: ANA, module: BACKLOG_ACTION, boardId: KANBAN_BOARD });
    const sentence = frame.getByTestId('wip-sentence');
    await sentence.waitFor({ timeout: 30_000 });
    await expect(sentence.textContent()).resolves.toContain('an admin of the board can set one (“KTLO WIP limit (Kanban)”) in the board settings below.');
    // The board settings offer what a Kanban board uses: the WIP limit and the band of its trends, no capacity per sprint.
    const form = frame.getByTestId('board-settings-form');
    await expect(form.getByRole('textbox').evaluateAll((inputs) => inputs.map((i) => i.id))).resolves.toEqual(['board-setting-wipLimit', 'board-setting-bandMin', 'board-setting-bandMax']);
    // The band in force (the global one saved above; WEB sets none), named where it comes from.
    await expect(frame.getByLabel('Reserved band from (%)').inputValue()).resolves.toBe('25');
    await expect(frame.locator('#board-setting-bandMin-hint').textContent()).resolves.toContain('Inherited from the global settings');
    const inProgress = Number(/^(\d+) KTLO/.exec((await sentence.textContent()) ?? '')?.[1]);
    expect(inProgress).toBeGreaterThan(0);
    await frame.getByLabel('KTLO WIP limit (Kanban)').fill(String(inProgress + 1));
    await form.getByRole('button', { name: 'Save board settings' }).click();
    await frame.getByTestId('announcement').getByText('Board settings saved. The flow and trends now use them.').waitFor();
    // The flow measures again after the save: no Refresh needed.
    const within = `within the limit of ${inProgress + 1} (board setting).`;
    await sentence.filter({ hasText: within }).waitFor();
    // Its level links to the WIP limit field of the board settings below.
    await sentence.getByRole('button', { name: 'board setting: change it in the board settings below' }).click();
    await expect(frame.locator('#board-setting-wipLimit').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await screenshot(page, 'levels-kanban-wip-saved');

    const projectPage = (await openSurface(page, { user: ANA, module: PROJECT_PAGE, projectKey: 'WEB', boardId: KANBAN_BOARD })).frame;
    await projectPage.getByRole('tab', { name: 'Kanban flow' }).click();
    const onPage = projectPage.getByTestId('wip-sentence');
    // The project page's flow holds no board settings: it says where they are.
    await onPage.filter({ hasText: `within the limit of ${inProgress + 1} (board setting, set on the Sprint capacity tab).` }).waitFor({ timeout: 30_000 });
    await projectPage.getByRole('tab', { name: 'Trends' }).click();
    await projectPage.getByTestId('trend-band-text').filter({ hasText: `Reserved band ${bandText(25, 35)} (global setting)` }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'levels-kanban-trend');
  });

  test('each named level links to where it is changed, and the settings pages name the board and project that override them', async () => {
    // OPS sets its band (above); the sprint's band names the project level, and its link opens OPS's settings page.
    let capacity = await sprintCapacity();
    expect(capacity.band).toBe(`Reserved band ${bandText(30, 40)} (project setting)`);
    const toProject = capacity.frame.getByTestId('band').getByRole('button', { name: 'project setting: change it in the KTLO Lens settings of project OPS' });
    const project = await followToSurface(page, () => toProject.click());
    expect(project.extension).toMatchObject({ type: 'jira:projectSettingsPage', project: { key: 'OPS' } });
    await project.frame.getByRole('heading', { level: 1, name: 'KTLO Lens settings for OPS' }).waitFor({ timeout: 30_000 });
    await expect(project.frame.getByLabel('Reserved band from (%)').inputValue()).resolves.toBe('30');
    // No board of OPS sets its own band yet.
    await expect(project.frame.getByTestId('overridden-below-band').count()).resolves.toBe(0);
    await screenshot(page, 'levels-link-to-project-settings');

    // Board 1 sets its own band: the project's page and the admin page now say the change will not reach it.
    capacity = await sprintCapacity();
    await capacity.frame.getByLabel('Reserved band from (%)').fill('35');
    await capacity.frame.getByLabel('Reserved band to (%)').fill('45');
    await capacity.frame.getByRole('button', { name: 'Save board settings' }).click();
    const bandLine = capacity.frame.getByTestId('band').filter({ hasText: `Reserved band ${bandText(35, 45)} (board setting)` });
    await bandLine.waitFor();
    // The board level moves to the board's own band field, in the same view, from the keyboard too.
    await bandLine.getByRole('button', { name: 'board setting: change it in the board settings below' }).focus();
    await page.keyboard.press('Enter');
    await expect(capacity.frame.locator('#board-setting-bandMin').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    expect(await seriousViolations(frameOf(page, (await openSurface(page, { user: ANA, module: SPRINT_ACTION, boardId: BOARD, sprintId: SPRINT })).frameId))).toEqual([]);

    const projectPage = (await openSurface(page, { user: ANA, module: PROJECT_SETTINGS, projectKey: 'OPS' })).frame;
    await expect(projectPage.getByTestId('overridden-below-band').textContent({ timeout: 30_000 })).resolves.toBe('Board “OPS board” sets its own reserved KTLO band, so a change here does not reach it.');
    await screenshot(page, 'levels-project-overridden-by-board');
    const adminPage = await openSurface(page, { user: ANA, module: ADMIN_PAGE });
    await expect(adminPage.frame.getByTestId('overridden-below-band').textContent({ timeout: 30_000 })).resolves.toBe(
      'Project OPS and board “OPS board” set their own reserved KTLO band, so a change here does not reach them.',
    );
    expect(await seriousViolations(frameOf(page, adminPage.frameId))).toEqual([]);
    await screenshot(page, 'levels-admin-overridden-below');

    // WEB follows the global band: its trend's level link opens the admin page.
    const web = (await openSurface(page, { user: ANA, module: PROJECT_PAGE, projectKey: 'WEB', boardId: KANBAN_BOARD })).frame;
    await web.getByRole('tab', { name: 'Trends' }).click();
    const toAdmin = web.getByTestId('trend-band-text').getByRole('button', { name: 'global setting: change it in the KTLO Lens admin settings' });
    await toAdmin.waitFor({ timeout: 30_000 });
    const admin = await followToSurface(page, () => toAdmin.click());
    expect(admin.extension).toMatchObject({ type: 'jira:adminPage' });
    await admin.frame.getByRole('heading', { level: 1, name: 'KTLO Lens settings' }).waitFor({ timeout: 30_000 });
    await expect(admin.frame.getByLabel('Reserved band from (%)').inputValue()).resolves.toBe('25');
    await screenshot(page, 'levels-link-to-admin-page');
  });

  test('the pickers are Atlaskit Selects reached and used from the keyboard alone, and say when they offer more than there is', async () => {
    const { frame } = await openSurface(page, { user: ANA, module: PROJECT_PAGE, projectKey: 'OPS', boardId: BOARD });
    await frame.getByRole('tab', { name: 'Trends' }).click();
    await frame.getByTestId('trend-view').waitFor({ timeout: 30_000 });
    const picker = frame.getByRole('combobox', { name: 'Sprints to compare', exact: true });
    // Tab from the tab list until the picker has the focus.
    for (let presses = 0; presses < 10 && !(await picker.evaluate((el) => el === document.activeElement)); presses++) await page.keyboard.press('Tab');
    await expect(picker.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    // Arrow Down opens the list on the current choice (Last 6); two more and Enter pick Last 26.
    await page.keyboard.press('ArrowDown');
    await expect(frame.getByRole('option').allTextContents()).resolves.toEqual(['Last 6 sprints', 'Last 12 sprints', 'Last 26 sprints']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const note = frame.getByTestId('trend-available').filter({ hasText: /^\d+ of 26 sprints available$/ });
    await note.waitFor({ timeout: 30_000 });
    const closed = Number(/^(\d+) of/.exec((await note.textContent()) ?? '')?.[1]);
    // Now the board is known to have fewer: each choice that asks for more says how many there are.
    await page.keyboard.press('ArrowDown');
    await expect(frame.getByRole('option').allTextContents()).resolves.toEqual([6, 12, 26].map((n) => (n > closed ? `Last ${n} sprints (only ${closed} closed)` : `Last ${n} sprints`)));
    await page.keyboard.press('Escape');
    await screenshot(page, 'levels-picker-keyboard');
  });

  test('axe-core finds no serious or critical violation with the Selects loaded and their menus open, light and dark', async () => {
    for (const dark of [false, true]) {
      const box = page.locator('#dark');
      if ((await box.isChecked()) !== dark) await box.setChecked(dark);
      const trends = await openSurface(page, { user: ANA, module: PROJECT_PAGE, projectKey: 'OPS', boardId: BOARD });
      await trends.frame.getByRole('tab', { name: 'Trends' }).click();
      const picker = trends.frame.getByRole('combobox', { name: 'Sprints to compare', exact: true });
      await picker.focus();
      await picker.press('ArrowDown');
      await trends.frame.getByRole('listbox').waitFor();
      expect({ surface: 'trends', dark, findings: await seriousViolations(frameOf(page, trends.frameId)) }).toEqual({ surface: 'trends', dark, findings: [] });
      await screenshot(page, `levels-select-open-${dark ? 'dark' : 'light'}`);

      const settings = await openSurface(page, { user: ANA, module: ADMIN_PAGE });
      await settings.frame.getByRole('tab', { name: 'Rules' }).click();
      const category = settings.frame.getByRole('combobox', { name: 'When no rule decides, an issue is', exact: true });
      await category.focus();
      await category.press('ArrowDown');
      await settings.frame.getByRole('listbox').waitFor();
      expect({ surface: 'settings rules', dark, findings: await seriousViolations(frameOf(page, settings.frameId)) }).toEqual({ surface: 'settings rules', dark, findings: [] });
      await category.press('Escape');
    }
  });

  test('no console error, page error or CSP violation in any frame', () => {
    expect(demo.seen).toEqual([]);
  });
});
