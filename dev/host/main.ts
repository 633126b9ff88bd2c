import { join } from 'node:path';
import { startLocalHost, type RealSiteOptions } from './local-host';

/**
 * `npm start` (after `npm run build`): the local Forge host on http://localhost:4100 (PORT), the surfaces' own origin on
 * SURFACE_PORT (4102), the Jira-compatible demo server on JIRA_PORT (4101), kvs in .kvs-local.json (KVS_FILE). With JIRA_SITE, JIRA_EMAIL and JIRA_API_TOKEN it reads
 * that Jira Cloud site instead, read-only.
 */

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return value;
}

function realSite(): RealSiteOptions | undefined {
  const site = process.env['JIRA_SITE'];
  const email = process.env['JIRA_EMAIL'];
  const apiToken = process.env['JIRA_API_TOKEN'];
  const given = [site, email, apiToken].filter((v) => v !== undefined && v !== '');
  if (given.length === 0) return undefined;
  if (!site || !email || !apiToken) throw new Error('set all three of JIRA_SITE, JIRA_EMAIL and JIRA_API_TOKEN to read a real Jira site');
  const url = new URL(site.includes('://') ? site : `https://${site}`);
  return { site: url.origin, email, apiToken };
}

async function main(): Promise<void> {
  const real = realSite();
  const storageFile = process.env['KVS_FILE'] ?? join(__dirname, '..', '..', real ? '.kvs-real-site.json' : '.kvs-local.json');
  const host = await startLocalHost({
    port: port('PORT', 4100),
    hostname: process.env['HOST'] ?? '127.0.0.1',
    jiraPort: port('JIRA_PORT', 4101),
    surfacePort: port('SURFACE_PORT', 4102),
    log: (line) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`),
    // Against a real site kvs stays in memory: nothing of that site is kept on disk. A fresh demo opens with OPS and
    // WEB turned on and their sprint history measured.
    ...(real ? { realSite: real } : { storageFile, demoProjects: ['OPS', 'WEB'] }),
  });
  const address = host.url.replace('127.0.0.1', 'localhost');
  const lines = [
    `KTLO Lens local Forge host on ${address}`,
    `  Custom UI surfaces served from ${host.surfaceUrl.replace('127.0.0.1', 'localhost')} (their own origin, as in Jira)`,
    host.mode === 'demo'
      ? `  demo Jira site: ${host.jiraUrl.replace('127.0.0.1', 'localhost')} (kvs in ${storageFile}); users: ${host.users.map((u) => u.displayName).join(', ')}`
      : `  reading ${host.jiraUrl} as ${host.users[0]?.displayName ?? '?'}, read-only (writes refused, no triggers)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = () => {
    host.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
