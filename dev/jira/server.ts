import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { agileRoutes } from './agile-routes';
import { JiraHttpError, jiraErrorBody, type ApiResponse, type Route } from './api';
import { DEFAULT_BEHAVIOUR, type Behaviour } from './behaviour';
import { Faults, isBodyFault, type BodyFault, type Fault } from './faults';
import { PageTokens } from './paging';
import { platformRoutes } from './platform-routes';
import { PointsMeter, type RequestOrigin } from './points-meter';
import { RequestLog } from './request-log';
import { createDemoSite } from './demo-site';
import { renderContext } from './issue-json';
import { SearchIndex } from './search-index';
import type { Json, Site, User } from './site-model';
import { softwareRoutes } from './software-routes';

/**
 * A Jira Cloud look-alike on loopback for the calls this app makes, over an in-memory site that tests may change between
 * requests (`server.site`). Basic auth maps an email to a site user, whatever the token.
 */

export interface JiraServer {
  readonly url: string;
  /** Read on every request: mutate it, or assign another site, between requests. */
  site: Site;
  /** Jira's behaviour where there is a choice (dev/jira/behaviour.ts); change it between requests. */
  readonly behaviour: Behaviour;
  readonly faults: Faults;
  readonly requests: RequestLog;
  /** The points quota of the apps calling this server (points-meter.ts). */
  readonly points: PointsMeter;
  close(): Promise<void>;
  /**
   * The `Authorization` header value that authenticates as this user; with `app`, as that app acting for the user,
   * from its functions (`backend`, the default) or from its Custom UI through @forge/bridge (`frontend`).
   */
  authorizationFor(accountId: string, app?: string, origin?: RequestOrigin): string;
}

export interface JiraServerOptions {
  site?: Site;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Overrides of DEFAULT_BEHAVIOUR: today's Jira Cloud, the agile issue lists gone. */
  behaviour?: Partial<Behaviour>;
}

const ROUTES: readonly Route[] = [...platformRoutes, ...softwareRoutes, ...agileRoutes];
const JSON_TYPE = 'application/json;charset=UTF-8';
/** The token of an app's request (Forge's proxy: the app, as itself or acting for a user) names the app. */
const APP_TOKEN_PREFIX = 'forge-app:';
/** The token of an app's Custom UI request (@forge/bridge requestJira, as the viewer) names the app too. */
const FRONTEND_TOKEN_PREFIX = 'forge-bridge:';

function credentials(header: string | undefined): { email: string; token: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { email: decoded.slice(0, colon).toLowerCase(), token: decoded.slice(colon + 1) };
}

/** The app a request is metered to (the app user's, or the one its token names), and from where; null for a person's own call. */
function meteredApp(user: User, header: string | undefined): { app: string; origin: RequestOrigin } | null {
  const token = credentials(header)?.token ?? '';
  if (token.startsWith(APP_TOKEN_PREFIX)) return { app: token.slice(APP_TOKEN_PREFIX.length), origin: 'backend' };
  if (token.startsWith(FRONTEND_TOKEN_PREFIX)) return { app: token.slice(FRONTEND_TOKEN_PREFIX.length), origin: 'frontend' };
  return user.accountType === 'app' ? { app: user.accountId, origin: 'backend' } : null;
}

