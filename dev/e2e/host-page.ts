import type { Browser, BrowserContext, FrameLocator, Page, Response } from 'playwright-core';
import { launchChromium, ProblemWatch } from './browser';

/**
 * Drives the local host page (dev/host/public/host-page.*) as a person would: user radio, module button, context fields,
 * Open. Every step that makes the page open a frame is awaited to its /api/frames answer, so the iframe read afterwards
 * is the one the last step asked for.
 */

export interface SurfaceRequest {
  /** The host page's user radio label starts with this ("Ana Admin", "Dan Developer"). */
  user: string;
  /** The module button's text: "<title> — <module type>", e.g. "KTLO Lens — jira:issueContext". */
  module: string;
  issueKey?: string;
  boardId?: number;
  sprintId?: number;
  projectKey?: string;
}

export interface OpenedSurface {
  frameId: string;
  /** The frame's token, which the host gave its iframe alone (a doctored surface would hold it too). */
  token: string;
  frame: FrameLocator;
  /** The module's context.extension as the host built it (what the resolver gets). */
  extension: Record<string, unknown>;
}

interface FrameAnswer {
  frameId: string;
  token: string;
  extension: Record<string, unknown>;
}

const isFrameAnswer = (r: Response): boolean => r.url().endsWith('/api/frames') && r.request().method() === 'POST';

async function frameAnswer(answer: Promise<Response>): Promise<FrameAnswer> {
  const response = await answer;
  const body = (await response.json()) as { frameId?: string; token?: string; message?: string; context?: { extension?: Record<string, unknown> } };
  if (!response.ok() || !body.frameId || !body.token) throw new Error(`the host page could not open the surface: ${body.message ?? response.status()}`);
  return { frameId: body.frameId, token: body.token, extension: body.context?.extension ?? {} };
}

/** Runs `act` and waits for the frame the host page opens because of it. */
async function opening(page: Page, act: () => Promise<void>): Promise<FrameAnswer> {
  const answer = page.waitForResponse(isFrameAnswer, { timeout: 20_000 });
  await act();
  return frameAnswer(answer);
}

export async function openHostPage(page: Page, url: string): Promise<void> {
  // The page opens the first module as soon as it has loaded the manifest's list.
  await opening(page, async () => {
    await page.goto(url);
  });
}

/** A browser on the host page, as every browser test starts: fixed viewport, locale and zone, problems watched. */
export interface HostSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  problems: ProblemWatch;
  /** The resolver keys the surfaces invoked, in order. */
  invoked: string[];
  /** The resolver keys one frame invoked, in order (choosing a user or module on the host page opens other frames). */
  invokedBy(frameId: string): string[];
  close(): Promise<void>;
}

export async function openHostSession(url: string): Promise<HostSession> {
  const browser = await launchChromium();
  // A host started with `tls` has a certificate of its own making, which the browser is told to accept.
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-GB', timezoneId: 'UTC', ignoreHTTPSErrors: true });
  const problems = await ProblemWatch.attach(context);
  const page = await context.newPage();
  problems.watch(page);
  const invoked: string[] = [];
  const byFrame = new Map<string, string[]>();
  page.on('request', (request) => {
    const frameId = /\/api\/frames\/([^/]+)\/invoke$/.exec(request.url())?.[1];
    if (request.method() !== 'POST' || frameId === undefined) return;
    const body = request.postDataJSON() as { functionKey?: string } | null;
    const key = body?.functionKey ?? '?';
    invoked.push(key);
    byFrame.set(frameId, [...(byFrame.get(frameId) ?? []), key]);
  });
  await openHostPage(page, url);
  return {
    browser,
    context,
    page,
    problems,
    invoked,
    invokedBy: (frameId) => [...(byFrame.get(frameId) ?? [])],
    close: async () => {
      await context.close();
      await browser.close();
    },
  };
}

export async function openSurface(page: Page, request: SurfaceRequest): Promise<OpenedSurface> {
  const user = page.locator('#users label').filter({ hasText: request.user }).locator('input[type=radio]');
  if (!(await user.isChecked())) await opening(page, () => user.check());
  const button = page.locator('#modules button').filter({ hasText: request.module });
  if ((await button.getAttribute('aria-current')) !== 'true') await opening(page, () => button.click());
  if (request.issueKey !== undefined) {
    await page.locator('#issueKey').fill(request.issueKey);
    await page.locator('#issueKey').press('Tab');
  }
  if (request.projectKey !== undefined) await page.locator('#projectKey').selectOption(request.projectKey);
  if (request.boardId !== undefined) {
    const board = page.locator('#boardId');
    await board.locator(`option[value="${request.boardId}"]`).waitFor({ state: 'attached' });
    if ((await board.inputValue()) !== String(request.boardId)) {
      const sprints = request.sprintId !== undefined ? page.waitForResponse((r) => r.url().includes(`/api/boards/${request.boardId}/sprints`)) : null;
      await board.selectOption(String(request.boardId));
      await sprints;
    }
  }
  if (request.sprintId !== undefined) {
    await page.locator(`#sprintId option[value="${request.sprintId}"]`).waitFor({ state: 'attached' });
    await page.locator('#sprintId').selectOption(String(request.sprintId));
  }
  return followToSurface(page, () => page.locator('#context button[type=submit]').click());
}

/**
 * Runs `act` in a surface (a click on a link that asks Jira to navigate to one of the app's pages) and returns the
 * surface the host page opened because of it.
 */
export async function followToSurface(page: Page, act: () => Promise<void>): Promise<OpenedSurface> {
  const { frameId, token, extension } = await opening(page, act);
  const selector = `#frame[src*="frame=${frameId}"]`;
  await page.locator(selector).waitFor({ state: 'attached' });
  return { frameId, token, extension, frame: page.frameLocator(selector) };
}

/** The Playwright Frame of an opened surface (for evaluate inside it). */
export function frameOf(page: Page, frameId: string) {
  const frame = page.frames().find((f) => f.url().includes(`frame=${frameId}`));
  if (!frame) throw new Error(`no frame ${frameId} in the page`);
  return frame;
}
