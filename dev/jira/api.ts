import type { z } from 'zod';
import type { Behaviour } from './behaviour';
import type { Faults } from './faults';
import type { RenderContext } from './issue-json';
import { JqlError } from './jql-parser';
import { compileJql, type CompiledJql } from './jql-query';
import type { PageTokens } from './paging';
import type { SearchIndex } from './search-index';
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
  behaviour: Behaviour;
  tokens: PageTokens;
  index: SearchIndex;
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

/** Jira's limit on `reconcileIssues`, documented for search/jql and the enhanced issue lists. */
export const MAX_RECONCILE_ISSUES = 50;

/** Issue ids to read as they are now (`reconcileIssues`), from a repeated or comma-separated query parameter or a body. */
export function reconcileIds(values: readonly (string | number)[] | undefined): Set<string> {
  const ids = (values ?? []).map((v) => String(v).trim()).filter((v) => v !== '');
  const bad = ids.filter((id) => !/^\d+$/.test(id));
  if (bad.length > 0) throw new JiraHttpError(400, [`reconcileIssues takes issue ids (numbers), got '${bad.join("', '")}'.`]);
  if (ids.length > MAX_RECONCILE_ISSUES) throw new JiraHttpError(400, [`reconcileIssues accepts at most ${MAX_RECONCILE_ISSUES} issue ids, got ${ids.length}.`]);
  return new Set(ids);
}

/** A boolean query parameter (`true` / `false`), or `fallback` when absent. */
export function queryBoolean(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (raw !== 'true' && raw !== 'false') throw new JiraHttpError(400, [`The '${name}' parameter must be true or false.`]);
  return raw === 'true';
}

/**
 * JQL compiled as the caller sees the site (or, with asCaller false, whole: a board's own filter). Jira compiles JQL
 * before anything else, so a bad query is a 400 whatever else the request says.
 */
export function compileOrReject(request: ApiRequest, jql: string, asCaller = true): CompiledJql {
  try {
    return compileJql(request.site, asCaller ? request.user : null, jql);
  } catch (e) {
    if (e instanceof JqlError) throw new JiraHttpError(400, [e.message]);
    throw e;
  }
}
