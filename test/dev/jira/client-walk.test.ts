import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { startJiraServer, type JiraServer } from '../../../dev/jira/server';
import { ADMIN_EMAIL, DEV_EMAIL } from '../../../dev/jira/site';
import { REPO_ROOT } from './support';

/**
 * A current Jira client library (jira.js 6, which calls only the enhanced issue lists and validates every response
 * against its schemas) walks the server as its users would: no call may fail, no 404, no refused JQL, no response the
 * library's schemas reject. client-walk.mts does the walking, in a child process since jira.js is ESM-only.
 */

const reportSchema = z.strictObject({
  calls: z.array(
    z.strictObject({ name: z.string(), ok: z.boolean(), pages: z.number().int(), items: z.number().int(), status: z.number().optional(), error: z.string().optional() }),
  ),
  fatal: z.string().optional(),
});

async function walk(server: JiraServer, email: string): Promise<z.infer<typeof reportSchema>> {
  const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const script = path.join(REPO_ROOT, 'test', 'dev', 'jira', 'client-walk.mts');
  const { stdout } = await promisify(execFile)(tsx, [script, server.url, email], { cwd: REPO_ROOT, timeout: 60_000 }).catch((e: unknown) => {
    // The script exits 1 on a fatal error and still prints its report.
    const failed = z.object({ stdout: z.string() }).safeParse(e);
    if (failed.success) return failed.data;
    throw e;
  });
  return reportSchema.parse(JSON.parse(stdout));
}

const failures = (report: z.infer<typeof reportSchema>) => report.calls.filter((c) => !c.ok).map((c) => `${c.name}: ${c.status ?? ''} ${c.error ?? ''}`);

describe('jira.js walks the server', () => {
  let server: JiraServer;

  afterEach(() => server.close());

  it('as the admin, with Jira page sizes: every call answers and validates', async () => {
    server = await startJiraServer();
    const report = await walk(server, ADMIN_EMAIL);
    expect(report.fatal).toBeUndefined();
    expect(failures(report)).toEqual([]);
    expect(report.calls.length).toBeGreaterThan(60);
    expect(report.calls.filter((c) => c.name.startsWith('issueSearch')).every((c) => c.ok)).toBe(true);
    expect(server.requests.matching().filter((r) => r.status === 404 || r.status === 400)).toEqual([]);
    expect(server.requests.count({ path: '/rest/software/1.0/' })).toBeGreaterThan(20);
    expect(server.requests.count({ path: '/rest/agile/1.0/board/1/issue' })).toBe(0);
  }, 90_000);

  it("as a developer, with half-list paging: the library's token loops run to the end", async () => {
    server = await startJiraServer({ behaviour: { paging: 'half' } });
    const report = await walk(server, DEV_EMAIL);
    expect(report.fatal).toBeUndefined();
    expect(failures(report)).toEqual([]);
    const lists = report.calls.filter((c) => /getIssues|getBoardIssues|issueSearch (GET|POST)/.test(c.name) && c.items >= 2);
    expect(lists.length).toBeGreaterThan(20);
    expect(lists.filter((c) => c.pages < 2).map((c) => c.name)).toEqual([]);
  }, 90_000);
});
