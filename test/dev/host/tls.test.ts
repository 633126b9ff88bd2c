import { connect, type ClientHttp2Session, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http2';
import { Agent, request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { LocalHost } from '../../../dev/host';
import { FRAME_TOKEN_HEADER, PRODUCT_ANSWER_HEADER } from '../../../dev/host/local-host';
import { DEV_ACCOUNT_ID } from '../../../dev/jira/site-model';
import { hostWorld } from './host-world';

/**
 * The local host with `tls`: HTTPS with HTTP/2, as Jira Cloud serves its site (a view's parallel requestJira calls
 * share one connection), HTTP/1.1 still answered, and the same checks of who may call it as over plain HTTP.
 */

const world = hostWorld();

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const sessions: ClientHttp2Session[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.close();
});

/** An HTTP/2 session to `origin` that trusts only the host's own certificate. */
async function h2(origin: string, host: LocalHost): Promise<ClientHttp2Session> {
  const session = connect(origin, { ca: host.certificate ?? undefined });
  sessions.push(session);
  await new Promise<void>((ok, fail) => {
    session.once('connect', () => ok());
    session.once('error', fail);
  });
  return session;
}

function send(session: ClientHttp2Session, headers: OutgoingHttpHeaders, body?: unknown): Promise<Answer> {
  return new Promise((ok, fail) => {
    const stream = session.request(headers);
    let answered: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    stream.on('response', (h) => (answered = h));
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => ok({ status: Number(answered[':status']), headers: answered, body: Buffer.concat(chunks).toString('utf8') }));
    stream.on('error', fail);
    stream.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const authority = (url: string) => new URL(url).host;

test('the host page, its state and a frame answer over HTTP/2 on one connection, behind a certificate of its own', async () => {
  const host = await world.start({ tls: true });
  expect(host.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  expect(host.surfaceUrl).toMatch(/^https:\/\//);
  expect(host.certificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
  const page = await h2(host.url, host);
  expect(page.alpnProtocol).toBe('h2');
  const index = await send(page, { ':path': '/', ':authority': authority(host.url) });
  expect(index.status).toBe(200);
  expect(index.body).toMatch(/<html/i);
  const state = JSON.parse((await send(page, { ':path': '/api/state', ':authority': authority(host.url) })).body) as { surfaceOrigin: string };
  expect(state.surfaceOrigin).toBe(host.surfaceUrl);
  const opened = await send(
    page,
    { ':method': 'POST', ':path': '/api/frames', ':authority': authority(host.url), 'content-type': 'application/json' },
    { moduleKey: 'ktlo-issue-panel', accountId: DEV_ACCOUNT_ID, issueKey: 'OPS-113' },
  );
  expect(opened.status).toBe(200);
  const frame = JSON.parse(opened.body) as { frameId: string; token: string };
  // Ten reads at once on the surfaces' origin: one session, every one answered by Jira as the frame's user.
  const surface = await h2(host.surfaceUrl, host);
  const reads = await Promise.all(
    Array.from({ length: 10 }, () =>
      send(
        surface,
        { ':method': 'POST', ':path': `/api/frames/${frame.frameId}/fetch`, ':authority': authority(host.surfaceUrl), 'content-type': 'application/json', [FRAME_TOKEN_HEADER]: frame.token },
        { product: 'jira', restPath: '/rest/api/3/issue/OPS-113?fields=summary', fetchRequestInit: { method: 'GET', headers: [['accept', 'application/json']] } },
      ),
    ),
  );
  for (const read of reads) {
    expect(read.status).toBe(200);
    expect(JSON.parse(String(read.headers[PRODUCT_ANSWER_HEADER]))).toMatchObject({ status: 200, isAttachment: false });
    expect(JSON.parse(read.body)).toMatchObject({ key: 'OPS-113' });
  }
  expect(host.bridgeLog().filter((e) => e.kind === 'frontend' && e.path === '/rest/api/3/issue/OPS-113' && e.user === 'Dan Developer')).toHaveLength(10);
});

test('over HTTP/2 the host still answers only to its own names and origins, and frames only with their token', async () => {
  const host = await world.start({ tls: true });
  const port = new URL(host.url).port;
  const page = await h2(host.url, host);
  // A DNS-rebinding page addresses the host by its own name: refused, as Host is over HTTP/1.1.
  expect((await send(page, { ':path': '/api/state', ':authority': `attacker.example:${port}` })).status).toBe(403);
  expect((await send(page, { ':path': '/api/state', ':authority': authority(host.url), origin: 'https://attacker.example' })).status).toBe(403);
  // The plain-HTTP origin is another origin: a page served over http:// may not call the https host.
  expect((await send(page, { ':path': '/api/state', ':authority': authority(host.url), origin: `http://127.0.0.1:${port}` })).status).toBe(403);
  const opened = JSON.parse(
    (
      await send(
        page,
        { ':method': 'POST', ':path': '/api/frames', ':authority': authority(host.url), 'content-type': 'application/json' },
        { moduleKey: 'ktlo-issue-panel', accountId: DEV_ACCOUNT_ID, issueKey: 'OPS-113' },
      )
    ).body,
  ) as { frameId: string };
  const surface = await h2(host.surfaceUrl, host);
  const tokenless = await send(
    surface,
    { ':method': 'POST', ':path': `/api/frames/${opened.frameId}/fetch`, ':authority': authority(host.surfaceUrl), 'content-type': 'application/json' },
    { product: 'jira', restPath: '/rest/api/3/myself' },
  );
  expect(tokenless.status).toBe(403);
});

test('a client without HTTP/2 is answered over HTTP/1.1 on the same TLS port', async () => {
  const host = await world.start({ tls: true });
  // A client that offers only HTTP/1.1 in its TLS handshake (ALPN), as an old one would.
  const agent = new Agent({ ca: host.certificate ?? undefined, ALPNProtocols: ['http/1.1'] });
  const answer = await new Promise<{ status: number; alpn: string | false | null; body: string }>((ok, fail) => {
    const req = httpsRequest(`${host.url}/api/state`, { agent }, (res) => {
      const alpn = (res.socket as TLSSocket).alpnProtocol;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, alpn, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', fail);
    req.end();
  });
  agent.destroy();
  expect(answer.alpn).toBe('http/1.1');
  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.body)).toMatchObject({ mode: 'demo', surfaceOrigin: host.surfaceUrl });
});

test('without tls the host stays on plain HTTP and has no certificate', async () => {
  const host = await world.start();
  expect(host.url).toMatch(/^http:\/\//);
  expect(host.certificate).toBeNull();
  expect((await fetch(`${host.url}/api/state`)).status).toBe(200);
});
