import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { envelopeSchema } from '../../src/contracts/envelope';
import { settingsRoutes } from '../../src/contracts/routes';
import * as app from '../../src/index';
import { startAppHost, type AppHost } from '../app-host';
import { pointsForText } from '../jira/points-meter';
import { ADMIN_ACCOUNT_ID, DEV_ACCOUNT_ID, type Site } from '../jira/site-model';
import { LocalForge, type ResolverHandler } from '../runtime';
import { readHostManifest, type HostManifest, type UiModule } from './manifest-modules';
import { isReadRequest, startReadOnlyProxy, type ReadOnlyProxy } from './read-only-proxy';
import { listen, selfSignedCertificate, type HostRequest, type HostResponse, type Listening } from './servers';

/**
 * The local Forge host (`npm start`): a page that frames each Custom UI module of manifest.yml as Jira would, serves
 * the surfaces under Forge's Custom UI content security policy, and answers @forge/bridge (dev/host/public/bridge.js)
 * by running the real resolvers in the local Forge runtime. The module context (issue, project, board, sprint) and the
 * user are chosen on the host page and kept server-side per frame: nothing the iframe sends can change them.
 *
 * Only the host's own pages may use it: every request must name one of the host's own addresses in Host (a DNS
 * rebinding page names its own), a browser's Origin must be the host page's (or, for bridge calls, the surfaces'),
 * bodies must be JSON (which no other site can send without a CORS preflight the host never grants), and each frame
 * has an unguessable token, handed to its own iframe only, that every bridge call of that frame must carry.
 *
 * A surface's @forge/bridge `requestJira` reaches the product as the frame's user (the host page chose it; the iframe
 * cannot change it), so Jira applies that user's permissions, as it does for a Forge app's frontend call. Only
 * `/rest/...` paths go; against a real site only reads go. The bridge log keeps these frontend requests apart from the
 * app's own (its functions', charged to its points quota), with what each costs by Jira's points rules.
 */

export interface RealSiteOptions {
  /** e.g. https://your-site.atlassian.net */
  site: string;
  email: string;
  apiToken: string;
  /** The token owner's account id; read from /rest/api/3/myself when absent. */
  accountId?: string;
  displayName?: string;
}

export interface LocalHostOptions {
  /** Host port; 0 picks a free one. Default 4100. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1 (localhost). */
  hostname?: string;
  /**
   * Serve the host page and the surfaces over HTTPS with HTTP/2 (and HTTP/1.1 for clients without it), as Jira Cloud
   * serves its site, with a self-signed certificate made at start (`LocalHost.certificate`). Over plain HTTP/1.1 (the
   * default) a browser sends at most six of a view's requestJira calls at a time; over HTTP/2, all of them, as on Jira.
   */
  tls?: boolean;
  /**
   * Port of the surfaces' own origin (default 0, a free port). As in Jira, where apps are served from another origin
   * than the product's page, a surface cannot reach the host page or the host's frame-creating endpoints.
   */
  surfacePort?: number;
  /** Port of the Jira-compatible server (demo mode); default 0 (a free port). */
  jiraPort?: number;
  /** Demo mode: the site the Jira-compatible server serves (a generated one, for benches); default the demo site. */
  site?: Site;
  /** kvs file: settings, overrides and decisions survive a restart. Absent: in memory. */
  storageFile?: string;
  /** Read a real Jira Cloud site instead of the demo site, strictly read-only. */
  realSite?: RealSiteOptions;
  /**
   * Demo mode: run the manifest's install trigger (avi:forge:installed:app), as Jira does once on install, so sprint
   * history is backfilled through the queue. Default: when the kvs is new (no storageFile yet, or in memory).
   */
  install?: boolean;
  /**
   * Demo mode, on a new kvs: the projects the demo site starts with turned on, saved as Ana through the settings
   * resolver before the install trigger, their issues reclassified as Ana (settings/startBulk), and the queue drained
   * (issues classified, sprint history measured) before the host answers, so every surface has its numbers on first
   * open and every issue its Work category and lozenge. `npm start` turns on OPS and WEB; tests start with none.
   */
  demoProjects?: readonly string[];
  /** One line per resolver call (module, key, user, outcome, time); `npm start` prints them. */
  log?: (line: string) => void;
  /** The project root (manifest.yml, static/); default the repository this file lives in. */
  root?: string;
}

export interface HostUser {
  accountId: string;
  displayName: string;
  admin: boolean;
}

/**
 * One line of the bridge log: a surface's requestJira call (`frontend`: as the viewer, not charged to the app's
 * quota) or a Jira request of the app's functions (`app`: charged). `points` is what it costs by Jira's points rules;
 * for a frontend request, what it would cost if Atlassian charged bridge calls after all.
 */
export interface BridgeLogEntry {
  seq: number;
  /** ms since the epoch */
  at: number;
  kind: 'frontend' | 'app';
  method: string;
  path: string;
  status: number;
  points: number;
  charged: boolean;
  /** Frontend requests: the frame's module and user, and how long Jira took (ms). */
  moduleKey?: string;
  user?: string;
  ms?: number;
  /** Set when the host did not send the request (a write against a real site). */
  refused?: string;
}

export interface LocalHost {
  /** The host page. */
  url: string;
  /** The surfaces' origin: /surfaces/<resource>/, the bridge script and each frame's invoke and context endpoints. */
  surfaceUrl: string;
  /** With `tls`: the host's self-signed certificate (PEM), for a client to trust; otherwise null. */
  certificate: string | null;
  /** The demo Jira-compatible server's URL, or the real site. */
  jiraUrl: string;
  mode: 'demo' | 'jira';
  users: HostUser[];
  /** Demo mode: the app host (Jira server, runtime); null against a real site. */
  appHost: AppHost | null;
  /** The bridge log so far (the host page reads it from /api/bridge-log), oldest first. */
  bridgeLog(): BridgeLogEntry[];
  close(): Promise<void>;
}

