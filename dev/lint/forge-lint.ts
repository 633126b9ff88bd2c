import { ConfigFile, FileSystemReader, FileSystemWriter, NullLogger, StatsigService } from '@forge/cli-shared';
import { getClientSideLintersOnly, parseSourceFile, tsParser, type LintInput, type LintResult } from '@forge/lint';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { appSources, openApiDir, REPO_DIR } from './paths';

/**
 * `forge lint`'s client-side checks, offline: the permission linter reads the Jira OpenAPI documents from ../shared
 * (USE_LOCAL_SWAGGER) instead of developer.atlassian.com, and feature flags come from an offline Statsig. Global fetch is
 * blocked while it runs, so a linter that still reaches for the network is reported instead of hanging CI.
 *
 * It runs the linters of @forge/lint's `lint()` in client-side mode (`getClientSideLintersOnly`, `parseSourceFile`,
 * `tsParser`, bootstrap, batchExecute) rather than `lint()` itself: `lint()` keeps a .ts file only if tsconfig's
 * `include` lists that exact file, and ours lists folders (`"src"`), so it would silently lint no source at all.
 *
 * Only the linter modules are loaded: nothing here touches the CLI's credential store, the one user of keytar
 * (a native module npm's ignore-scripts leaves unbuilt).
 */

/** The environment the Forge CLI lints for by default. */
const ENVIRONMENT = 'development';

/** @forge/lint wants six documents; this app calls only Jira platform and Jira Software, the rest are empty placeholders. */
function swaggerEnvironment(dir: string): Record<string, string> {
  const files = {
    LOCAL_JIRA_SWAGGER: 'jira-platform.v3.json',
    LOCAL_JSW_SWAGGER: 'jira-software.v3.json',
    LOCAL_JSM_SWAGGER: 'empty-jsm.json',
    LOCAL_CONF_SWAGGER: 'empty-conf.json',
    LOCAL_CONF_V2_SWAGGER: 'empty-conf-v2.json',
    LOCAL_BB_SWAGGER: 'empty-bitbucket.json',
  };
  const env: Record<string, string> = { USE_LOCAL_SWAGGER: '1' };
  for (const [name, file] of Object.entries(files)) {
    const path = join(dir, file);
    if (!existsSync(path)) throw new Error(`offline @forge/lint needs ${path} (set SHARED_DIR to the folder holding jira-openapi/)`);
    env[name] = path;
  }
  return env;
}

/**
 * Statsig with no flag set and no dynamic config, without asking api.atlassian.com. The client-side linters only read
 * the list of deprecated runtimes from it; offline there is none.
 */
class OfflineStatsig extends StatsigService {
  constructor() {
    super(
      NullLogger,
      undefined,
      { getCredentials: () => Promise.reject(new Error('offline lint has no Atlassian credentials')) },
      { readConfigSection: () => Promise.resolve('missing' as const) },
    );
  }

  override checkGate(): Promise<boolean | null> {
    return Promise.resolve(null);
  }

  override getDynamicConfig(): Promise<null> {
    return Promise.resolve(null);
  }
}

export type ForgeLintLevel = 'error' | 'warning' | 'approval';

export interface ForgeLintProblem {
  /** Relative to the repo, or `(network)` for a blocked request. */
  file: string;
  line: number;
  column: number;
  level: ForgeLintLevel;
  message: string;
  reference?: string | undefined;
}

export interface ForgeLintReport {
  /** Sources the linters saw (parsed without error). */
  files: string[];
  problems: ForgeLintProblem[];
  /** What the linters logged. */
  messages: string[];
}

/** Problems that fail `forge lint` (errors, and approvals it cannot grant offline). */
export function failures(report: ForgeLintReport): ForgeLintProblem[] {
  return report.problems.filter((p) => p.level !== 'warning');
}

export function formatProblem(p: ForgeLintProblem): string {
  return `${p.file}:${p.line}:${p.column} ${p.level} ${p.message}${p.reference ? ` (${p.reference})` : ''}`;
}

/** Sets env, cwd and a fetch that refuses, runs `body`, and puts all three back. */
async function offlineIn<T>(dir: string, env: Record<string, string>, onFetch: (url: string) => void, body: () => Promise<T>): Promise<T> {
  const previousEnv = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  const previousCwd = process.cwd();
  const previousFetch = globalThis.fetch;
  const refuse: typeof fetch = (input) => {
    const url = input instanceof Request ? input.url : String(input);
    onFetch(url);
    return Promise.reject(new Error(`offline lint: network access to ${url} is blocked`));
  };
  Object.assign(process.env, env);
  // The linters read manifest.yml, tsconfig.json and handler files relative to the working directory, as the CLI does.
  process.chdir(dir);
  globalThis.fetch = refuse;
  try {
    return await body();
  } finally {
    globalThis.fetch = previousFetch;
    process.chdir(previousCwd);
    for (const [name, value] of Object.entries(previousEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Where typescript-estree's parse errors (syntax and type errors fail Forge's parse) point, when they say. */
function errorPosition(error: unknown): { line: number; column: number } {
  if (typeof error === 'object' && error !== null && 'lineNumber' in error && 'column' in error) {
    const { lineNumber, column } = error;
    if (typeof lineNumber === 'number' && typeof column === 'number') return { line: lineNumber, column };
  }
  return { line: 0, column: 0 };
}

function toProblems(results: LintResult[]): ForgeLintProblem[] {
  return results.flatMap((result) =>
    [...result.errors, ...result.warnings, ...result.approvals].map((rule) => ({
      file: result.file,
      line: rule.line,
      column: rule.column,
      level: rule.class,
      message: rule.message,
      reference: rule.reference,
    })),
  );
}

export async function runForgeLint(repoDir: string = REPO_DIR, specDir: string = openApiDir(repoDir)): Promise<ForgeLintReport> {
  const env = swaggerEnvironment(specDir);
  const blocked: string[] = [];
  const messages: string[] = [];
  const logger = { info: (message: string) => void messages.push(message) };

  return offlineIn(repoDir, env, (url) => blocked.push(url), async () => {
    const manifest = await new ConfigFile(new FileSystemReader(), new FileSystemWriter()).readConfig();
    const problems: ForgeLintProblem[] = [];
    const inputs: LintInput[] = [];
    for (const file of appSources(repoDir)) {
      try {
        inputs.push(await parseSourceFile(file, tsParser));
      } catch (error) {
        problems.push({ file, ...errorPosition(error), level: 'error', message: `does not parse: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
    const linters = await getClientSideLintersOnly(manifest, ENVIRONMENT, logger, new OfflineStatsig());
    for (const linter of linters) await linter.bootstrap();
    for (const linter of linters) problems.push(...toProblems(await linter.batchExecute(inputs)));
    for (const url of blocked) problems.push({ file: '(network)', line: 0, column: 0, level: 'error', message: `a linter tried to fetch ${url}` });
    problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
    return { files: inputs.map((input) => input.filepath), problems, messages };
  });
}

async function main(): Promise<void> {
  const report = await runForgeLint();
  for (const message of report.messages) console.log(message);
  for (const problem of report.problems) console.log(formatProblem(problem));
  const failed = failures(report).length;
  const warnings = report.problems.length - failed;
  console.log(`@forge/lint (client-side, offline): ${report.files.length} source files, ${failed} error(s), ${warnings} warning(s)`);
  if (failed > 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
