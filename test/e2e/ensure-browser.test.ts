import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureChromium, findChromium } from '../../dev/e2e/ensure-browser';

/** How `npm test` gets its browser (dev/e2e/ensure-browser.ts), with apt-get replaced by a recorder. */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ktlo-chromium-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fakeBrowser(path: string): void {
  writeFileSync(path, '#!/bin/sh\necho "Chromium 1.2.3 test"\n');
  chmodSync(path, 0o755);
}

function harness(isRoot: boolean, env: NodeJS.ProcessEnv = {}, installs = true) {
  const calls: string[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const defaultPath = join(dir, 'chromium');
  const code = ensureChromium({
    env,
    defaultPath,
    isRoot,
    run: (command, args) => {
      calls.push(`${command} ${args.join(' ')}`);
      if (installs && args[0] === 'install') fakeBrowser(defaultPath);
      return 0;
    },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, calls, out, err };
}

test('a browser at the default path is used as it is', () => {
  fakeBrowser(join(dir, 'chromium'));
  const r = harness(false);
  expect(r.code).toBe(0);
  expect(r.calls).toEqual([]);
  expect(r.out.join('\n')).toContain('Chromium 1.2.3 test');
});

test('CHROME_PATH wins over the default path', () => {
  const custom = join(dir, 'my-chrome');
  fakeBrowser(custom);
  expect(findChromium({ CHROME_PATH: custom }, join(dir, 'chromium'))).toBe(custom);
});

test('missing, as root: installs Debian chromium with apt-get, then finds it', () => {
  const r = harness(true);
  expect(r.calls).toEqual(['apt-get update', 'apt-get install -y chromium']);
  expect(r.code).toBe(0);
  expect(r.err).toEqual([]);
});

test('missing, not root: one line saying what to install, non-zero, nothing run', () => {
  const r = harness(false);
  expect(r.code).not.toBe(0);
  expect(r.calls).toEqual([]);
  expect(r.err).toHaveLength(1);
  expect(r.err[0]).toMatch(/apt-get install -y chromium/);
  expect(r.err[0]).not.toMatch(/\n/);
});

test('a CHROME_PATH that is not there is an error, even as root (nothing installed behind the person’s back)', () => {
  const r = harness(true, { CHROME_PATH: join(dir, 'nope') });
  expect(r.code).not.toBe(0);
  expect(r.calls).toEqual([]);
  expect(r.err).toHaveLength(1);
});

test('apt-get that installs nothing usable is an error', () => {
  const r = harness(true, {}, false);
  expect(r.code).not.toBe(0);
  expect(r.err[0]).toMatch(/still missing/);
});