/** Resolver keys that write (kvs or Jira): refused before the app is called when reading a real site. */
export const WRITE_RESOLVER_KEYS: ReadonlySet<string> = new Set([
  'issue/setOverride',
  'issue/clearOverride',
  'settings/save',
  'capacity/saveBoardSettings',
  'settings/startBulk',
  'settings/resumeBulk',
]);
/** A safety net for keys added later: their verb says they write. */
const WRITE_VERB = /\/(set|save|clear|start|resume|delete|remove|update|create|import|reset|write|apply)/i;

export function isWriteKey(key: string): boolean {
  return WRITE_RESOLVER_KEYS.has(key) || WRITE_VERB.test(key);
}

interface Frame {
  id: string;
  /** What the frame's bridge sends in FRAME_TOKEN_HEADER: only its own iframe is given it (in the URL fragment). */
  token: string;
  module: UiModule;
  accountId: string;
  extension: Record<string, unknown>;
}

type Json = Record<string, unknown>;

/** The header every bridge call of a frame carries its token in. */
export const FRAME_TOKEN_HEADER = 'x-ktlo-frame-token';
/**
 * The header of the host's answer to a frame's fetch that carries the product's answer but its body (status,
 * statusText, headers, isAttachment, as JSON); bridge.js adds the body and hands @forge/bridge what it builds its Response from.
 */
export const PRODUCT_ANSWER_HEADER = 'x-ktlo-product-answer';

/** Lines of the bridge log kept: enough for a long session, bounded. */
const BRIDGE_LOG_SIZE = 2_000;
/** Request headers of a surface's requestJira that the host sets itself (credentials, the connection) or drops. */
const HOST_SET_REQUEST_HEADERS = new Set(['authorization', 'cookie', 'host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'origin', 'referer', 'accept-encoding', FRAME_TOKEN_HEADER]);
/** Answer headers that describe the host's connection to Jira, not the answer the surface gets. */
const HOP_RESPONSE_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'set-cookie']);
const PRODUCT_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);
/** A requestJira body (a JQL search, a bulk changelog request) is small; this leaves room for an issue edit with ADF. */
const PRODUCT_BODY_LIMIT = 2_000_000;

const THEME_ATTR = 'dark:dark light:light spacing:spacing typography:typography shape:shape';
const TOKEN_THEMES = ['atlassian-light', 'atlassian-dark', 'atlassian-spacing', 'atlassian-typography', 'atlassian-shape'];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
};

/** Forge's Custom UI policy: everything from the app's own resource, inline styles only when the manifest asks. */
export function customUiCsp(manifest: HostManifest, hostOrigins: readonly string[] = ["'self'"]): string {
  return [
    "default-src 'none'",
    `script-src 'self'${manifest.scriptKeywords.map((k) => ` '${k}'`).join('')}`,
    `style-src 'self'${manifest.inlineStyles ? " 'unsafe-inline'" : ''}`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self'",
    // Only the host's bridge endpoints (same origin); no other API is reachable from the surface.
    "connect-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    // Only the host page may frame a surface, as only Jira's pages may frame a Forge app.
    `frame-ancestors ${hostOrigins.join(' ')}`,
  ].join('; ');
}

function tokenCss(): string {
  const parts: string[] = [];
  for (const theme of TOKEN_THEMES) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const css: unknown = require(`@atlaskit/tokens/dist/cjs/artifacts/themes/${theme}.js`).default;
      if (typeof css === 'string') parts.push(css);
    } catch {
      // A theme this version of @atlaskit/tokens does not ship: the others still apply.
    }
  }
  return parts.join('\n');
}

