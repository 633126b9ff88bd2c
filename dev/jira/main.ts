import { ADMIN_ACCOUNT_ID, APP_ACCOUNT_ID, DEV_ACCOUNT_ID, createDemoSite } from './site';
import { startJiraServer } from './server';

/**
 * `npm run jira-server`: the Jira-compatible server on its own, seeded with the demo site, so any Jira client (curl, the
 * local host, a REST client) can be pointed at it. Basic auth: a demo user's email and any token.
 */

async function main(): Promise<void> {
  const port = Number(process.env['JIRA_PORT'] ?? 4101);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`JIRA_PORT must be a port number, got "${process.env['JIRA_PORT']}"`);
  const site = createDemoSite();
  const server = await startJiraServer({ site, port });
  const lines = [
    `Jira-compatible server on http://localhost:${new URL(server.url).port} (demo site, today = ${site.now})`,
    'Basic auth with one of these emails and any token:',
    ...[ADMIN_ACCOUNT_ID, DEV_ACCOUNT_ID, APP_ACCOUNT_ID].map((id) => {
      const user = site.users.get(id);
      return user ? `  ${user.emailAddress.padEnd(24)} ${user.displayName} (${user.accountId})` : '';
    }),
    `e.g. curl -u ${site.users.get(ADMIN_ACCOUNT_ID)?.emailAddress ?? ''}:any-token 'http://localhost:${new URL(server.url).port}/rest/agile/1.0/board'`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = () => {
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
