import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalHost } from '../../../dev/host';
import { FRAME_TOKEN_HEADER, PRODUCT_ANSWER_HEADER, type BridgeLogEntry } from '../../../dev/host/local-host';
import { ADMIN_ACCOUNT_ID, DEV_ACCOUNT_ID } from '../../../dev/jira/site-model';
import { hostWorld } from './host-world';

/**
 * A surface's @forge/bridge requestJira through the local host (the bridge's `fetchProduct`, answered by the frame's
 * fetch endpoint): as the user the host page chose for the frame, with Jira's own answers, kept apart from the app's
 * quota on the server's points meter and in the bridge log.
 */

const world = hostWorld();
const start = world.start;

interface OpenFrame {
  frameId: string;
  token: string;
}

async function openFrame(h: LocalHost, body: Record<string, unknown>): Promise<OpenFrame> {
  const r = await fetch(`${h.url}/api/frames`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await r.json()) as { frameId: string; token: string; message?: string };
  if (r.status !== 200) throw new Error(`the host did not open the frame: ${json.message}`);
  return json;
}

const panel = (h: LocalHost, accountId: string) => openFrame(h, { moduleKey: 'ktlo-issue-panel', accountId, issueKey: 'OPS-113' });

interface ProductAnswer {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
  isAttachment: boolean;
}

/**
 * What bridge.js sends for `requestJira(restPath, init)` (@forge/bridge's fetchProduct payload), and what it reads back:
 * the product's answer (its body as the host's body, the rest in PRODUCT_ANSWER_HEADER), or the host's own refusal
 * of the call (`{ message }`, no such header).
 */
