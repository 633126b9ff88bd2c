import type { z } from 'zod';
import type { Faults } from './faults';
import type { RenderContext } from './issue-json';
import type { Json, Site, User } from './site-model';

/** What a route handler gets and returns, and Jira's error shape (`{ errorMessages, errors }`) for everything that fails. */

export interface ApiRequest {
  /** The route's captured path segments. */
  params: string[];
  query: URLSearchParams;
  /** The parsed JSON body, or undefined when there was none. */
  body: unknown;
  user: User;
  site: Site;
  render: RenderContext;
  faults: Faults;
}

export interface ApiResponse {
  status: number;
  body?: Json;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT';
  /** Matched against the whole path; capture groups become `params`. */
  pattern: RegExp;
  handle(request: ApiRequest): ApiResponse;
}

export class JiraHttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorMessages: string[],
    readonly errors: Record<string, string> = {},
  ) {
    super(errorMessages.join(' ') || Object.values(errors).join(' '));
  }
}

export function jiraErrorBody(errorMessages: string[], errors: Record<string, string> = {}): Json {
  return { errorMessages, errors };
}

/** Validates a request body as Jira's JSON binding would: unknown properties and wrong types are a 400. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const messages = parsed.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `Unrecognized field "${key}"`).join(' ');
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  throw new JiraHttpError(400, messages);
}

/** An integer query parameter, or `fallback` when absent; Jira answers 400 to anything that is not a number. */
export function queryInt(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) throw new JiraHttpError(400, [`The '${name}' parameter must be a number.`]);
  return Number(raw);
}

/** Every value of a parameter that may be repeated or comma separated (`fields=a,b&fields=c`). */
export function queryList(query: URLSearchParams, name: string): string[] | undefined {
  const values = query.getAll(name);
  if (values.length === 0) return undefined;
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}
