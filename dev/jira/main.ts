import { z } from 'zod';
import { DEFAULT_BEHAVIOUR } from './behaviour';
import { TIER1_POINTS_PER_HOUR } from './points-meter';
import { ADMIN_ACCOUNT_ID, APP_ACCOUNT_ID, DEV_ACCOUNT_ID, createDemoSite } from './site';
import { startJiraServer } from './server';

/**
 * `npm run jira-server`: the Jira-compatible server on its own, seeded with the demo site, so any Jira client (curl, the
 * local host, a REST client) can be pointed at it. Basic auth: a demo user's email and any token. Its behaviour is
 * today's Jira Cloud unless the environment says otherwise (see README: JIRA_AGILE_ISSUE_LISTS, JIRA_PAGING,
 * JIRA_INDEX_LAG_MS, JIRA_PAGE_TOKEN_TTL_MS; docs/points.md: JIRA_POINTS_PER_HOUR, JIRA_POINTS_ENFORCED).
 */

const milliseconds = z.coerce.number().int().nonnegative();

const environmentSchema = z.object({
  JIRA_PORT: z.coerce.number().int().min(0).max(65535).default(4101),
  JIRA_AGILE_ISSUE_LISTS: z.enum(['gone', 'served']).default(DEFAULT_BEHAVIOUR.agileIssueLists),
  JIRA_PAGING: z.enum(['jira', 'half']).default(DEFAULT_BEHAVIOUR.paging),
  JIRA_INDEX_LAG_MS: milliseconds.default(DEFAULT_BEHAVIOUR.indexLagMs),
  JIRA_PAGE_TOKEN_TTL_MS: milliseconds.default(DEFAULT_BEHAVIOUR.pageTokenTtlMs),
  JIRA_POINTS_PER_HOUR: z.coerce.number().int().positive().default(TIER1_POINTS_PER_HOUR),
  JIRA_POINTS_ENFORCED: z.enum(['true', 'false']).default('true'),
});

function environment(): z.infer<typeof environmentSchema> {
  const parsed = environmentSchema.safeParse(process.env);
  if (parsed.success) return parsed.data;
  throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
}

async function main(): Promise<void> {
  const env = environment();
  const site = createDemoSite();
  const server = await startJiraServer({
    site,
    port: env.JIRA_PORT,
    behaviour: { agileIssueLists: env.JIRA_AGILE_ISSUE_LISTS, paging: env.JIRA_PAGING, indexLagMs: env.JIRA_INDEX_LAG_MS, pageTokenTtlMs: env.JIRA_PAGE_TOKEN_TTL_MS },
  });
  server.points.quotaPerHour = env.JIRA_POINTS_PER_HOUR;
  server.points.enforced = env.JIRA_POINTS_ENFORCED === 'true';
  const lines = [
    `Jira-compatible server on http://localhost:${new URL(server.url).port} (demo site, today = ${site.now})`,
    `behaviour: ${JSON.stringify(server.behaviour)}`,
    `points quota per app: ${server.points.quotaPerHour} an hour, ${server.points.enforced ? 'enforced' : 'reported only (Beta- headers)'}`,
    'Basic auth with one of these emails and any token:',
    ...[ADMIN_ACCOUNT_ID, DEV_ACCOUNT_ID, APP_ACCOUNT_ID].map((id) => {
      const user = site.users.get(id);
      return user ? `  ${user.emailAddress.padEnd(24)} ${user.displayName} (${user.accountId})` : '';
    }),
    `e.g. curl -u ${site.users.get(ADMIN_ACCOUNT_ID)?.emailAddress ?? ''}:any-token 'http://localhost:${new URL(server.url).port}/rest/software/1.0/board/1/issue?fields=summary'`,
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