async function requestJira(
  h: LocalHost,
  frame: OpenFrame,
  restPath: string,
  init: { method?: string; body?: string; headers?: [string, string][] } = {},
  token: string | null = frame.token,
): Promise<ProductAnswer> {
  const r = await fetch(`${h.surfaceUrl}/api/frames/${frame.frameId}/fetch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { [FRAME_TOKEN_HEADER]: token }) },
    body: JSON.stringify({
      product: 'jira',
      restPath,
      fetchRequestInit: { method: init.method ?? 'GET', body: init.body ?? null, headers: [['accept', 'application/json'], ['x-atlassian-token', 'no-check'], ...(init.headers ?? [])] },
      isMultipartFormData: false,
    }),
  });
  const head = r.headers.get(PRODUCT_ANSWER_HEADER);
  if (head === null) throw new HostRefusal(r.status, ((await r.json()) as { message: string }).message);
  // Whatever the product answered, the host's own answer to the call is 200.
  expect(r.status).toBe(200);
  return { ...(JSON.parse(head) as Omit<ProductAnswer, 'body'>), body: await r.text() };
}

class HostRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const search = (h: LocalHost, frame: OpenFrame, jql: string) =>
  requestJira(h, frame, '/rest/api/3/search/jql', {
    method: 'POST',
    body: JSON.stringify({ jql, fields: ['summary'], maxResults: 5000 }),
    headers: [['content-type', 'application/json']],
  });
const keysOf = (body: string) => (JSON.parse(body) as { issues: { key: string }[] }).issues.map((i) => i.key);

test('a frame reads Jira as its user: Dan cannot see SEC, Ana can', async () => {
  const h = await start();
  const dan = await panel(h, DEV_ACCOUNT_ID);
  const ana = await panel(h, ADMIN_ACCOUNT_ID);
  const asDan = await search(h, dan, 'created >= "2000-01-01" ORDER BY created DESC');
  expect(asDan.status).toBe(200);
  expect(keysOf(asDan.body).length).toBeGreaterThan(0);
  expect(keysOf(asDan.body).filter((k) => k.startsWith('SEC-'))).toEqual([]);
  // Naming the project he cannot browse: Jira's 400, as if it did not exist.
  const named = await search(h, dan, 'project = SEC');
  expect(named.status).toBe(400);
  expect(named.body).not.toMatch(/SEC-\d/);
  const seen = keysOf((await search(h, ana, 'project = SEC')).body);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every((k) => k.startsWith('SEC-'))).toBe(true);
  const secKey = seen[0] ?? '';
  // One SEC issue by key: Jira answers 404 to Dan, as to anyone who may not browse it.
  const oneAsDan = await requestJira(h, dan, `/rest/api/3/issue/${secKey}?fields=summary`);
  expect(oneAsDan.status).toBe(404);
  expect(JSON.parse(oneAsDan.body)).toMatchObject({ errorMessages: [expect.any(String)] });
  expect((await requestJira(h, ana, `/rest/api/3/issue/${secKey}?fields=summary`))).toMatchObject({ status: 200, headers: { 'content-type': expect.stringContaining('application/json') } });
  // Reached Jira as each frame's user, whatever headers the surface set.
  const forged = await requestJira(h, dan, `/rest/api/3/issue/${secKey}`, { headers: [['authorization', h.appHost?.jira.authorizationFor(ADMIN_ACCOUNT_ID) ?? '']] });
  expect(forged.status).toBe(404);
  const who = h.appHost?.jira.requests.matching({ path: `/rest/api/3/issue/${secKey}` }).map((r) => r.accountId);
  expect(who).toEqual([DEV_ACCOUNT_ID, ADMIN_ACCOUNT_ID, DEV_ACCOUNT_ID]);
});

test('a call without its frame\'s token, or with another frame\'s, is refused before Jira is asked', async () => {
  const h = await start();
  const dan = await panel(h, DEV_ACCOUNT_ID);
  const ana = await panel(h, ADMIN_ACCOUNT_ID);
  const before = h.appHost?.jira.requests.entries.length;
  const issue = '/rest/api/3/issue/OPS-113?fields=summary';
  await expect(requestJira(h, ana, issue, {}, null)).rejects.toMatchObject({ status: 403 });
  await expect(requestJira(h, ana, issue, {}, dan.token)).rejects.toMatchObject({ status: 403 });
  await expect(requestJira(h, ana, issue, {}, 'x'.repeat(43))).rejects.toMatchObject({ status: 403 });
  expect(h.appHost?.jira.requests.entries.length).toBe(before);
  // Only the product's REST API, on the product itself.
  for (const path of ['/secure/admin', '/rest/../secure/admin', '/rest/%2e%2e/secure', 'http://elsewhere.test/rest/api/3/issue/OPS-1', '//elsewhere.test/rest/api/3/issue/OPS-1']) {
    await expect(requestJira(h, ana, path)).rejects.toMatchObject({ status: 400, message: expect.stringContaining('/rest/') });
  }
  expect(h.appHost?.jira.requests.entries.length).toBe(before);
  const own = await requestJira(h, ana, issue);
  expect(own.status).toBe(200);
  expect(JSON.parse(own.body)).toMatchObject({ key: 'OPS-113' });
  expect(h.appHost?.jira.requests.entries.slice(-1).map((r) => r.accountId)).toEqual([ADMIN_ACCOUNT_ID]);
});

test('the meter charges the app\'s own requests and not its frontend ones, and counts what both cost; the bridge log keeps them apart', async () => {
  const h = await start();
  const meter = h.appHost?.jira.points;
  const appId = h.appHost?.forge.identity.appId ?? '';
  if (!meter) throw new Error('a demo host has a Jira server');
  const ana = await panel(h, ADMIN_ACCOUNT_ID);
  const charged0 = meter.usageOf(appId).used;
  // The surface reads 50 issues itself: 1 + 50 points, were it charged.
  const search = await requestJira(h, ana, '/rest/api/3/search/jql', {
    method: 'POST',
    body: JSON.stringify({ jql: 'project = OPS ORDER BY key', fields: ['summary'], maxResults: 50 }),
    headers: [['content-type', 'application/json']],
  });
  expect((JSON.parse(search.body) as { issues: unknown[] }).issues).toHaveLength(50);
  // Frontend answers carry no quota headers: the call is not on the app's quota.
  expect(Object.keys(search.headers).filter((k) => /ratelimit/i.test(k))).toEqual([]);
  expect(meter.usageOf(appId).used).toBe(charged0);
  expect(meter.frontendPointsOf(appId)).toBe(51);
  // The app's own resolver reads Jira: that is charged.
  const r = await fetch(`${h.surfaceUrl}/api/frames/${ana.frameId}/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [FRAME_TOKEN_HEADER]: ana.token },
    body: JSON.stringify({ functionKey: 'issue/load', payload: {} }),
  });
  expect(((await r.json()) as { value: { ok: boolean } }).value.ok).toBe(true);
  const charged = meter.usageOf(appId).used - charged0;
  expect(charged).toBeGreaterThan(0);
  expect(meter.frontendPointsOf(appId)).toBe(51);

  const log = (await (await fetch(`${h.url}/api/bridge-log`)).json()) as { entries: BridgeLogEntry[] };
  const frontend = log.entries.filter((e) => e.kind === 'frontend');
  expect(frontend).toEqual([expect.objectContaining({ method: 'POST', path: '/rest/api/3/search/jql', status: 200, points: 51, charged: false, moduleKey: 'ktlo-issue-panel', user: 'Ana Admin' })]);
  const app = log.entries.filter((e) => e.kind === 'app');
  expect(app.length).toBeGreaterThan(0);
  expect(app.every((e) => e.charged)).toBe(true);
  expect(app.reduce((n, e) => n + e.points, 0)).toBe(charged);
  // Only what came after a line the page has already shown.
  const last = log.entries[log.entries.length - 1]?.seq ?? 0;
  expect(((await (await fetch(`${h.url}/api/bridge-log?after=${last}`)).json()) as { entries: unknown[] }).entries).toEqual([]);
  // The host page's origin only: a surface cannot read the log.
  expect((await fetch(`${h.surfaceUrl}/api/bridge-log`)).status).toBe(404);
});