function authenticate(site: Site, header: string | undefined): User | null {
  const email = credentials(header)?.email;
  if (email === undefined) return null;
  return [...site.users.values()].find((u) => u.emailAddress.toLowerCase() === email) ?? null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * An answer decided and serialised, to be written when its latency has passed: the building happens as the request
 * arrives, the wait is the network's (see `handle`).
 */
interface Reply {
  /** The status logged (0 for a dropped connection). */
  status: number;
  write(res: ServerResponse): void;
}

function jsonReply(status: number, body: Json | undefined, headers: Record<string, string> = {}): Reply {
  if (body === undefined) return { status, write: (res) => res.writeHead(status, headers).end() };
  const bytes = Buffer.from(JSON.stringify(body));
  return { status, write: (res) => res.writeHead(status, { 'content-type': JSON_TYPE, ...headers }).end(bytes) };
}

/** A scripted fault's answer. */
function faultReply(fault: Exclude<Fault, BodyFault>): Reply {
  switch (fault.kind) {
    case 'rate-limit':
      return jsonReply(429, jiraErrorBody(['Rate limit exceeded.']), { 'retry-after': String(fault.retryAfterSeconds) });
    case 'rate-limit-reset': {
      // The reset is told from when the answer leaves, as Jira stamps it.
      const body = JSON.stringify(jiraErrorBody(['Rate limit exceeded.']));
      return {
        status: 429,
        write: (res) =>
          res
            .writeHead(429, { 'content-type': JSON_TYPE, 'x-ratelimit-reset': new Date(Date.now() + fault.resetInSeconds * 1000).toISOString() })
            .end(body),
      };
    }
    case 'status':
      return jsonReply(fault.status, jiraErrorBody([fault.status === 500 ? 'Internal server error' : 'Service unavailable']));
    case 'drop':
      return { status: 0, write: (res) => res.socket?.destroy() };
    case 'malformed':
      return { status: 200, write: (res) => res.writeHead(200, { 'content-type': JSON_TYPE }).end('{"issues":[{"id":"10001","key":"OPS-1","fields":{"summary":') };
  }
}

/** The answer's status and headers at once, then its body as the fault says: half of it and no more, or a little at a time. */
function slowBodyReply(response: ApiResponse, fault: BodyFault, headers: Record<string, string>): Reply {
  const body = Buffer.from(response.body === undefined ? '' : JSON.stringify(response.body));
  const write = (res: ServerResponse): void => {
    res.writeHead(response.status, { ...headers, 'content-type': JSON_TYPE, 'content-length': String(body.length) });
    res.flushHeaders();
    if (fault.kind === 'stalled-body') {
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      return;
    }
    let sent = 0;
    const timer = setInterval(() => {
      const chunk = body.subarray(sent, sent + fault.chunkBytes);
      sent += chunk.length;
      if (sent < body.length) {
        res.write(chunk);
        return;
      }
      clearInterval(timer);
      res.end(chunk);
    }, fault.intervalMs);
    res.on('close', () => clearInterval(timer));
  };
  return { status: response.status, write };
}

interface Internals {
  tokens: PageTokens;
  index: SearchIndex;
}

function dispatch(server: JiraServer, internals: Internals, method: string, url: URL, user: User, bodyText: string): ApiResponse {
  const candidates = ROUTES.map((route) => ({ route, match: route.pattern.exec(url.pathname) })).filter((c) => c.match !== null);
  if (candidates.length === 0) return { status: 404, body: jiraErrorBody([`No resource found for ${url.pathname}.`]) };
  const found = candidates.find((c) => c.route.method === method);
  if (!found?.match) return { status: 405, body: jiraErrorBody([`Method ${method} is not allowed for ${url.pathname}.`]) };
  let body: unknown;
  if (bodyText.trim() !== '') {
    try {
      body = JSON.parse(bodyText);
    } catch (e) {
      return { status: 400, body: jiraErrorBody([`Invalid JSON: ${e instanceof Error ? e.message : String(e)}`]) };
    }
  }
  return found.route.handle({
    params: found.match.slice(1).map((p) => p ?? ''),
    query: url.searchParams,
    body,
    user,
    site: server.site,
    render: renderContext(server.site, server.url),
    faults: server.faults,
    behaviour: server.behaviour,
    tokens: internals.tokens,
    index: internals.index,
  });
}

/**
 * Serves one request. `faults.latencyMs` is the network's round trip: the answer is decided, built and serialised as
 * the request arrives (what the site is then, the fault scripted then, the quota then), and written once the latency
 * has passed since the request came in, never sooner. So concurrent requests wait out their latency side by side while
 * the server builds their answers, as Jira's servers build them beside each other, instead of queueing their building
 * behind the wait.
 */
async function handle(server: JiraServer, internals: Internals, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const at = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', server.url);
  const bodyText = await readBody(req);
  const latency = server.faults.latencyMs;
  const due = performance.now() + latency;
  // Requests that came in together each start their latency as they arrive; then their answers are built, one after
  // another within it (without a latency, at once, as before).
  if (latency > 0) await new Promise((resolve) => setImmediate(resolve));
  // Jira Cloud names every answer (X-AREQUESTID); the points meter's listeners hear of a request by the same id.
  const requestId = randomBytes(16).toString('hex');
  const reply = decide(server, internals, { method, url, bodyText, authorization: req.headers.authorization, requestId });
  const query: Record<string, string> = {};
  for (const key of new Set(url.searchParams.keys())) query[key] = url.searchParams.getAll(key).join(',');
  server.requests.add({ method, path: url.pathname, query, accountId: reply.accountId, status: reply.status, at });
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
  res.setHeader('x-arequestid', requestId);
  reply.write(res);
}

interface Arrived {
  method: string;
  url: URL;
  bodyText: string;
  authorization: string | undefined;
  requestId: string;
}

function decide(server: JiraServer, internals: Internals, request: Arrived): Reply & { accountId: string | null } {
  const { method, url, bodyText, authorization } = request;
  const user = authenticate(server.site, authorization);
  const accountId = user?.accountId ?? null;
  const fault = server.faults.take(method, url.pathname);
  if (fault && !isBodyFault(fault)) return { ...faultReply(fault), accountId };
  if (!user) return { ...jsonReply(401, jiraErrorBody(['Client must be authenticated to access this resource.'])), accountId };
  const metered = meteredApp(user, authorization);
  // Frontend calls are not on the app's quota, so its wall does not refuse them.
  const refusal = metered?.origin === 'backend' ? server.points.admit(metered.app, method, url.pathname, bodyText) : null;
  if (refusal) return { ...jsonReply(429, jiraErrorBody(['Rate limit exceeded.']), refusal.headers), accountId };
  const response = answer(server, internals, method, url, user, bodyText);
  const quotaHeaders =
    metered === null ? {} : server.points.charge(metered.app, method, url.pathname, response.status, response.body, metered.origin, request.requestId);
  return { ...(fault ? slowBodyReply(response, fault, quotaHeaders) : jsonReply(response.status, response.body, quotaHeaders)), accountId };
}

function answer(server: JiraServer, internals: Internals, method: string, url: URL, user: User, bodyText: string): ApiResponse {
  try {
    return dispatch(server, internals, method, url, user, bodyText);
  } catch (e) {
    if (e instanceof JiraHttpError) return { status: e.status, body: jiraErrorBody(e.errorMessages, e.errors) };
    // A bug in the server itself: answer as Jira's 500 does, and keep serving.
    return { status: 500, body: jiraErrorBody([e instanceof Error ? e.message : String(e)]) };
  }
}

export async function startJiraServer(options: JiraServerOptions = {}): Promise<JiraServer> {
  const http = createServer();
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = http.address();
  if (address === null || typeof address === 'string') throw new Error('the Jira server is not listening on a TCP port');
  const { port } = address;
  const behaviour: Behaviour = { ...DEFAULT_BEHAVIOUR, ...options.behaviour };
  const internals: Internals = { tokens: new PageTokens(behaviour), index: new SearchIndex(behaviour) };
  let site = options.site ?? createDemoSite();
  internals.index.follow(site);
  const server: JiraServer = {
    url: `http://127.0.0.1:${port}`,
    get site() {
      return site;
    },
    set site(next: Site) {
      site = next;
      internals.index.follow(next);
    },
    behaviour,
    faults: new Faults(),
    requests: new RequestLog(),
    points: new PointsMeter(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.close((e) => (e ? reject(e) : resolve()));
        // Keep-alive sockets from fetch would otherwise hold close() open.
        http.closeAllConnections();
      }),
    authorizationFor(accountId, app, origin = 'backend') {
      const user = server.site.users.get(accountId);
      if (!user) throw new Error(`no user ${accountId} on this site`);
      const token = app === undefined ? 'local-api-token' : `${origin === 'frontend' ? FRONTEND_TOKEN_PREFIX : APP_TOKEN_PREFIX}${app}`;
      return `Basic ${Buffer.from(`${user.emailAddress}:${token}`).toString('base64')}`;
    },
  };
  http.on('request', (req, res) => {
    handle(server, internals, req, res).catch(() => {
      // The request stream failed (the client went away): nobody is left to answer.
      res.destroy();
    });
  });
  return server;
}
