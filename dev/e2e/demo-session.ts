import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppHost } from '../app-host';
import type { Problem } from './browser';
import { startLocalHost, type LocalHost } from '../host';
import { openHostSession, type HostSession } from './host-page';

/**
 * A browser test's world: the `npm start` host started in-process on free ports with a temporary kvs file and the demo
 * site, its queues drained (the install's backfill done, so numbers hold still), and Chromium on its host page.
 */
export interface DemoSession {
  host: LocalHost;
  app: AppHost;
  session: HostSession;
  /** The account id of a host user by display name ("Ana Admin"). */
  accountOf(name: string): string;
  /** Console errors, page errors and CSP violations caught so far, each under the test it happened in. */
  seen: Array<Problem & { test: string }>;
  /** Files what the watch caught since the last call under `test` (call it after each test). */
  collect(test: string): void;
  close(): Promise<void>;
}

/** `demoProjects`: projects turned on before the install, their history measured (as `npm start` does for OPS and WEB). */
export async function openDemoSession(prefix: string, demoProjects: readonly string[] = []): Promise<DemoSession> {
  const dir = mkdtempSync(join(tmpdir(), `ktlo-e2e-${prefix}-`));
  const host = await startLocalHost({ port: 0, surfacePort: 0, storageFile: join(dir, 'kvs.json'), tls: true, demoProjects });
  const app = host.appHost;
  if (!app) throw new Error('the local host did not start in demo mode');
  const drained = await app.forge.drainQueues();
  if (drained.failed.length > 0) throw new Error(`the demo's queued work failed: ${JSON.stringify(drained.failed)}`);
  const session = await openHostSession(host.url);
  const seen: Array<Problem & { test: string }> = [];
  return {
    seen,
    collect(test: string): void {
      for (const problem of session.problems.take()) seen.push({ ...problem, test });
    },
    host,
    app,
    session,
    accountOf(name: string): string {
      const user = host.users.find((u) => u.displayName === name);
      if (!user) throw new Error(`no host user ${name}`);
      return user.accountId;
    },
    close: async () => {
      await session.close();
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