test('a frontend request is not refused when the app\'s hourly quota is spent, and the app\'s own requests are', async () => {
  const h = await start();
  const meter = h.appHost?.jira.points;
  const appId = h.appHost?.forge.identity.appId ?? '';
  if (!meter) throw new Error('a demo host has a Jira server');
  meter.spendElsewhere(appId, meter.remaining(appId));
  const ana = await panel(h, ADMIN_ACCOUNT_ID);
  expect((await requestJira(h, ana, '/rest/api/3/issue/OPS-113?fields=summary')).status).toBe(200);
  const r = await fetch(`${h.surfaceUrl}/api/frames/${ana.frameId}/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [FRAME_TOKEN_HEADER]: ana.token },
    body: JSON.stringify({ functionKey: 'issue/load', payload: {} }),
  });
  expect(((await r.json()) as { value: { ok: boolean; error?: { code: string } } }).value).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  expect(meter.usageOf(appId).refused).toBeGreaterThan(0);
});

test('Jira\'s failures reach the surface as they are: 429 with Retry-After, 405, 503, a cut body; no answer is the host\'s error', async () => {
  const h = await start();
  const ana = await panel(h, ADMIN_ACCOUNT_ID);
  h.appHost?.jira.faults.inject({ path: '/rest/api/3/search/jql' }, { kind: 'rate-limit', retryAfterSeconds: 7 });
  const limited = await requestJira(h, ana, '/rest/api/3/search/jql', { method: 'POST', body: '{"jql":"project = OPS"}', headers: [['content-type', 'application/json']] });
  expect(limited).toMatchObject({ status: 429, headers: { 'retry-after': '7' } });
  expect(JSON.parse(limited.body)).toMatchObject({ errorMessages: ['Rate limit exceeded.'] });
  expect((await requestJira(h, ana, '/rest/api/3/search/jql', { method: 'DELETE' })).status).toBe(405);
  const issue = '/rest/api/3/issue/OPS-113?fields=summary';
  h.appHost?.jira.faults.inject({ path: '/rest/api/3/issue/OPS-113' }, { kind: 'status', status: 503 });
  expect(await requestJira(h, ana, issue)).toMatchObject({ status: 503, statusText: 'Service Unavailable' });
  // A cut body is passed on as cut: the surface's own parse fails, as it would on Jira's.
  h.appHost?.jira.faults.inject({ path: '/rest/api/3/issue/OPS-113' }, { kind: 'malformed' });
  const malformed = await requestJira(h, ana, issue);
  expect(malformed.status).toBe(200);
  expect(malformed.body).toBe('{"issues":[{"id":"10001","key":"OPS-1","fields":{"summary":');
  // No answer at all is the host's own failure to answer the call, as a network error would be in Jira's page.
  h.appHost?.jira.faults.inject({ path: '/rest/api/3/issue/OPS-113' }, { kind: 'drop' });
  await expect(requestJira(h, ana, issue)).rejects.toMatchObject({ status: 500, message: expect.any(String) });
  const log = h.bridgeLog().filter((e) => e.kind === 'frontend');
  expect(log.map((e) => e.status)).toEqual([429, 405, 503, 200]);
});

test('against a real site a frame\'s writes are refused and its reads go through the read-only proxy', async () => {
  const jira = await world.jira();
  const email = jira.site.users.get(ADMIN_ACCOUNT_ID)?.emailAddress ?? '';
  const h = await start({ realSite: { site: jira.url, email, apiToken: 'token', accountId: ADMIN_ACCOUNT_ID, displayName: 'Ana Admin' } });
  const frame = await panel(h, ADMIN_ACCOUNT_ID);
  const before = jira.requests.entries.length;
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
    const write = await requestJira(h, frame, '/rest/api/3/issue/OPS-113', { method, body: '{"fields":{"summary":"changed"}}', headers: [['content-type', 'application/json']] });
    expect(write.status).toBe(403);
    expect(JSON.parse(write.body)).toMatchObject({ errorMessages: [expect.stringContaining('only reads')] });
  }
  expect(jira.requests.entries.length).toBe(before);
  // A read, and a read sent as POST (a JQL search), go to the site as the token's owner.
  expect((await requestJira(h, frame, '/rest/api/3/issue/OPS-113?fields=summary')).status).toBe(200);
  const search = await requestJira(h, frame, '/rest/api/3/search/jql', { method: 'POST', body: '{"jql":"key = OPS-113","fields":["summary"]}', headers: [['content-type', 'application/json']] });
  expect(JSON.parse(search.body)).toMatchObject({ issues: [expect.objectContaining({ key: 'OPS-113' })] });
  expect(jira.requests.entries.slice(before).map((r) => [r.method, r.path, r.accountId])).toEqual([
    ['GET', '/rest/api/3/issue/OPS-113', ADMIN_ACCOUNT_ID],
    ['POST', '/rest/api/3/search/jql', ADMIN_ACCOUNT_ID],
  ]);
  const ops113 = [...jira.site.issues.values()].find((i) => i.key === 'OPS-113');
  expect(ops113?.summary).toEqual(expect.any(String));
  expect(ops113?.summary).not.toBe('changed');
  const log = h.bridgeLog();
  expect(log.filter((e) => e.refused).map((e) => e.method)).toEqual(['POST', 'PUT', 'DELETE', 'PATCH']);
  expect(log.filter((e) => e.kind === 'frontend' && !e.refused).map((e) => [e.path, e.points])).toEqual([
    ['/rest/api/3/issue/OPS-113', 2],
    ['/rest/api/3/search/jql', 2],
  ]);
});

test('a binary answer reaches the frame as @forge/bridge takes an attachment: base64 of its bytes, with its content type', async () => {
  const jira = await world.jira();
  // A site that answers an attachment's content itself, and passes every other request to the Jira server.
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x80, 0x7f, 0xc3, 0x28]);
  const site = createServer((req, res) => {
    if (req.url === '/rest/api/3/attachment/content/10001') {
      res.writeHead(200, { 'content-type': 'image/png' }).end(png);
      return;
    }
    req.pipe(
      httpRequest(`${jira.url}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      }),
    );
  });
  await new Promise<void>((listening) => site.listen(0, '127.0.0.1', listening));
  try {
    const email = jira.site.users.get(ADMIN_ACCOUNT_ID)?.emailAddress ?? '';
    const h = await start({ realSite: { site: `http://127.0.0.1:${(site.address() as AddressInfo).port}`, email, apiToken: 'token', accountId: ADMIN_ACCOUNT_ID, displayName: 'Ana Admin' } });
    const frame = await panel(h, ADMIN_ACCOUNT_ID);
    const content = await requestJira(h, frame, '/rest/api/3/attachment/content/10001');
    expect(content).toMatchObject({ status: 200, isAttachment: true, headers: { 'content-type': 'image/png' } });
    expect(Buffer.from(content.body, 'base64').equals(png)).toBe(true);
    expect(h.bridgeLog().filter((e) => e.kind === 'frontend').map((e) => [e.path, e.status, e.points])).toEqual([['/rest/api/3/attachment/content/10001', 200, 1]]);
  } finally {
    site.closeAllConnections();
    await new Promise((closed) => site.close(closed));
  }
});
