import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, requireChromium } from './ensure-browser';

/**
 * Browser-test support: Debian's Chromium through playwright-core (never a downloaded browser), and a watch on every
 * frame of a page for console errors, uncaught exceptions and content-security-policy violations.
 */

export const ARTIFACTS_DIR = join(__dirname, '..', '..', 'test-artifacts');

export async function launchChromium(): Promise<Browser> {
  // launch() gives each run a new, empty profile directory of its own (what --user-data-dir would), removed on close.
  return chromium.launch({ executablePath: requireChromium(), args: [...CHROMIUM_FLAGS], timeout: 60_000 });
}

export interface Problem {
  kind: 'console' | 'pageerror' | 'csp';
  frameUrl: string;
  text: string;
}

/** Collects, from the page and every frame in it, console errors and warnings about CSP, page errors and CSP violation events. */
export class ProblemWatch {
  readonly problems: Problem[] = [];

  static async attach(context: BrowserContext): Promise<ProblemWatch> {
    const watch = new ProblemWatch();
    // In every frame (the surfaces included), before any of its scripts: CDP bindings and init scripts are not subject to the page's CSP.
    await context.exposeBinding('__e2eReportCsp', ({ frame }, violation: { directive: string; blocked: string; source: string }) => {
      watch.problems.push({ kind: 'csp', frameUrl: frame.url(), text: `${violation.directive} blocked ${violation.blocked || '(inline)'} at ${violation.source}` });
    });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        const report = (window as unknown as { __e2eReportCsp?: (v: unknown) => void }).__e2eReportCsp;
        report?.({ directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}` });
      });
    });
    return watch;
  }

  watch(page: Page): void {
    page.on('console', (message) => {
      const text = message.text();
      const type = message.type();
      if (type === 'error' || /Content[- ]Security[- ]Policy|Refused to /i.test(text)) {
        const frameUrl = message.location().url || page.url();
        this.problems.push({ kind: /Content[- ]Security[- ]Policy|Refused to /i.test(text) ? 'csp' : 'console', frameUrl, text: `${type}: ${text}` });
      }
    });
    page.on('pageerror', (error) => this.problems.push({ kind: 'pageerror', frameUrl: page.url(), text: error.stack ?? error.message }));
  }

  /** Returns what was collected since the last take, and starts afresh. */
  take(): Problem[] {
    return this.problems.splice(0, this.problems.length);
  }
}

/** The whole host page, with the surface's iframe grown to the surface's full height for the picture (then put back). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  const frame = await (await page.$('#frame'))?.contentFrame();
  const height = frame ? await frame.evaluate(() => document.documentElement.scrollHeight).catch(() => null) : null;
  if (height) await page.evaluate((h) => document.getElementById('frame')?.style.setProperty('height', `${h}px`), height + 8);
  await page.screenshot({ path, fullPage: true });
  if (height) await page.evaluate(() => document.getElementById('frame')?.style.removeProperty('height'));
  return path;
}
