import type { z } from 'zod';
import { describeIssues } from '../domain/config';
import type { JiraPath } from './path';
import type { CallMeter } from './points';

/**
 * One Jira request with Jira's failure modes handled: 429 waits for Retry-After (else X-RateLimit-Reset, else
 * exponential backoff with jitter, since gateway 429s come bare), 5xx and network errors back off with jitter, and
 * every wait is bounded by the invocation's remaining time. When the next wait would overrun it, or leave no time for
 * the retry after it, the caller gets a typed JiraError (RATE_LIMITED / JIRA_UNAVAILABLE) at once rather than partial
 * data. A request's time limit covers its body as well as its headers: a body that stalls or trickles is a request that did not answer in time. Bodies are
 * zod-parsed: a shape Jira does not promise is an error naming the endpoint.
 */

/** What the client sends: the part of fetch's RequestInit both transports take. */
export interface JiraRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Honoured by @forge/api; the bridge cannot carry it, so every wait also races the deadline (see `attempt`). */
  signal?: AbortSignal;
}

/** What the client reads of an answer: fetch's Response as both @forge/api and @forge/bridge return it. */
export interface JiraResponse {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/**
 * The transport: in the backend @forge/api's `asUser()`/`asApp()` (src/services/jira-context.ts), in the browser
 * @forge/bridge's `requestJira` (src/frontend/api/jira.ts). It takes a path built with `jiraPath`.
 */
export interface Requester {
  requestJira(path: JiraPath, init: JiraRequestInit): Promise<JiraResponse>;
}

export type JiraErrorCode = 'RATE_LIMITED' | 'JIRA_UNAVAILABLE' | 'NOT_FOUND' | 'FORBIDDEN' | 'BAD_REQUEST' | 'INVALID_RESPONSE';

export class JiraError extends Error {
  /** For RATE_LIMITED: when Jira said the limit clears (ISO), if it said. */
  readonly clearsAt: string | null;
  /** The HTTP status Jira last answered with; null when it gave no answer (timeout, dropped connection, no time left). */
  readonly status: number | null;

  constructor(
    readonly code: JiraErrorCode,
    readonly endpoint: string,
    /** What happened, in the app's words with Jira's own text: for logs and diagnostics, not for a person's message. */
    readonly detail: string,
    extra: { clearsAt?: string | null; status?: number | null } = {},
  ) {
    super(`${endpoint}: ${detail}`);
    this.name = 'JiraError';
    this.clearsAt = extra.clearsAt ?? null;
    this.status = extra.status ?? null;
  }
}

export interface RetryPolicy {
  /** Milliseconds left in this invocation. */
  remainingMs: () => number;
  /** Kept free at the end of the invocation to build and return the answer. */
  reserveMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
  /** Longest single request. */
  requestTimeoutMs: number;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Counts the points of this invocation's calls and stops background work before the wall (points.ts). */
  meter?: CallMeter;
}

export const DEFAULT_RETRY: Omit<RetryPolicy, 'remainingMs'> = {
  reserveMs: 1_500,
  baseDelayMs: 400,
  maxDelayMs: 8_000,
  maxAttempts: 6,
  requestTimeoutMs: 10_000,
  random: Math.random,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: Date.now,
};

/**
 * A view's reads in the browser: no invocation limit applies (the 25 s bound is the backend's), so a whole view load
 * gets two minutes, enough for a 10,000-issue board's pages and histories at real latencies; past that the
 * viewer gets a typed error, not a spinner that never ends. A single request keeps the backend's 10 s limit, so a
 * stalled answer leaves time to ask again. Each view load takes a fresh policy (its own clock).
 */
export const VIEW_LOAD_MS = 120_000;

export function viewerPolicy(loadMs: number = VIEW_LOAD_MS, now: () => number = Date.now): RetryPolicy {
  const deadline = now() + loadMs;
  // A moment is kept to draw the notice before the deadline the viewer was promised.
  return { ...DEFAULT_RETRY, now, reserveMs: 250, remainingMs: () => deadline - now() };
}

/** The path without its query, for messages and logs ("/rest/api/3/search/jql"). */
export function endpointOf(path: JiraPath): string {
  return path.value.split('?')[0] ?? path.value;
}

function backoff(attempt: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  // "Full jitter": spreads retries of many clients hitting the same limit.
  return Math.round(ceiling / 2 + (policy.random() * ceiling) / 2);
}

/** How long Jira asked us to wait, if it said. */
function rateLimitWait(response: JiraAnswer, policy: RetryPolicy): number | null {
  const retryAfter = response.headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.max(0, at - policy.now());
  }
  const reset = response.headers.get('x-ratelimit-reset');
  if (reset !== null) {
    const at = Date.parse(reset);
    if (Number.isFinite(at)) return Math.max(0, at - policy.now());
  }
  return null;
}