function basic(email: string, token: string): string {
  return `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
}

function handlerNamed(name: string): unknown {
  return (app as Record<string, unknown>)[name];
}

/** The JSON body of a POST: any other content type (a form, text/plain, which any site may send) is refused unread. */
async function readBody(req: HostRequest, limit = 600_000, what = 'invoke takes at most 500 KB'): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'the local host takes only application/json bodies');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new HttpError(413, `payload too large (${what})`);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'body is not JSON');
  }
}

/** Where the request was addressed: HTTP/2's :authority, HTTP/1.1's Host ("localhost:4100"). */
function authorityOf(req: HostRequest): string {
  const authority = req.headers[':authority'] ?? req.headers.host;
  return typeof authority === 'string' ? authority : '';
}

/** The host name the request was addressed to (localhost, 127.0.0.1, the configured one), without the port. */
function hostNameOf(req: HostRequest): string {
  const host = authorityOf(req);
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '');
}

function sameToken(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A product REST path: `/rest/...` on the site itself, with no dot segments that would climb out of it. */
function productRestPath(restPath: string): string {
  const path = restPath.split(/[?#]/)[0] ?? '';
  const segments = path.split('/').map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  if (!path.startsWith('/rest/') || path.includes('\\') || segments.some((segment) => segment === '.' || segment === '..')) {
    throw new HttpError(400, `requestJira takes a Jira REST path (/rest/...), not "${restPath.slice(0, 200)}"`);
  }
  return restPath.split('#')[0] ?? restPath;
}

/** An answer body as the bridge carries it: text, or base64 for binary content (an attachment). */
function isTextual(contentType: string | null): boolean {
  return contentType === null || /json|^text\/|xml|javascript|x-www-form-urlencoded/i.test(contentType);
}

/** Frontend requests whose points the demo Jira's meter counted and the host has not yet logged, by request id. */
const COUNTED_KEPT = 1_000;

/**
 * One request to the product (the demo Jira, or the read-only proxy in front of a real site: both plain HTTP on
 * loopback), resolved with its answer as soon as the status and headers arrive, the body still to read. node:http
 * rather than fetch: the views' parallel reads bring megabytes at once, which fetch's web streams pass on in many
 * small steps on the host's one thread.
 */
function forward(agent: Agent, url: string, method: string, headers: Record<string, string>, body: string | undefined): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(url, { method, headers, agent }, resolve);
    sent.on('error', reject);
    sent.end(body);
  });
}

/** How long the host keeps an idle socket to the product at most; the product's `Keep-Alive: timeout` hint shortens it. */
const PRODUCT_IDLE_MS = 60_000;

/**
 * The host's keep-alive agent to the product. With an idle timeout set, Node closes a kept socket a second before the
 * product's announced keep-alive timeout runs out (node's `Keep-Alive: timeout=5`), so a request never goes out on a
 * socket the product is closing just then (which it would answer with ECONNRESET, the frame with the host's 500).
 */
export function productAgent(): Agent {
  return new Agent({ keepAlive: true, timeout: PRODUCT_IDLE_MS });
}

/** What a product answer is, apart from its body: the fields @forge/bridge 7 builds its Response from (out/fetch/fetch.js). */
interface ProductAnswer {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  isAttachment: boolean;
}

/**
 * The host's answer to a frame's fetch that carries a product's answer: 200, the product's body as its body, the rest
 * in PRODUCT_ANSWER_HEADER as JSON (ASCII only, so any header value survives). The host's own refusals of the call
 * (a bad payload, a missing token, an unreachable product) are the host's status with a JSON `{ message }` and no such header.
 */
function writeProductHead(res: HostResponse, answer: ProductAnswer): void {
  const json = JSON.stringify(answer).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', [PRODUCT_ANSWER_HEADER]: json });
}

function sendJson(res: HostResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const frameRequestSchema = z.strictObject({
  moduleKey: z.string(),
  accountId: z.string(),
  issueKey: z.string().optional(),
  projectKey: z.string().optional(),
  boardId: z.union([z.string(), z.number()]).transform(String).optional(),
  sprintId: z.union([z.string(), z.number()]).transform(String).optional(),
});
const invokeSchema = z.looseObject({ functionKey: z.string().min(1), payload: z.unknown().optional() });
/** What @forge/bridge 7's requestJira sends as `fetchProduct` (out/fetch/fetch.js): headers as name/value pairs. */
const productFetchSchema = z.looseObject({
  product: z.string(),
  restPath: z.string(),
  fetchRequestInit: z
    .looseObject({
      method: z.string().optional(),
      headers: z.union([z.array(z.tuple([z.string(), z.string()])), z.record(z.string(), z.string())]).optional(),
      body: z.string().nullable().optional(),
    })
    .optional(),
  isMultipartFormData: z.boolean().optional(),
});
const issueSearchSchema = z.looseObject({
  issues: z.array(
    z.looseObject({
      id: z.string(),
      key: z.string(),
      fields: z.looseObject({
        issuetype: z.looseObject({ id: z.string(), name: z.string() }).optional(),
        project: z.looseObject({ id: z.string(), key: z.string(), projectTypeKey: z.string().optional() }).optional(),
      }),
    }),
  ),
});
const boardListSchema = z.looseObject({
  values: z.array(
    z.looseObject({
      id: z.number(),
      name: z.string(),
      type: z.string(),
      location: z.looseObject({ projectId: z.union([z.number(), z.string()]).optional(), projectKey: z.string().optional(), projectTypeKey: z.string().optional() }).optional(),
    }),
  ),
});
const sprintListSchema = z.looseObject({ values: z.array(z.looseObject({ id: z.number(), name: z.string(), state: z.string() })) });
const projectListSchema = z.looseObject({ values: z.array(z.looseObject({ id: z.string(), key: z.string(), name: z.string(), projectTypeKey: z.string().optional() })) });
const myselfSchema = z.looseObject({ accountId: z.string(), displayName: z.string().optional() });
const browseSchema = z.looseObject({ permissions: z.looseObject({ BROWSE_PROJECTS: z.looseObject({ havePermission: z.boolean() }) }) });

export async function startLocalHost(options: LocalHostOptions = {}): Promise<LocalHost> {
  const root = options.root ?? join(__dirname, '..', '..');
  const manifest = readHostManifest(join(root, 'manifest.yml'));
  const real = options.realSite;
  // Set once both servers listen: frame-ancestors names the host page's origins.
  let csp = customUiCsp(manifest);
  const bridgeJs = readFileSync(join(__dirname, 'public', 'bridge.js'), 'utf8');
  const pageJs = readFileSync(join(__dirname, 'public', 'host-page.js'), 'utf8');
  const pageHtml = readFileSync(join(__dirname, 'public', 'host-page.html'), 'utf8');
  let tokens: string | null = null;

  const bridgeLog: BridgeLogEntry[] = [];
  let logSeq = 0;
  const record = (entry: Omit<BridgeLogEntry, 'seq' | 'at'>): void => {
    bridgeLog.push({ seq: ++logSeq, at: Date.now(), ...entry });
    if (bridgeLog.length > BRIDGE_LOG_SIZE) bridgeLog.shift();
  };
  const recordApp = (request: { method: string; path: string; status: number; points: number }): void =>
    record({ kind: 'app', method: request.method, path: request.path, status: request.status, points: request.points, charged: true });

  // The app, bound as Forge would run it.
  let appHost: AppHost | null = null;
  let proxy: ReadOnlyProxy | null = null;
  let forge: LocalForge;
  let jiraBase: string;
  let authorizationFor: (accountId: string) => string;
  /** How a surface's requestJira reaches the product: as the frame's user, through the app's frontend. */
  let frontendAuthorizationFor: (accountId: string) => string;
  let stopWatching = (): void => undefined;
  /** The meter's points of the surfaces' requests to the demo Jira, until their answer is logged (COUNTED_KEPT at most). */
  const counted = new Map<string, number>();
  /** Keep-alive connections to the product, for the surfaces' requestJira calls. */
  const toProduct = productAgent();
  let users: HostUser[];
  if (real) {
    // The app reaches the real site only through a proxy that lets reads through: nothing can write, whatever the code
    // does. Only the proxy holds the API token; this process authenticates to the proxy with the proxy's own secret.
    proxy = await startReadOnlyProxy(real.site.replace(/\/+$/, ''), basic(real.email, real.apiToken), (request) => {
      // The host logs the frontend requests it forwards itself, with their frame.
      if (request.origin === 'backend') recordApp(request);
    });
    const auth = proxy.callerAuthorization;
    const frontendAuth = proxy.frontendAuthorization;
    jiraBase = proxy.url;
    authorizationFor = () => auth;
    frontendAuthorizationFor = () => frontendAuth;
    forge = new LocalForge({
      baseUrl: proxy.url,
      authorization: () => auth,
      app: { siteUrl: real.site },
      ...(options.storageFile ? { storageFile: options.storageFile } : {}),
    }).install();
    let me = real.accountId ? { accountId: real.accountId, displayName: real.displayName ?? real.email } : null;
    if (!me) {
      const r = await fetch(`${proxy.url}/rest/api/3/myself`, { headers: { authorization: auth, accept: 'application/json' } });
      if (!r.ok) {
        await proxy.close();
        forge.dispose();
        throw new Error(`${real.site} refused the API token (GET /rest/api/3/myself answered ${r.status}); check JIRA_EMAIL and JIRA_API_TOKEN`);
      }
      const parsed = myselfSchema.parse(await r.json());
      me = { accountId: parsed.accountId, displayName: parsed.displayName ?? real.email };
    }
    users = [{ ...me, admin: false }];
  } else {
    const fresh = !options.storageFile || !existsSync(options.storageFile);
    appHost = await startAppHost({
      jira: { port: options.jiraPort ?? 0, ...(options.site ? { site: options.site } : {}) },
      ...(options.storageFile ? { storageFile: options.storageFile } : {}),
    });
    forge = appHost.forge;
    jiraBase = appHost.jira.url;
    const jira = appHost.jira;
    const appId = forge.identity.appId;
    authorizationFor = (accountId) => jira.authorizationFor(accountId);
    frontendAuthorizationFor = (accountId) => jira.authorizationFor(accountId, appId, 'frontend');
    stopWatching = jira.points.watch((request) => {
      if (request.app !== appId) return;
      if (request.origin === 'backend') recordApp(request);
      else if (request.requestId !== null) {
        counted.set(request.requestId, request.points);
        if (counted.size > COUNTED_KEPT) counted.delete(counted.keys().next().value ?? '');
      }
    });
    users = [ADMIN_ACCOUNT_ID, DEV_ACCOUNT_ID].flatMap((id) => {
      const user = jira.site.users.get(id);
      return user ? [{ accountId: id, displayName: user.displayName, admin: id === ADMIN_ACCOUNT_ID }] : [];
    });
    const demoProjects = fresh ? (options.demoProjects ?? []) : [];
    const asAna = { accountId: ADMIN_ACCOUNT_ID, extension: { type: 'jira:adminPage' } };
    if (demoProjects.length > 0) {
      const saved = await appHost.resolve('settings-resolver', settingsRoutes.save.key, { level: 'global', expectedRevision: 0, settings: { enabledProjects: demoProjects } }, asAna);
      if (!envelopeSchema(settingsRoutes.save.answer).safeParse(saved).data?.ok) throw new Error(`the demo settings could not be saved: ${JSON.stringify(saved)}`);
      // As an admin who turns projects on and presses "Reclassify now": their issues get the Work category and the
      // issue panel's lozenge, not only the issues that change later.
      const started = await appHost.resolve('settings-resolver', settingsRoutes.startBulk.key, {}, asAna);
      if (!envelopeSchema(settingsRoutes.startBulk.answer).safeParse(started).data?.ok) throw new Error(`the demo's reclassification could not start: ${JSON.stringify(started)}`);
    }
    if (options.install ?? fresh) {
      for (const fn of manifest.installFunctions) {
        await appHost.trigger(fn, { eventType: 'avi:forge:installed:app', context: { cloudId: forge.identity.cloudId } });
      }
    }
    if (demoProjects.length > 0) {
      const drained = await forge.drainQueues();
      if (drained.failed.length > 0) throw new Error(`classifying the demo's issues and measuring its sprint history failed: ${drained.failed.length} queue events failed`);
      const status = await appHost.resolve('settings-resolver', settingsRoutes.bulkStatus.key, {}, asAna);
      const job = envelopeSchema(settingsRoutes.bulkStatus.answer).safeParse(status).data;
      if (!job?.ok || job.data?.state !== 'done') throw new Error(`the demo's reclassification did not finish: ${JSON.stringify(status)}`);
    }
  }

  const resolve = (functionKey: string, resolverKey: string, payload: unknown, accountId: string, module: UiModule, extension: Json): Promise<unknown> => {
    if (appHost) return appHost.resolve(functionKey, resolverKey, payload, { accountId, extension, moduleKey: module.key });
    const handlerName = manifest.handlers.get(functionKey);
    const handler = handlerName ? handlerNamed(handlerName) : undefined;
    if (typeof handler !== 'function') throw new Error(`manifest.yml has no function '${functionKey}'`);
    return forge.invokeResolver(handler as ResolverHandler, { functionKey: resolverKey, payload, context: { accountId, moduleKey: module.key, extension } });
  };

  const jiraJson = async (path: string, accountId: string, init?: { method: string; body: unknown }): Promise<unknown> => {
    const r = await fetch(`${jiraBase}${path}`, {
      method: init?.method ?? 'GET',
      headers: { authorization: authorizationFor(accountId), accept: 'application/json', ...(init ? { 'content-type': 'application/json' } : {}) },
      ...(init ? { body: JSON.stringify(init.body) } : {}),
    });
    if (!r.ok) throw new HttpError(r.status === 404 ? 404 : 502, `Jira answered ${r.status} to ${path}`);
    return r.json() as Promise<unknown>;
  };

  const directory = {
    /** The projects this user may browse, as Jira lists them: Jira decides, asked as that user. */
    projects: async (accountId: string) => {
      if (appHost) {
        // The demo server has no project list of its own: each project of the site, if Jira says this user may browse
        // it (Jira answers 404 for a project the user cannot see).
        const all = [...appHost.jira.site.projects.values()];
        const browsable = await Promise.all(
          all.map(async (p) => {
            try {
              const answer = await jiraJson(`/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS&projectKey=${encodeURIComponent(p.key)}`, accountId);
              return browseSchema.parse(answer).permissions.BROWSE_PROJECTS.havePermission;
            } catch (e) {
              if (e instanceof HttpError && e.status === 404) return false;
              throw e;
            }
          }),
        );
        return all.filter((_, i) => browsable[i]).map((p) => ({ id: p.id, key: p.key, name: p.name, type: 'software' }));
      }
      const list = projectListSchema.parse(await jiraJson('/rest/api/3/project/search?maxResults=100', accountId));
      return list.values.map((p) => ({ id: p.id, key: p.key, name: p.name, type: p.projectTypeKey ?? 'software' }));
    },
    boards: async (accountId: string) => {
      const list = boardListSchema.parse(await jiraJson('/rest/agile/1.0/board?maxResults=50', accountId));
      return list.values.map((b) => ({
        id: b.id,
        name: b.name,
        type: b.type,
        projectId: b.location?.projectId === undefined ? null : String(b.location.projectId),
        projectKey: b.location?.projectKey ?? null,
      }));
    },
    sprints: async (boardId: string, accountId: string) => {
      if (!/^\d+$/.test(boardId)) throw new HttpError(400, 'board id must be a number');
      try {
        const list = sprintListSchema.parse(await jiraJson(`/rest/agile/1.0/board/${boardId}/sprint?maxResults=50`, accountId));
        return list.values.map((s) => ({ id: s.id, name: s.name, state: s.state }));
      } catch (e) {
        // Kanban boards have no sprints: Jira answers 400.
        if (e instanceof HttpError) return [];
        throw e;
      }
    },
    issue: async (key: string, accountId: string) => {
      if (!/^[A-Z][A-Z0-9_]*-\d+$/.test(key)) throw new HttpError(400, `"${key}" is not an issue key (e.g. OPS-113)`);
      const found = issueSearchSchema.parse(
        await jiraJson('/rest/api/3/search/jql', accountId, { method: 'POST', body: { jql: `key = ${key}`, fields: ['issuetype', 'project'], maxResults: 1 } }),
      ).issues[0];
      if (!found) throw new HttpError(404, `${key} does not exist or this user cannot browse it`);
      return found;
    },
  };

  async function projectRef(key: string, accountId: string): Promise<Json> {
    const project = (await directory.projects(accountId)).find((p) => p.key === key);
    if (!project) throw new HttpError(404, `no project ${key}`);
    return { id: project.id, key: project.key, type: project.type };
  }

  async function boardRef(boardId: string, accountId: string) {
    const board = (await directory.boards(accountId)).find((b) => String(b.id) === boardId);
    if (!board) throw new HttpError(404, `no board ${boardId} (or this user cannot see it)`);
    return board;
  }

  /** The module's `context.extension` as Jira builds it, from what the host page picked. */
  async function extensionFor(module: UiModule, request: z.infer<typeof frameRequestSchema>): Promise<Json> {
    const { accountId } = request;
    const extension: Json = { type: module.type };
    switch (module.contextKind) {
      case 'issue': {
        if (!request.issueKey) throw new HttpError(400, `${module.key} needs an issue key`);
        const issue = await directory.issue(request.issueKey.trim().toUpperCase(), accountId);
        extension['issue'] = { id: issue.id, key: issue.key, type: issue.fields.issuetype?.name, typeId: issue.fields.issuetype?.id };
        if (issue.fields.project) extension['project'] = { id: issue.fields.project.id, key: issue.fields.project.key, type: issue.fields.project.projectTypeKey ?? 'software' };
        return extension;
      }
      case 'sprint':
      case 'board': {
        if (!request.boardId) throw new HttpError(400, `${module.key} needs a board`);
        const board = await boardRef(request.boardId, accountId);
        extension['board'] = { id: board.id, type: board.type };
        if (board.projectKey) extension['project'] = await projectRef(board.projectKey, accountId).catch(() => ({ id: board.projectId, key: board.projectKey }));
        if (module.contextKind === 'sprint') {
          if (!request.sprintId) throw new HttpError(400, `${module.key} needs a sprint`);
          const sprint = (await directory.sprints(request.boardId, accountId)).find((s) => String(s.id) === request.sprintId);
          if (!sprint) throw new HttpError(404, `board ${board.id} has no sprint ${request.sprintId}`);
          extension['sprint'] = { id: sprint.id, state: sprint.state };
        }
        return extension;
      }
      case 'project': {
        if (!request.projectKey) throw new HttpError(400, `${module.key} needs a project`);
        extension['project'] = await projectRef(request.projectKey, accountId);
        if (module.optionalBoard && request.boardId) {
          const board = await boardRef(request.boardId, accountId);
          extension['board'] = { id: board.id, type: board.type };
        }
        return extension;
      }
      default:
        return extension;
    }
  }

  const frames = new Map<string, Frame>();
  /** The frame a bridge call is for, when it carries that frame's token: a frame id alone opens nothing. */
  const frameOf = (id: string, req: HostRequest): Frame => {
    const frame = frames.get(id);
    if (!frame) throw new HttpError(404, 'unknown frame: reload the host page');
    if (!sameToken(req.headers[FRAME_TOKEN_HEADER], frame.token)) throw new HttpError(403, `this frame's calls need its token (${FRAME_TOKEN_HEADER})`);
    return frame;
  };

  const contextOf = (frame: Frame): Json => ({
    accountId: frame.accountId,
    accountType: 'licensed',
    cloudId: forge.identity.cloudId,
    siteUrl: real?.site ?? forge.identity.siteUrl,
    environmentType: 'DEVELOPMENT',
    environmentId: forge.identity.environmentId,
    localId: `ari:cloud:ecosystem::extension/local/${frame.module.key}`,
    locale: 'en-GB',
    timezone: 'UTC',
    moduleKey: frame.module.key,
    extension: frame.extension,
  });

  async function serveSurface(res: HostResponse, resource: string, rest: string): Promise<void> {
    const module = manifest.modules.find((m) => m.resource === resource);
    if (!module) throw new HttpError(404, `manifest.yml has no Custom UI resource '${resource}'`);
    const base = normalize(join(root, module.resourcePath));
    const file = normalize(join(base, rest === '' ? 'index.html' : rest));
    if (file !== base && !file.startsWith(base + sep)) throw new HttpError(404, 'not found');
    if (!existsSync(file) || !statSync(file).isFile()) {
      throw new HttpError(404, rest === '' || rest === 'index.html' ? `${module.resourcePath}/index.html is missing: run npm run build` : 'not found');
    }
    let body: Buffer | string = readFileSync(file);
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    if (extname(file) === '.html') {
      // Before anything of the bundle: the host side of @forge/bridge, and the design tokens' theme CSS.
      const inject = '<link rel="stylesheet" href="/host/tokens.css"><script src="/host/bridge.js"></script>';
      const html = body.toString('utf8');
      body = /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (m) => m + inject) : inject + html;
    }
    res.writeHead(200, { 'content-type': type, 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
    res.end(body);
  }

  /**
   * A surface's requestJira (bridge `fetchProduct`), sent to the product as the frame's user with the surface's method,
   * headers and body. Jira's answer is passed on as it comes: status (401, 403, 404, 429 with Retry-After...) and
   * headers at once (writeProductHead), its body piped through unread, as the demo Jira's meter has already counted
   * its points; only an answer the meter did not count (a scripted fault, a real site) is read as text to count them.
   */
  async function fetchProduct(frame: Frame, body: unknown, res: HostResponse): Promise<void> {
    const call = productFetchSchema.safeParse(body);
    if (!call.success) throw new HttpError(400, `fetchProduct needs a product and a restPath: ${call.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    const { product, restPath, fetchRequestInit: init = {}, isMultipartFormData } = call.data;
    if (product !== 'jira') throw new HttpError(400, `the local host serves requestJira only, not request${product.charAt(0).toUpperCase()}${product.slice(1)}`);
    if (isMultipartFormData) throw new HttpError(400, 'the local host does not forward multipart bodies (attachments)');
    const target = productRestPath(restPath);
    const requestMethod = (init.method ?? 'GET').toUpperCase();
    if (!PRODUCT_METHODS.has(requestMethod)) throw new HttpError(400, `requestJira: unsupported method ${requestMethod}`);
    const who = users.find((u) => u.accountId === frame.accountId)?.displayName ?? frame.accountId;
    const pathOnly = target.split('?')[0] ?? target;
    const entry = { kind: 'frontend' as const, method: requestMethod, path: pathOnly, charged: false, moduleKey: frame.module.key, user: who };
    if (real && !isReadRequest(requestMethod, pathOnly)) {
      const reason = `read-only against ${real.site}`;
      record({ ...entry, status: 403, points: 0, refused: reason });
      options.log?.(`requestJira ${frame.module.key} ${requestMethod} ${pathOnly} as ${who}: refused, ${reason}`);
      writeProductHead(res, { status: 403, statusText: 'Forbidden', headers: { 'content-type': 'application/json;charset=UTF-8' }, isAttachment: false });
      res.end(JSON.stringify({ errorMessages: [`The local host only reads ${real.site}: ${requestMethod} ${pathOnly} was not sent.`], errors: {} }));
      return;
    }
    const headers: Record<string, string> = {};
    const given = Array.isArray(init.headers) ? init.headers : Object.entries(init.headers ?? {});
    for (const [name, value] of given) {
      const key = name.toLowerCase();
      if (!HOST_SET_REQUEST_HEADERS.has(key)) headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
    }
    headers['authorization'] = frontendAuthorizationFor(frame.accountId);
    const sentBody = requestMethod !== 'GET' && requestMethod !== 'HEAD' && typeof init.body === 'string' ? init.body : undefined;
    const started = Date.now();
    const answer = await forward(toProduct, `${jiraBase}${target}`, requestMethod, headers, sentBody);
    const answerHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !HOP_RESPONSE_HEADERS.has(name)) answerHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const status = answer.statusCode ?? 502;
    const textual = isTextual(answer.headers['content-type'] ?? null);
    // The demo Jira's meter counted the request as it decided the answer, before sending it.
    const requestId = answer.headers['x-arequestid'];
    const meterPoints = typeof requestId === 'string' ? counted.get(requestId) : undefined;
    if (typeof requestId === 'string') counted.delete(requestId);
    writeProductHead(res, { status, statusText: answer.statusMessage ?? '', headers: answerHeaders, isAttachment: !textual });
    const kept: Buffer[] = [];
    // Kept when the meter did not count it, to count its points from the text; an attachment, to send it as base64.
    if (!textual || meterPoints === undefined) answer.on('data', (chunk: Buffer) => kept.push(chunk));
    // Logged when Jira's answer has ended (what `ms` and the bench's reads_done_ms say), not when the frame has it all.
    answer.once('end', () => {
      const ms = Date.now() - started;
      const points = meterPoints ?? (textual ? pointsForText(requestMethod, pathOnly, status, Buffer.concat(kept).toString('utf8')) : 1);
      record({ ...entry, status, points, ms });
      options.log?.(`requestJira ${frame.module.key} ${requestMethod} ${pathOnly} as ${who}: ${status}, ${points} points if charged (frontend: not charged) (${ms} ms)`);
    });
    if (textual) {
      await pipeline(answer, res);
    } else {
      // As @forge/bridge takes an attachment: base64, which it turns back into a Blob of the answer's content type.
      await finished(answer);
      res.end(Buffer.concat(kept).toString('base64'));
    }
  }

  let surfacePort = 0;
  /** The surfaces' origin: what a Custom UI iframe may reach (connect-src 'self'), and nothing else of the host. */
  async function routeSurface(method: string, path: string, _url: URL, req: HostRequest, res: HostResponse): Promise<void> {
    if (method === 'GET' && path === '/host/bridge.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(bridgeJs);
      return;
    }
    if (method === 'GET' && path === '/host/tokens.css') {
      tokens ??= tokenCss();
      res.writeHead(200, { 'content-type': 'text/css; charset=utf-8' });
      res.end(tokens);
      return;
    }
    const surface = /^\/surfaces\/([^/]+)\/(.*)$/.exec(path);
    if (method === 'GET' && surface) return serveSurface(res, decodeURIComponent(surface[1] ?? ''), decodeURIComponent(surface[2] ?? ''));
    const frameCall = /^\/api\/frames\/([^/]+)\/(context|invoke|fetch)$/.exec(path);
    if (frameCall) {
      const frame = frameOf(frameCall[1] ?? '', req);
      const action = frameCall[2];
      if (action === 'context' && (method === 'GET' || method === 'POST')) return sendJson(res, 200, contextOf(frame));
      if (action === 'fetch' && method === 'POST') return fetchProduct(frame, await readBody(req, PRODUCT_BODY_LIMIT, 'a requestJira body may be at most 2 MB here'), res);
      if (action === 'invoke' && method === 'POST') {
        const call = invokeSchema.safeParse(await readBody(req));
        if (!call.success) throw new HttpError(400, 'invoke needs a functionKey');
        const { functionKey, payload } = call.data;
        if (!frame.module.resolverFunction) throw new HttpError(400, `${frame.module.key} declares no resolver`);
        if (real && isWriteKey(functionKey)) {
          options.log?.(`refused ${frame.module.key} ${functionKey}: read-only against ${real.site}`);
          return sendJson(res, 200, {
            refused: true,
            value: { ok: false, error: { code: 'FORBIDDEN', message: `The local host only reads ${real.site}: '${functionKey}' would write, so it was not run.` } },
          });
        }
        const started = Date.now();
        const who = users.find((u) => u.accountId === frame.accountId)?.displayName ?? frame.accountId;
        try {
          // The context is the frame's, fixed when the host page opened it: the payload cannot change issue or user.
          const value = await resolve(frame.module.resolverFunction, functionKey, payload ?? {}, frame.accountId, frame.module, frame.extension);
          const outcome = z.looseObject({ ok: z.boolean(), error: z.looseObject({ code: z.string() }).optional() }).safeParse(value).data;
          options.log?.(`invoke ${frame.module.key} ${functionKey} as ${who}: ${outcome ? (outcome.ok ? 'ok' : (outcome.error?.code ?? 'error')) : 'answered'} (${Date.now() - started} ms)`);
          return sendJson(res, 200, { value: value ?? null });
        } catch (e) {
          options.log?.(`invoke ${frame.module.key} ${functionKey} as ${who}: threw ${e instanceof Error ? e.message : String(e)}`);
          return sendJson(res, 500, { message: e instanceof Error ? e.message : String(e) });
        }
      }
    }
    throw new HttpError(404, 'not found');
  }

  /** Host names the host answers to (with their port), and so the origins its pages and surfaces have. */
  let pageHosts: ReadonlySet<string> = new Set();
  let hostPort = 0;
  const scheme = options.tls ? 'https' : 'http';
  const originsOf = (port: number): Set<string> => new Set([...pageHosts].map((h) => `${scheme}://${h}:${port}`));

  /** Refuses what did not come from the host's own pages: another Host (DNS rebinding), another site's Origin. */
  function checkCaller(side: 'host' | 'surface', req: HostRequest): void {
    const port = side === 'host' ? hostPort : surfacePort;
    const name = hostNameOf(req);
    if (!pageHosts.has(name) || authorityOf(req) !== `${name}:${port}`) throw new HttpError(403, `the local host answers only to ${[...originsOf(port)].join(', ')}`);
    const origin = req.headers.origin;
    // Browsers send Origin with every POST and every cross-origin request; a page of the host's own sends its own.
    if (origin !== undefined && !originsOf(port).has(origin)) throw new HttpError(403, `requests from ${origin} are not accepted`);
  }

  async function route(side: 'host' | 'surface', req: HostRequest, res: HostResponse): Promise<void> {
    checkCaller(side, req);
    const url = new URL(req.url ?? '/', 'http://host.local');
    const path = url.pathname;
    // HEAD answers as GET without a body (node's http drops it).
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    if (side === 'surface') return routeSurface(method, path, url, req, res);
    if (method === 'GET' && (path === '/' || path === '/index.html')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(pageHtml);
      return;
    }
    if (method === 'GET' && path === '/host/host-page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(pageJs);
      return;
    }
    if (method === 'GET' && path === '/api/state') {
      return sendJson(res, 200, {
        mode: real ? 'jira' : 'demo',
        // The surfaces' origin, on the host name the page was opened with.
        surfaceOrigin: `${scheme}://${hostNameOf(req)}:${surfacePort}`,
        site: real?.site ?? jiraBase,
        readOnly: Boolean(real),
        users,
        themeAttribute: THEME_ATTR,
        modules: manifest.modules.map((m) => ({
          key: m.key,
          type: m.type,
          title: m.title,
          resource: m.resource,
          contextKind: m.contextKind,
          optionalBoard: m.optionalBoard,
          hasLozenge: m.dynamicPropertiesFunction !== null,
          built: existsSync(join(root, m.resourcePath, 'index.html')),
        })),
      });
    }
    const userOf = (id: string | null): string => {
      const user = users.find((u) => u.accountId === id);
      if (!user) throw new HttpError(400, 'pick one of the host users');
      return user.accountId;
    };
    if (method === 'GET' && path === '/api/bridge-log') {
      const after = Number(url.searchParams.get('after') ?? '0');
      return sendJson(res, 200, { entries: bridgeLog.filter((e) => e.seq > (Number.isFinite(after) ? after : 0)) });
    }
    if (method === 'GET' && path === '/api/projects') return sendJson(res, 200, await directory.projects(userOf(url.searchParams.get('as'))));
    if (method === 'GET' && path === '/api/boards') return sendJson(res, 200, await directory.boards(userOf(url.searchParams.get('as'))));
    const sprints = /^\/api\/boards\/([^/]+)\/sprints$/.exec(path);
    if (method === 'GET' && sprints) return sendJson(res, 200, await directory.sprints(sprints[1] ?? '', userOf(url.searchParams.get('as'))));
    if (method === 'POST' && path === '/api/frames') {
      const parsed = frameRequestSchema.safeParse(await readBody(req));
      if (!parsed.success) throw new HttpError(400, `bad frame request: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
      const module = manifest.modules.find((m) => m.key === parsed.data.moduleKey);
      if (!module) throw new HttpError(404, `manifest.yml has no Custom UI module '${parsed.data.moduleKey}'`);
      const accountId = userOf(parsed.data.accountId);
      const extension = await extensionFor(module, parsed.data);
      const frame: Frame = { id: randomUUID(), token: randomBytes(32).toString('base64url'), module, accountId, extension };
      frames.set(frame.id, frame);
      // Old frames go: a long session must not grow without bound.
      if (frames.size > 500) frames.delete(frames.keys().next().value ?? '');
      // The token rides in the fragment, which the browser never sends: not in a request line, a log or a Referer.
      return sendJson(res, 200, {
        frameId: frame.id,
        token: frame.token,
        src: `/surfaces/${encodeURIComponent(module.resource)}/index.html?frame=${frame.id}`,
        context: contextOf(frame),
      });
    }
    const frameCall = /^\/api\/frames\/([^/]+)\/(lozenge)$/.exec(path);
    if (frameCall) {
      const frame = frameOf(frameCall[1] ?? '', req);
      const action = frameCall[2];
      if (action === 'lozenge' && method === 'POST') {
        const fnKey = frame.module.dynamicPropertiesFunction;
        if (!fnKey) throw new HttpError(404, `${frame.module.key} has no dynamicProperties`);
        const handler = handlerNamed(manifest.handlers.get(fnKey) ?? '');
        if (typeof handler !== 'function') throw new Error(`manifest.yml's function '${fnKey}' names no export of src/index.ts`);
        const value = await forge.invoke(handler as (e: unknown) => unknown, { ...contextOf(frame), extension: frame.extension }, {
          kind: 'resolver',
          principal: { accountId: frame.accountId },
          functionKey: fnKey,
          moduleKey: frame.module.key,
        });
        return sendJson(res, 200, { value: value ?? null });
      }
    }
    throw new HttpError(404, 'not found');
  }

  const serve = (side: 'host' | 'surface') => (req: HostRequest, res: HostResponse) => {
    route(side, req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      if (!res.headersSent) sendJson(res, status, { message: e instanceof Error ? e.message : String(e) });
      else res.end();
    });
  };
  const hostname = options.hostname ?? '127.0.0.1';
  const wildcard = hostname === '0.0.0.0' || hostname === '::';
  const certificate = options.tls ? selfSignedCertificate(['localhost', '127.0.0.1', ...(wildcard ? [] : [hostname])]) : null;
  let hostServer: Listening | null = null;
  let surfaceServer: Listening;
  try {
    hostServer = await listen(serve('host'), options.port ?? 4100, hostname, certificate);
    hostPort = hostServer.port;
    surfaceServer = await listen(serve('surface'), options.surfacePort ?? 0, hostname, certificate);
    surfacePort = surfaceServer.port;
  } catch (e) {
    stopWatching();
    toProduct.destroy();
    await hostServer?.close();
    if (appHost) await appHost.close();
    else forge.dispose();
    await proxy?.close();
    throw e;
  }
  const port = hostPort;
  const servers = [hostServer, surfaceServer];
  pageHosts = new Set(['localhost', '127.0.0.1', wildcard ? 'localhost' : hostname.includes(':') ? `[${hostname}]` : hostname]);
  csp = customUiCsp(manifest, [...originsOf(port)]);
  const shown = wildcard ? 'localhost' : hostname;
  return {
    url: `${scheme}://${shown}:${port}`,
    surfaceUrl: `${scheme}://${shown}:${surfacePort}`,
    certificate: certificate?.cert ?? null,
    jiraUrl: real?.site ?? jiraBase,
    mode: real ? 'jira' : 'demo',
    users,
    appHost,
    bridgeLog: () => [...bridgeLog],
    close: async () => {
      stopWatching();
      toProduct.destroy();
      await Promise.all(servers.map((server) => server.close()));
      if (appHost) await appHost.close();
      else forge.dispose();
      await proxy?.close();
    },
  };
}
