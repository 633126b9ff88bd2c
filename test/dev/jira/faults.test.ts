import { startJiraServer, type JiraServer } from '../../../dev/jira/server';
import { ADMIN_ACCOUNT_ID, DEV_ACCOUNT_ID } from '../../../dev/jira/site';
import { call, errorMessages } from './support';

/** Faults injected per test on the running server, and the request log tests count calls with. */

let server: JiraServer;

beforeAll(async () => {
  server = await startJiraServer();
});

afterEach(() => {
  server.faults.reset();
  server.requests.clear();
});

afterAll(() => server.close());

const SEARCH = '/rest/api/3/search/jql';
// One issue and no next page: a page token carries its expiry, so two answers of a longer list differ byte for byte.
const ONE_ISSUE = { jql: 'key = OPS-113', maxResults: 1 };
const searchOnce = () => call(server, ADMIN_ACCOUNT_ID, 'POST', SEARCH, ONE_ISSUE);

describe('scripted faults', () => {
  it('429 with Retry-After, then the normal answer', async () => {
    server.faults.inject({ method: 'POST', path: SEARCH }, { kind: 'rate-limit', retryAfterSeconds: 2 });
    const limited = await searchOnce();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.headers.get('x-ratelimit-reset')).toBeNull();
    expect(errorMessages(limited)).toEqual(['Rate limit exceeded.']);
    expect((await searchOnce()).status).toBe(200);
  });

  it('429 with only X-RateLimit-Reset', async () => {
    server.faults.inject({ path: SEARCH }, { kind: 'rate-limit-reset', resetInSeconds: 3 });
    const before = Date.now();
    const limited = await searchOnce();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
    const reset = Date.parse(limited.headers.get('x-ratelimit-reset') ?? '');
    expect(reset - before).toBeGreaterThanOrEqual(2500);
    expect(reset - before).toBeLessThanOrEqual(4000);
  });

  it.each([500, 503] as const)('%i', async (status) => {
    server.faults.inject({ path: '/rest/' }, { kind: 'status', status });
    const reply = await searchOnce();
    expect(reply.status).toBe(status);
    expect(errorMessages(reply)).toHaveLength(1);
  });

  it('a dropped connection', async () => {
    server.faults.inject({ path: SEARCH }, { kind: 'drop' });
    await expect(searchOnce()).rejects.toThrow();
    expect(server.requests.entries.map((r) => r.status)).toEqual([0]);
    expect((await searchOnce()).status).toBe(200);
  });

  it('a malformed JSON body with 200', async () => {
    server.faults.inject({ path: SEARCH }, { kind: 'malformed' });
    const reply = await fetch(`${server.url}${SEARCH}?jql=project%3DOPS`, { headers: { authorization: server.authorizationFor(ADMIN_ACCOUNT_ID) } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await reply.text();
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('a stalled body: the answer\'s headers and half its body, then nothing until the client gives up', async () => {
    const whole = (await searchOnce()).text;
    server.faults.inject({ path: SEARCH }, { kind: 'stalled-body' });
    const controller = new AbortController();
    const reply = await fetch(`${server.url}${SEARCH}`, {
      method: 'POST',
      headers: { authorization: server.authorizationFor(ADMIN_ACCOUNT_ID), 'content-type': 'application/json' },
      body: JSON.stringify(ONE_ISSUE),
      signal: controller.signal,
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-length')).toBe(String(Buffer.byteLength(whole)));
    const reader = reply.body?.getReader();
    if (!reader) throw new Error('no body');
    const first = await reader.read();
    expect(Buffer.from(first.value ?? []).toString('utf8')).toBe(whole.slice(0, Math.floor(whole.length / 2)));
    const more = await Promise.race([reader.read().then(() => 'more'), new Promise((resolve) => setTimeout(() => resolve('silence'), 500))]);
    expect(more).toBe('silence');
    controller.abort();
    expect(server.requests.entries.map((r) => r.status)).toEqual([200, 200]);
    expect((await searchOnce()).text).toBe(whole);
  });

  it('a trickling body: the whole answer, a few bytes at a time', async () => {
    const whole = (await searchOnce()).text;
    server.faults.inject({ path: SEARCH }, { kind: 'trickling-body', chunkBytes: Math.ceil(whole.length / 5), intervalMs: 100 });
    const started = Date.now();
    const reply = await searchOnce();
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(whole);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(() => server.faults.inject({ path: SEARCH }, { kind: 'trickling-body', chunkBytes: 0, intervalMs: 100 })).toThrow(/chunkBytes/);
  });

  it('match by method and path prefix, in the order injected, a given number of times', async () => {
    server.faults.inject({ method: 'POST', path: SEARCH }, { kind: 'status', status: 503 }, 2);
    server.faults.inject({ path: SEARCH }, { kind: 'rate-limit', retryAfterSeconds: 1 });
    expect(server.faults.pending()).toBe(3);
    // A GET elsewhere is untouched.
    expect((await call(server, ADMIN_ACCOUNT_ID, 'GET', '/rest/api/3/field')).status).toBe(200);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await searchOnce()).status);
    expect(statuses).toEqual([503, 503, 429, 200]);
    expect(server.faults.pending()).toBe(0);
  });

  it('reset() drops what is still queued', async () => {
    server.faults.inject({ path: '/' }, { kind: 'status', status: 500 }, 5);
    server.faults.latencyMs = 50;
    server.faults.reset();
    expect(server.faults.pending()).toBe(0);
    expect(server.faults.latencyMs).toBe(0);
    expect((await searchOnce()).status).toBe(200);
  });

  it('rejects a non-positive count', () => {
    expect(() => server.faults.inject({ path: '/' }, { kind: 'drop' }, 0)).toThrow();
  });
});

describe('latency', () => {
  it('delays every request', async () => {
    server.faults.latencyMs = 150;
    const started = Date.now();
    await Promise.all([searchOnce(), searchOnce()]);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(140);
    // Concurrent requests wait in parallel, as they would on a slow network.
    expect(elapsed).toBeLessThan(290);
  });
});

describe('the request log', () => {
  it('records method, path, query, caller and status of every request', async () => {
    await call(server, DEV_ACCOUNT_ID, 'GET', '/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS&projectKey=OPS');
    await call(server, null, 'GET', '/rest/api/3/field');
    server.faults.inject({ path: SEARCH }, { kind: 'rate-limit', retryAfterSeconds: 1 });
    await searchOnce();
    await searchOnce();
    expect(server.requests.entries.map(({ at: _at, ...r }) => r)).toEqual([
      { method: 'GET', path: '/rest/api/3/mypermissions', query: { permissions: 'BROWSE_PROJECTS', projectKey: 'OPS' }, accountId: DEV_ACCOUNT_ID, status: 200 },
      { method: 'GET', path: '/rest/api/3/field', query: {}, accountId: null, status: 401 },
      { method: 'POST', path: SEARCH, query: {}, accountId: ADMIN_ACCOUNT_ID, status: 429 },
      { method: 'POST', path: SEARCH, query: {}, accountId: ADMIN_ACCOUNT_ID, status: 200 },
    ]);
    expect(server.requests.count({ path: SEARCH })).toBe(2);
    expect(server.requests.count({ method: 'get' })).toBe(2);
    expect(server.requests.count({ accountId: ADMIN_ACCOUNT_ID })).toBe(2);
  });
});
