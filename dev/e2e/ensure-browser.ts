import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

/**
 * The browser tests' Chromium: Debian's `chromium` package, never a downloaded browser. `npm test` runs this file first:
 * it finds Chromium at CHROME_PATH or /usr/bin/chromium; when there is none it installs Debian's package if it runs as
 * root (a fresh CI machine), and otherwise stops with one line saying what to install. The browser tests never skip.
 */

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Flags for a headless Chromium on a machine with a closed network (dev/e2e/browser.ts passes them to playwright-core). */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** CHROME_PATH when set (it must exist), else /usr/bin/chromium when present, else null. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, defaultPath = DEFAULT_CHROMIUM): string | null {
  const configured = env['CHROME_PATH']?.trim();
  if (configured) return executable(configured) ? configured : null;
  return executable(defaultPath) ? defaultPath : null;
}

/** The path, or an error whose message is the one line that says what to do. Used by the browser tests themselves. */
export function requireChromium(env: NodeJS.ProcessEnv = process.env): string {
  const found = findChromium(env);
  if (found) return found;
  throw new Error(missingLine(env));
}

function missingLine(env: NodeJS.ProcessEnv, defaultPath = DEFAULT_CHROMIUM): string {
  const configured = env['CHROME_PATH']?.trim();
  return configured
    ? `Browser tests: CHROME_PATH=${configured} is not an executable file; point it at Chromium or unset it to use ${defaultPath}.`
    : `Browser tests need Chromium at ${defaultPath}: install Debian's package (sudo apt-get install -y chromium) or set CHROME_PATH to a Chromium binary, then run npm test again.`;
}

function versionOf(path: string): string {
  try {
    return execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 }).trim();
  } catch {
    return 'version unknown';
  }
}

export interface EnsureOptions {
  env?: NodeJS.ProcessEnv;
  defaultPath?: string;
  isRoot?: boolean;
  /** Runs a command with inherited output; answers its exit status (tests replace it). */
  run?: (command: string, args: string[], env: NodeJS.ProcessEnv) => number | null;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

const runInherited = (command: string, args: string[], env: NodeJS.ProcessEnv): number | null => {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  return result.error ? null : result.status;
};

/** Finds Chromium, or installs Debian's package when root; answers the exit code (0: the browser is there). */
export function ensureChromium(options: EnsureOptions = {}): number {
  const env = options.env ?? process.env;
  const defaultPath = options.defaultPath ?? DEFAULT_CHROMIUM;
  const isRoot = options.isRoot ?? (typeof process.getuid === 'function' && process.getuid() === 0);
  const run = options.run ?? runInherited;
  const out = options.out ?? ((line: string) => console.log(line));
  const err = options.err ?? ((line: string) => console.error(line));
  const found = findChromium(env, defaultPath);
  if (found) {
    out(`Browser tests: ${versionOf(found)} at ${found}`);
    return 0;
  }
  if (env['CHROME_PATH']?.trim() || !isRoot) {
    err(missingLine(env, defaultPath));
    return 1;
  }
  out(`Browser tests: no Chromium at ${defaultPath}; installing Debian's chromium package (apt-get, as root)`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const status = run('apt-get', args, aptEnv);
    if (status !== 0) {
      err(`Browser tests: apt-get ${args.join(' ')} failed (${status === null ? 'apt-get did not run' : `exit ${status}`}); install Debian's chromium package, or set CHROME_PATH.`);
      return 1;
    }
  }
  const installed = findChromium(env, defaultPath);
  if (!installed) {
    err(`Browser tests: apt-get installed chromium but ${defaultPath} is still missing; set CHROME_PATH.`);
    return 1;
  }
  out(`Browser tests: installed ${versionOf(installed)} at ${installed}`);
  return 0;
}

if (require.main === module) process.exit(ensureChromium());
