import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalHost, type LocalHost } from '../../../dev/host';
import { startJiraServer, type JiraServer } from '../../../dev/jira/server';

/**
 * The local host tests' world: each test gets a temporary project root (a copy of manifest.yml and a stand-in issue
 * panel surface, so no `npm run build` is needed), the hosts it starts there, and Jira servers standing for a real
 * site; all closed and removed after the test. Permission answers are not carried over from one test to the next.
 */

const REPO = join(__dirname, '..', '..', '..');

export interface HostWorld {
  /** The current test's project root. */
  readonly dir: string;
  /** A local host on ephemeral ports over the project root; no install trigger unless asked. */
  start(extra?: Parameters<typeof startLocalHost>[0]): Promise<LocalHost>;
  /** Closes the hosts started so far (a restart test starts another after). */
  stop(): Promise<void>;
  /** A Jira-compatible server with the demo site, to read as a "real site". */
  jira(): Promise<JiraServer>;
}

export function hostWorld(): HostWorld {
  let dir = '';
  let hosts: LocalHost[] = [];
  let servers: JiraServer[] = [];
  const stop = async () => {
    await Promise.all(hosts.map((h) => h.close()));
    hosts = [];
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ktlo-host-'));
    copyFileSync(join(REPO, 'manifest.yml'), join(dir, 'manifest.yml'));
    mkdirSync(join(dir, 'static', 'issue-panel', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'static', 'issue-panel', 'index.html'), '<!doctype html><html><head><script type="module" src="./assets/main.js"></script></head><body><div id="root"></div></body></html>');
    writeFileSync(join(dir, 'static', 'issue-panel', 'assets', 'main.js'), 'console.log("surface");');
  });
  afterEach(async () => {
    await stop();
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    start: async (extra = {}) => {
      const host = await startLocalHost({ port: 0, hostname: '127.0.0.1', root: dir, install: false, ...extra });
      hosts.push(host);
      return host;
    },
    stop: async () => {
      await stop();
    },
    jira: async () => {
      const server = await startJiraServer();
      servers.push(server);
      return server;
    },
  };
}