function isRetryableStatus(status: number): boolean {
  return status === 500 || status === 502 || status === 503 || status === 504;
}

/** A Jira answer read to its end: status and headers with the whole body, so no caller reads a body without a deadline. */
export interface JiraAnswer {
  status: number;
  ok: boolean;
  headers: JiraResponse['headers'];
  text: string;
}

/** The request ran out of its time, before its headers or while its body was still arriving. */
class RequestTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
    this.name = 'RequestTimeout';
  }
}

/**
 * One request, headers and body, within `timeoutMs`. The timer aborts the request (the signal also cancels a body
 * that is still streaming), and both waits race it, so a runtime whose response ignores the signal still ends on time.
 */
async function attempt(requester: Requester, path: JiraPath, init: JiraRequestInit, timeoutMs: number): Promise<JiraAnswer | Error> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new RequestTimeout(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    const response = await Promise.race([requester.requestJira(path, { ...init, signal: controller.signal }), expired]);
    const text = await Promise.race([response.text(), expired]);
    return { status: response.status, ok: response.ok, headers: response.headers, text };
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Policies (one per client, one client per invocation's piece of work) whose requests have given up on Jira. Their
 * other requests, running in parallel (Promise.all, concurrent pages), stop too instead of retrying behind an answer
 * that has already gone out as an error: during a rate-limit storm every extra request costs points and delays
 * recovery, and the function may be frozen once it has answered.
 */
const gaveUp = new WeakMap<RetryPolicy, JiraError>();

function giveUp(policy: RetryPolicy, error: JiraError): JiraError {
  if (!gaveUp.has(policy)) gaveUp.set(policy, error);
  return error;
}

/**
 * What a retry needs after its wait, at least (a Jira request at its usual latency): a wait that leaves less would end
 * in "no time left" or a retry cut off mid-answer, so it is not made; a rate limit says when to try again instead, at
 * once. Kept short: the backend's invocations have seconds, not minutes, to ride out a limit.
 */
export const RETRY_ROOM_MS = 250;

/** Sends the request, retrying what can be retried within the deadline; returns the first non-retryable answer. */
export async function send(requester: Requester, path: JiraPath, init: JiraRequestInit, policy: RetryPolicy): Promise<JiraAnswer> {
  const endpoint = endpointOf(path);
  for (let n = 0; ; n++) {
    const earlier = gaveUp.get(policy);
    if (earlier) throw new JiraError(earlier.code, endpoint, `not sent: an earlier request gave up (${earlier.message})`, { clearsAt: earlier.clearsAt, status: earlier.status });
    const budget = policy.remainingMs() - policy.reserveMs;
    if (budget <= 0) throw giveUp(policy, new JiraError('JIRA_UNAVAILABLE', endpoint, 'no time left in this invocation to call Jira'));
    policy.meter?.admit();
    const result = await attempt(requester, path, init, Math.min(policy.requestTimeoutMs, budget));
    if (!(result instanceof Error)) policy.meter?.observe(result.status, result.headers);
    let wait: number;
    let code: JiraErrorCode;
    let why: string;
    if (result instanceof Error) {
      wait = backoff(n, policy);
      code = 'JIRA_UNAVAILABLE';
      why = result instanceof RequestTimeout || result.name === 'AbortError' ? 'Jira did not answer in time' : `network error (${result.message})`;
    } else if (result.status === 429) {
      wait = rateLimitWait(result, policy) ?? backoff(n, policy);
      code = 'RATE_LIMITED';
      why = 'Jira is rate limiting this app';
    } else if (isRetryableStatus(result.status)) {
      wait = backoff(n, policy);
      code = 'JIRA_UNAVAILABLE';
      why = `Jira answered ${result.status}`;
    } else {
      return result;
    }
    const overruns = wait + RETRY_ROOM_MS > policy.remainingMs() - policy.reserveMs;
    if (n + 1 >= policy.maxAttempts || overruns) {
      // A limit that outlasts the invocation (the hourly points wall) says when it clears; a flapping one does not.
      const clearsAt = code === 'RATE_LIMITED' && overruns ? new Date(policy.now() + wait).toISOString() : null;
      throw giveUp(policy, new JiraError(code, endpoint, `${why}; gave up after ${n + 1} attempt${n === 0 ? '' : 's'}`, { clearsAt, status: result instanceof Error ? null : result.status }));
    }
    await policy.sleep(wait);
  }
}

function errorText(text: string): string {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null && 'errorMessages' in body && Array.isArray(body.errorMessages)) {
      const messages = body.errorMessages.filter((m): m is string => typeof m === 'string');
      if (messages.length > 0) return messages.join('; ');
    }
    return text.slice(0, 200);
  } catch {
    return '';
  }
}

