import path from 'node:path';
import { z } from 'zod';
import type { JiraServer } from '../../../dev/jira/server';

/** Real HTTP against the local Jira server, as a given user (or with no credentials when `as` is null). */

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SHARED_DIR = process.env['SHARED_DIR'] ?? path.join(REPO_ROOT, '..', 'shared');

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body; undefined when there was none. */
  body: unknown;
}

export async function call(server: JiraServer, as: string | null, method: string, pathAndQuery: string, body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (as !== null) headers['authorization'] = server.authorizationFor(as);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.url}${pathAndQuery}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text === '' ? undefined : JSON.parse(text) };
}

export function client(server: JiraServer, as: string | null) {
  return {
    get: (pathAndQuery: string) => call(server, as, 'GET', pathAndQuery),
    post: (pathAndQuery: string, body: unknown) => call(server, as, 'POST', pathAndQuery, body),
    put: (pathAndQuery: string, body: unknown) => call(server, as, 'PUT', pathAndQuery, body),
  };
}

export const errorSchema = z.strictObject({ errorMessages: z.array(z.string()), errors: z.record(z.string(), z.string()) });

export const searchPageSchema = z.strictObject({
  issues: z.array(
    z.object({
      id: z.string(),
      key: z.string().optional(),
      fields: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  isLast: z.boolean(),
  nextPageToken: z.string().optional(),
  names: z.record(z.string(), z.string()).optional(),
  schema: z.record(z.string(), z.unknown()).optional(),
});

export type SearchPage = z.infer<typeof searchPageSchema>;

/** POST /rest/api/3/search/jql, parsed; fails the test on anything but a 200. */
export async function search(server: JiraServer, as: string, request: Record<string, unknown>): Promise<SearchPage> {
  const reply = await call(server, as, 'POST', '/rest/api/3/search/jql', request);
  if (reply.status !== 200) throw new Error(`search ${JSON.stringify(request)} answered ${reply.status}: ${reply.text}`);
  return searchPageSchema.parse(reply.body);
}

/** Every page of a search, following nextPageToken. */
export async function searchAll(server: JiraServer, as: string, request: Record<string, unknown>): Promise<SearchPage['issues']> {
  const issues: SearchPage['issues'] = [];
  let nextPageToken: string | undefined;
  do {
    const page = await search(server, as, { ...request, ...(nextPageToken ? { nextPageToken } : {}) });
    issues.push(...page.issues);
    nextPageToken = page.isLast ? undefined : page.nextPageToken;
  } while (nextPageToken);
  return issues;
}

/** The error messages of a Jira error reply, checking its shape. */
export function errorMessages(reply: Reply): string[] {
  return errorSchema.parse(reply.body).errorMessages;
}
