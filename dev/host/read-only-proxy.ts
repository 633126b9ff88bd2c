import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pointsForText, type RequestOrigin } from '../jira/points-meter';

/**
 * What the local Forge runtime talks to when the host reads a real Jira site: a proxy on 127.0.0.1 that forwards
 * reads (GET, and the POST endpoints that only read) with the API token, and refuses everything else with 403. So the
 * real site stays untouched whatever a resolver tries (the custom field write, a property, a comment). The proxy adds
 * the API token, so only the process that started it may use it: a caller must send `callerAuthorization`, a secret
 * made for this proxy alone, which the token replaces. Any other local program or web page gets 401 and reaches nothing.
 * The app's functions and its surfaces' requestJira calls use two such secrets, so each forwarded request can be
 * reported as the app's quota-charged call or as a frontend one (the local host's bridge log).
 */

const READ_ONLY_POSTS = [/^\/rest\/api\/3\/search\/jql$/, /^\/rest\/api\/3\/changelog\/bulkfetch$/, /^\/rest\/api\/3\/issue\/bulkfetch$/, /^\/rest\/api\/3\/jql\/parse$/];

/** A request the proxy forwarded, with what it costs by Jira's points rules. */
export interface ForwardedRequest {
  origin: RequestOrigin;
  method: string;
  path: string;
  status: number;
  points: number;
}

/** The answer headers that tell the caller about rate limits and the points quota: they reach it unchanged. */
const QUOTA_HEADERS = [
  'retry-after',
  'x-ratelimit-reset',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-nearlimit',
  'x-beta-ratelimit-nearlimit',
  'ratelimit',
  'ratelimit-policy',
  'ratelimit-reason',
  'beta-ratelimit',
  'beta-ratelimit-policy',
];

export interface ReadOnlyProxy {
  url: string;
  /** The Authorization header value the proxy's own process sends; the API token never leaves the proxy. */
  callerAuthorization: string;
  /** The same for the surfaces' requestJira calls the host forwards. */
  frontendAuthorization: string;
  /** Requests refused, for the report and the tests. */
  refused: string[];
  close(): Promise<void>;
}

export function isReadRequest(method: string, path: string): boolean {
  if (method === 'GET' || method === 'HEAD') return true;
  return method === 'POST' && READ_ONLY_POSTS.some((p) => p.test(path));
}

function isCaller(header: string | undefined, expected: Buffer): boolean {
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const secret = (): string => `Bearer ${randomBytes(32).toString('base64url')}`;

/** `report`, when given, hears of every forwarded request (not of refused ones). */
export async function startReadOnlyProxy(site: string, authorization: string, report?: (request: ForwardedRequest) => void): Promise<ReadOnlyProxy> {
  const refused: string[] = [];
  const callerAuthorization = secret();
  const frontendAuthorization = secret();
  const callers: { origin: RequestOrigin; secret: Buffer }[] = [
    { origin: 'backend', secret: Buffer.from(callerAuthorization) },
    { origin: 'frontend', secret: Buffer.from(frontendAuthorization) },
  ];
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const pathAndQuery = req.url ?? '/';
    const path = pathAndQuery.split('?')[0] ?? '/';
    const origin = callers.find((c) => isCaller(req.headers.authorization, c.secret))?.origin;
    if (!origin) {
      refused.push(`${method} ${path} (not the host's own caller)`);
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errorMessages: ['This proxy serves only the local host that started it.'], errors: {} }));
      return;
    }
    if (!isReadRequest(method, path)) {
      refused.push(`${method} ${path}`);
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errorMessages: [`The local host is read-only: ${method} ${path} was not sent to the Jira site.`], errors: {} }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = { authorization, accept: req.headers.accept ?? 'application/json' };
    if (req.headers['content-type']) headers['content-type'] = req.headers['content-type'];
    const answer = await fetch(site + pathAndQuery, { method, headers, ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}) });
    const out: Record<string, string> = { 'content-type': answer.headers.get('content-type') ?? 'application/json' };
    for (const h of QUOTA_HEADERS) {
      const v = answer.headers.get(h);
      if (v !== null) out[h] = v;
    }
    const body = Buffer.from(await answer.arrayBuffer());
    res.writeHead(answer.status, out);
    res.end(body);
    report?.({ origin, method, path, status: answer.status, points: pointsForText(method, path, answer.status, body.toString('utf8')) });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errorMessages: [`local proxy: ${e instanceof Error ? e.message : String(e)}`] }));
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    callerAuthorization,
    frontendAuthorization,
    refused,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