/** Maps a final non-2xx answer to a typed error. */
export function failFor(path: JiraPath, response: JiraAnswer): JiraError {
  const endpoint = endpointOf(path);
  const detail = errorText(response.text);
  const suffix = detail ? `: ${detail}` : '';
  switch (response.status) {
    case 400:
      return new JiraError('BAD_REQUEST', endpoint, `Jira rejected the request${suffix}`, { status: 400 });
    case 401:
    case 403:
      return new JiraError('FORBIDDEN', endpoint, `not allowed (${response.status})${suffix}`, { status: response.status });
    case 404:
      return new JiraError('NOT_FOUND', endpoint, `not found${suffix}`, { status: 404 });
    default:
      return new JiraError('JIRA_UNAVAILABLE', endpoint, `unexpected status ${response.status}${suffix}`, { status: response.status });
  }
}

/** Request and parse: the one way the app reads Jira JSON. */
export async function requestJson<T>(requester: Requester, path: JiraPath, init: JiraRequestInit, schema: z.ZodType<T>, policy: RetryPolicy): Promise<T> {
  const response = await send(requester, path, init, policy);
  const endpoint = endpointOf(path);
  const method = init.method ?? 'GET';
  if (!response.ok) {
    policy.meter?.charge(method, endpoint, undefined);
    throw failFor(path, response);
  }
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    policy.meter?.charge(method, endpoint, undefined);
    throw new JiraError('INVALID_RESPONSE', endpoint, 'Jira answered with a body that is not JSON', { status: response.status });
  }
  policy.meter?.charge(method, endpoint, body);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new JiraError('INVALID_RESPONSE', endpoint, `unexpected response shape: ${describeIssues(parsed.error.issues.slice(0, 3))}`, { status: response.status });
  return parsed.data;
}

/** A request whose answer has no body worth reading (204 writes). */
export async function requestNoContent(requester: Requester, path: JiraPath, init: JiraRequestInit, policy: RetryPolicy): Promise<void> {
  const response = await send(requester, path, init, policy);
  policy.meter?.charge(init.method ?? 'GET', endpointOf(path), undefined);
  if (!response.ok) throw failFor(path, response);
}
