import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { LocalHost } from '../../../dev/host';
import { FRAME_TOKEN_HEADER } from '../../../dev/host/local-host';
import { startReadOnlyProxy } from '../../../dev/host/read-only-proxy';
import { ADMIN_ACCOUNT_ID, DEV_ACCOUNT_ID } from '../../../dev/jira/site-model';
import { envelopeSchema } from '../../../src/contracts/envelope';
import { capacityLoadSchema } from '../../../src/contracts/resolvers';
import { teamCapacity } from '../../../src/domain/measure';
import { z } from 'zod';
import { lozengeEvent } from '../../support/app-world';
import { hostWorld } from './host-world';

/**
 * The local Forge host over real HTTP: the page, the surfaces under the Custom UI CSP with the bridge injected, invoke
 * through the real resolvers with the context the host chose, the user switch, kvs across a restart, read-only mode.
 * The project root is a temporary copy of manifest.yml with a stand-in surface, so the test needs no `npm run build`.
 */

const world = hostWorld();
const start = world.start;

const lozengeSchema = z.object({ status: z.object({ value: z.object({ label: z.string() }) }) });

async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

/** A frame the host page opened: its id, and the token only its iframe is given. */
interface OpenFrame {
  frameId: string;
  token: string;
}

async function openPanel(h: LocalHost, issueKey: string, accountId: string): Promise<OpenFrame> {
  const { status, json } = await post(h.url, '/api/frames', { moduleKey: 'ktlo-issue-panel', accountId, issueKey });
  expect(status).toBe(200);
  return { frameId: String(json['frameId']), token: String(json['token']) };
}

async function invoke(h: LocalHost, frame: OpenFrame, functionKey: string, payload: unknown = {}): Promise<Record<string, unknown>> {
  const { status, json } = await post(h.surfaceUrl, `/api/frames/${frame.frameId}/invoke`, { functionKey, payload }, { [FRAME_TOKEN_HEADER]: frame.token });
  expect(status).toBe(200);
  return json;
}

/** An HTTP request with headers fetch may not set (Host), as a DNS-rebinding page's browser would send them. */
function raw(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('serves the host page and lists the Custom UI modules of manifest.yml', async () => {
  const h = await start();
  expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const page = await fetch(`${h.url}/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('/host/host-page.js');
  const state = (await (await fetch(`${h.url}/api/state`)).json()) as { mode: string; surfaceOrigin: string; users: { accountId: string; admin: boolean }[]; modules: { key: string; type: string; resource: string; hasLozenge: boolean }[] };
  expect(state.mode).toBe('demo');
  expect(state.surfaceOrigin).toBe(h.surfaceUrl);
  expect(state.users.map((u) => [u.accountId, u.admin])).toEqual([
    [ADMIN_ACCOUNT_ID, true],
    [DEV_ACCOUNT_ID, false],
  ]);
  expect(state.modules).toContainEqual(expect.objectContaining({ key: 'ktlo-issue-panel', type: 'jira:issueContext', resource: 'issue-panel', hasLozenge: true }));
});

test('serves a surface with the Custom UI CSP and the bridge injected before the bundle', async () => {
  const h = await start();
  const r = await fetch(`${h.surfaceUrl}/surfaces/issue-panel/index.html?frame=x`);
  expect(r.status).toBe(200);
  const csp = r.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self';");
  // manifest.yml's permissions.content.styles asks for inline styles.
  expect(csp).toContain("style-src 'self' 'unsafe-inline'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain(`frame-ancestors http://localhost:${new URL(h.url).port} http://127.0.0.1:${new URL(h.url).port}`);
  expect(csp).toContain("default-src 'none'");
  const html = await r.text();
  expect(html.indexOf('/host/bridge.js')).toBeGreaterThan(-1);
  expect(html.indexOf('/host/bridge.js')).toBeLessThan(html.indexOf('./assets/main.js'));
  const asset = await fetch(`${h.surfaceUrl}/surfaces/issue-panel/assets/main.js`);
  expect(asset.headers.get('content-type')).toContain('javascript');
  expect(asset.headers.get('content-security-policy')).toBe(csp);
  expect((await fetch(`${h.surfaceUrl}/surfaces/issue-panel/..%2f..%2fmanifest.yml`)).status).toBe(404);
  const bridge = await (await fetch(`${h.surfaceUrl}/host/bridge.js`)).text();
  expect(bridge).toContain('window.__bridge');
  expect((await fetch(`${h.surfaceUrl}/host/tokens.css`)).status).toBe(200);
  // Surfaces live on their own origin, as in Jira: the host page's origin does not serve them, and the surfaces' origin
  // cannot open frames (choose another issue or user) or reach the host page.
  expect(h.surfaceUrl).not.toBe(h.url);
  expect((await fetch(`${h.url}/surfaces/issue-panel/index.html`)).status).toBe(404);
  expect((await post(h.surfaceUrl, '/api/frames', { moduleKey: 'ktlo-issue-panel', accountId: ADMIN_ACCOUNT_ID, issueKey: 'OPS-1' })).status).toBe(404);
  expect((await fetch(`${h.surfaceUrl}/`)).status).toBe(404);
  expect((await fetch(`${h.surfaceUrl}/api/state`)).status).toBe(404);
});

test('invoke runs the real resolver with the context the host chose; the payload cannot change the issue', async () => {
  const h = await start();
  const frame = await openPanel(h, 'OPS-113', DEV_ACCOUNT_ID);
  const { frameId, token } = frame;
  const context = (await (await fetch(`${h.surfaceUrl}/api/frames/${frameId}/context`, { headers: { [FRAME_TOKEN_HEADER]: token } })).json()) as {
    accountId: string;
    extension: { issue: { key: string } };
  };
  expect(context.accountId).toBe(DEV_ACCOUNT_ID);
  expect(context.extension.issue.key).toBe('OPS-113');
  // Whatever the iframe adds beside or inside the payload, the issue and the user are the frame's.
  const spoofed = await post(
    h.surfaceUrl,
    `/api/frames/${frameId}/invoke`,
    {
      functionKey: 'issue/load',
      payload: {},
      accountId: ADMIN_ACCOUNT_ID,
      context: { accountId: ADMIN_ACCOUNT_ID, extension: { issue: { id: '10000', key: 'OPS-1' } } },
      extension: { issue: { id: '10000', key: 'OPS-1' } },
    },
    { [FRAME_TOKEN_HEADER]: token },
  );
  expect(spoofed.json['value']).toMatchObject({ ok: true, data: { issue: { key: 'OPS-113' }, canSuggestRule: false } });
  const inPayload = await invoke(h, frame, 'issue/load', { issueKey: 'OPS-1', extension: { issue: { key: 'OPS-1' } } });
  expect(inPayload['value']).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  const lozenge = await post(h.url, `/api/frames/${frameId}/lozenge`, {}, { [FRAME_TOKEN_HEADER]: token });
  // From what the app stored, which is nothing yet (no install, no project turned on): the neutral lozenge.
  expect(lozenge.json['value']).toEqual({ status: { type: 'lozenge', value: { label: 'Not classified', type: 'default' } } });
  const unknownFrame = await post(h.surfaceUrl, '/api/frames/nope/invoke', { functionKey: 'issue/load' });
  expect(unknownFrame.status).toBe(404);
  const badUser = await post(h.url, '/api/frames', { moduleKey: 'ktlo-issue-panel', accountId: 'someone-else', issueKey: 'OPS-113' });
  expect(badUser.status).toBe(400);
});

test('switching the user changes the accountId the resolver sees', async () => {
  const h = await start();
  const asDan = await openPanel(h, 'OPS-113', DEV_ACCOUNT_ID);
  await invoke(h, asDan, 'issue/setOverride', { category: 'PROJECT' });
  const asAna = await openPanel(h, 'OPS-113', ADMIN_ACCOUNT_ID);
  const seenByAna = await invoke(h, asAna, 'issue/load');
  expect(seenByAna['value']).toMatchObject({ ok: true, data: { override: { category: 'PROJECT', by: DEV_ACCOUNT_ID }, canSuggestRule: true } });
  // Only admins may turn an override into a rule: the resolver decides from the host's accountId.
  expect((await invoke(h, asDan, 'issue/suggestRule'))['value']).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect((await invoke(h, asAna, 'issue/suggestRule'))['value']).toMatchObject({ ok: true });
});

test('kvs persists across a restart of the host with the same file', async () => {
  const storageFile = join(world.dir, 'kvs.json');
  let h = await start({ storageFile });
  const first = await openPanel(h, 'OPS-113', DEV_ACCOUNT_ID);
  expect((await invoke(h, first, 'issue/setOverride', { category: 'PROJECT' }))['value']).toMatchObject({ ok: true });
  await world.stop();
  h = await start({ storageFile });
  const second = await openPanel(h, 'OPS-113', ADMIN_ACCOUNT_ID);
  expect((await invoke(h, second, 'issue/load'))['value']).toMatchObject({ ok: true, data: { override: { category: 'PROJECT', by: DEV_ACCOUNT_ID } } });
});

test('against a real site the host is read-only: writing resolver keys are refused before the app runs', async () => {
  const jira = await world.jira();
  const email = jira.site.users.get(ADMIN_ACCOUNT_ID)?.emailAddress ?? '';
  const h = await start({ realSite: { site: jira.url, email, apiToken: 'token', accountId: ADMIN_ACCOUNT_ID, displayName: 'Ana Admin' } });
  const state = (await (await fetch(`${h.url}/api/state`)).json()) as { mode: string; readOnly: boolean; users: unknown[] };
  expect(state).toMatchObject({ mode: 'jira', readOnly: true });
  expect(state.users).toHaveLength(1);
  const frame = await openPanel(h, 'OPS-113', ADMIN_ACCOUNT_ID);
  expect((await invoke(h, frame, 'issue/load'))['value']).toMatchObject({ ok: true, data: { issue: { key: 'OPS-113' } } });
  const before = jira.requests.entries.length;
  for (const key of ['issue/setOverride', 'issue/clearOverride', 'settings/save', 'capacity/saveBoardSettings', 'settings/startBulk', 'settings/resumeBulk']) {
    const answer = await invoke(h, frame, key, { category: 'PROJECT' });
    expect(answer).toMatchObject({ refused: true, value: { ok: false, error: { code: 'FORBIDDEN' } } });
  }
  expect(jira.requests.entries.length).toBe(before);
  expect((await invoke(h, frame, 'issue/load'))['value']).toMatchObject({ ok: true, data: { override: null } });
  expect(jira.site.appFieldWrites).toHaveLength(0);
});

test('the read-only proxy forwards reads to the site and refuses writes', async () => {
  const jira = await world.jira();
  const auth = jira.authorizationFor(ADMIN_ACCOUNT_ID);
  const proxy = await startReadOnlyProxy(jira.url, auth);
  try {
    const authorization = proxy.callerAuthorization;
    expect((await fetch(`${proxy.url}/rest/agile/1.0/board`, { headers: { authorization } })).status).toBe(200);
    const search = await fetch(`${proxy.url}/rest/api/3/search/jql`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ jql: 'project = OPS', fields: ['summary'], maxResults: 1 }),
    });
    expect(search.status).toBe(200);
    const before = jira.requests.entries.length;
    const write = await fetch(`${proxy.url}/rest/api/3/app/field/value`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify({ updates: [] }) });
    expect(write.status).toBe(403);
    expect((await fetch(`${proxy.url}/rest/api/3/issue/OPS-1`, { method: 'PUT', headers: { authorization }, body: '{}' })).status).toBe(403);
    expect(jira.requests.entries.length).toBe(before);
    expect(proxy.refused).toEqual(['POST /rest/api/3/app/field/value', 'PUT /rest/api/3/issue/OPS-1']);
  } finally {
    await proxy.close();
  }
});

test('a demo host on a new kvs runs the install trigger, whose backfill goes through the queue', async () => {
  const h = await start({ install: true, storageFile: join(world.dir, 'fresh.json') });
  const report = await h.appHost?.forge.drainQueues();
  expect(report?.failed).toEqual([]);
  expect(report?.succeeded).toBeGreaterThanOrEqual(1);
});

test('a fresh demo opens ready: OPS and WEB turned on as Ana, their issues reclassified and sprint history measured before the host answers', async () => {
  const h = await start({ install: true, demoProjects: ['OPS', 'WEB'], storageFile: join(world.dir, 'ready.json') });
  const appHost = h.appHost;
  if (!appHost) throw new Error('demo mode has an app host');
  const admin = { accountId: ADMIN_ACCOUNT_ID, extension: { type: 'jira:adminPage' } };
  expect(await appHost.resolve('settings-resolver', 'settings/get', { level: 'global' }, admin)).toMatchObject({
    ok: true,
    data: { revision: 1, savedBy: ADMIN_ACCOUNT_ID, settings: { enabledProjects: ['OPS', 'WEB'] } },
  });
  // Nothing was left in the queue: the capacity view has its history on first open.
  expect((await appHost.forge.drainQueues()).succeeded).toBe(0);
  const load = envelopeSchema(capacityLoadSchema).parse(await appHost.resolve('capacity-resolver', 'capacity/load', {}, { accountId: ADMIN_ACCOUNT_ID, extension: { type: 'jira:sprintAction', board: { id: 1 }, sprint: { id: 43 } } }));
  if (!load.ok) throw new Error(`capacity/load failed: ${JSON.stringify(load.error)}`);
  // Velocity needs three closed sprints: the demo's six (37-42) are measured, so the view says nothing is pending.
  expect(teamCapacity(null, load.data.history, 43).historyPending).toBe(false);
  // The issues of the turned-on projects in the bulk run's scope (open, or resolved in the last 90 days) were
  // reclassified as Ana: every open one has its lozenge; only issues resolved before that may stay "Not classified".
  const labels = new Map<string, number>();
  for (const issue of appHost.jira.site.issues.values()) {
    if (issue.projectKey !== 'OPS' && issue.projectKey !== 'WEB') continue;
    const label = lozengeSchema.parse(await appHost.trigger('issue-lozenge', lozengeEvent(appHost, issue), DEV_ACCOUNT_ID)).status.value.label;
    if (issue.resolutiondate === null) expect({ key: issue.key, label }).not.toEqual({ key: issue.key, label: 'Not classified' });
    labels.set(label, (labels.get(label) ?? 0) + 1);
  }
  expect(labels.get('KTLO')).toBeGreaterThan(20);
  expect(labels.get('Project')).toBeGreaterThan(20);
  expect(await appHost.resolve('settings-resolver', 'settings/bulkStatus', {}, admin)).toMatchObject({ ok: true, data: { state: 'done', failedBatches: 0, startedBy: ADMIN_ACCOUNT_ID } });
  await world.stop();
  // A restart on the same kvs keeps what was saved and seeds nothing again.
  const again = await start({ demoProjects: ['OPS'], storageFile: join(world.dir, 'ready.json') });
  expect(await again.appHost?.resolve('settings-resolver', 'settings/get', { level: 'global' }, admin)).toMatchObject({ ok: true, data: { revision: 1, settings: { enabledProjects: ['OPS', 'WEB'] } } });
});

test('modules come from manifest.yml: a new project page appears and gets its project (and optional board) from the host', async () => {
  const manifestFile = join(world.dir, 'manifest.yml');
  const manifest = parse(readFileSync(manifestFile, 'utf8')) as { modules: Record<string, unknown[]>; resources: unknown[] };
  manifest.modules['jira:projectPage'] = [{ key: 'ktlo-project-page', title: 'KTLO Lens', resource: 'project-page', resolver: { function: 'capacity-resolver' } }];
  manifest.resources.push({ key: 'project-page', path: 'static/project-page' });
  writeFileSync(manifestFile, stringify(manifest));
  const h = await start();
  const state = (await (await fetch(`${h.url}/api/state`)).json()) as { modules: { key: string; contextKind: string; built: boolean }[] };
  expect(state.modules).toContainEqual(expect.objectContaining({ key: 'ktlo-project-page', contextKind: 'project', built: false }));
  expect((await post(h.url, '/api/frames', { moduleKey: 'ktlo-project-page', accountId: ADMIN_ACCOUNT_ID })).status).toBe(400);
  const opened = await post(h.url, '/api/frames', { moduleKey: 'ktlo-project-page', accountId: ADMIN_ACCOUNT_ID, projectKey: 'OPS', boardId: 1 });
  expect(opened.status).toBe(200);
  expect(opened.json['context']).toMatchObject({ moduleKey: 'ktlo-project-page', extension: { type: 'jira:projectPage', project: { key: 'OPS' }, board: { id: 1, type: 'scrum' } } });
  const frameId = String(opened.json['frameId']);
  expect((await invoke(h, { frameId, token: String(opened.json['token']) }, 'capacity/load'))['value']).toMatchObject({ ok: true });
  const missing = await fetch(`${h.surfaceUrl}/surfaces/project-page/index.html?frame=${frameId}`);
  expect(missing.status).toBe(404);
  expect(await missing.text()).toContain('npm run build');
});

test('the read-only proxy serves only the process that started it: the API token is added for no other caller', async () => {
  const jira = await world.jira();
  const proxy = await startReadOnlyProxy(jira.url, jira.authorizationFor(ADMIN_ACCOUNT_ID));
  try {
    expect(proxy.callerAuthorization).toMatch(/^Bearer [\w-]{43}$/);
    // Another local program, or a web page the user visits: no header, a guess, or the site's own credentials.
    const strangers: Record<string, string>[] = [{}, { authorization: 'Bearer guess' }, { authorization: jira.authorizationFor(DEV_ACCOUNT_ID) }];
    for (const headers of strangers) {
      expect((await fetch(`${proxy.url}/rest/api/3/field`, { headers })).status).toBe(401);
    }
    expect(jira.requests.entries).toHaveLength(0);
    const own = await fetch(`${proxy.url}/rest/api/3/field`, { headers: { authorization: proxy.callerAuthorization } });
    expect(own.status).toBe(200);
    // Reached the site as the token's owner.
    expect(jira.requests.entries.map((r) => r.accountId)).toEqual([ADMIN_ACCOUNT_ID]);
  } finally {
    await proxy.close();
  }
});

describe('only the host\'s own pages reach it (DNS rebinding, other sites, other frames)', () => {
  const frameBody = JSON.stringify({ moduleKey: 'ktlo-settings', accountId: ADMIN_ACCOUNT_ID });

  test('a foreign Host is refused on the page, the state, frames and invoke', async () => {
    const h = await start();
    const hostPort = new URL(h.url).port;
    const surfacePort = new URL(h.surfaceUrl).port;
    // What the browser sends once attacker.test resolves to 127.0.0.1: its own name in Host, the body as text/plain.
    const foreign = { host: `attacker.test:${hostPort}` };
    expect((await raw(`${h.url}/`, 'GET', foreign)).status).toBe(403);
    expect((await raw(`${h.url}/api/state`, 'GET', foreign)).status).toBe(403);
    expect((await raw(`${h.url}/api/projects?as=${ADMIN_ACCOUNT_ID}`, 'GET', foreign)).status).toBe(403);
    const frame = await raw(`${h.url}/api/frames`, 'POST', { ...foreign, 'content-type': 'text/plain' }, frameBody);
    expect(frame.status).toBe(403);
    expect(frame.text).not.toContain('frameId');
    // Even as JSON, and with the right port but another name.
    expect((await raw(`${h.url}/api/frames`, 'POST', { ...foreign, 'content-type': 'application/json' }, frameBody)).status).toBe(403);
    expect((await raw(`${h.url}/api/state`, 'GET', { host: `127.0.0.1:${Number(hostPort) + 1}` })).status).toBe(403);
    const opened = await openPanel(h, 'OPS-113', ADMIN_ACCOUNT_ID);
    const invokeBody = JSON.stringify({ functionKey: 'issue/load', payload: {} });
    const onSurface = { host: `attacker.test:${surfacePort}`, 'content-type': 'application/json', [FRAME_TOKEN_HEADER]: opened.token };
    expect((await raw(`${h.surfaceUrl}/api/frames/${opened.frameId}/invoke`, 'POST', onSurface, invokeBody)).status).toBe(403);
    expect((await raw(`${h.surfaceUrl}/host/bridge.js`, 'GET', { host: `attacker.test:${surfacePort}` })).status).toBe(403);
    // The host's own names still work.
    expect((await raw(`${h.url}/api/state`, 'GET', { host: `localhost:${hostPort}` })).status).toBe(200);
    expect((await raw(`${h.url}/api/state`, 'GET', { host: `127.0.0.1:${hostPort}` })).status).toBe(200);
  });

  test('a request from another site\'s page (its Origin) is refused; the host page\'s own Origin is not', async () => {
    const h = await start();
    const evil = await post(h.url, '/api/frames', JSON.parse(frameBody), { origin: 'http://attacker.test' });
    expect(evil.status).toBe(403);
    expect(evil.json['frameId']).toBeUndefined();
    expect((await post(h.url, '/api/frames', JSON.parse(frameBody), { origin: 'null' })).status).toBe(403);
    // Another local port is another origin too.
    expect((await post(h.url, '/api/frames', JSON.parse(frameBody), { origin: `http://localhost:${new URL(h.url).port}1` })).status).toBe(403);
    const own = await post(h.url, '/api/frames', JSON.parse(frameBody), { origin: h.url });
    expect(own.status).toBe(200);
    const frame = { frameId: String(own.json['frameId']), token: String(own.json['token']) };
    // Bridge calls come from the surfaces' origin, not the host page's nor anyone else's.
    const call = (origin: string) => post(h.surfaceUrl, `/api/frames/${frame.frameId}/invoke`, { functionKey: 'settings/get', payload: { level: 'global' } }, { origin, [FRAME_TOKEN_HEADER]: frame.token });
    expect((await call('http://attacker.test')).status).toBe(403);
    expect((await call(h.url)).status).toBe(403);
    expect((await call(h.surfaceUrl)).json['value']).toMatchObject({ ok: true });
  });

  test('bodies must be JSON: a text/plain or form POST is refused before anything runs', async () => {
    const h = await start();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expect((await raw(`${h.url}/api/frames`, 'POST', { 'content-type': type }, frameBody)).status).toBe(415);
    }
    expect((await raw(`${h.url}/api/frames`, 'POST', {}, frameBody)).status).toBe(415);
    const frame = await openPanel(h, 'OPS-113', DEV_ACCOUNT_ID);
    const write = JSON.stringify({ functionKey: 'issue/setOverride', payload: { category: 'PROJECT' } });
    const refused = await raw(`${h.surfaceUrl}/api/frames/${frame.frameId}/invoke`, 'POST', { 'content-type': 'text/plain', [FRAME_TOKEN_HEADER]: frame.token }, write);
    expect(refused.status).toBe(415);
    expect((await invoke(h, frame, 'issue/load'))['value']).toMatchObject({ ok: true, data: { override: null } });
  });

  test('each frame\'s calls need that frame\'s own token, bound to its module, context and user', async () => {
    const h = await start();
    const dan = await openPanel(h, 'OPS-113', DEV_ACCOUNT_ID);
    const ana = await post(h.url, '/api/frames', JSON.parse(frameBody));
    const admin = { frameId: String(ana.json['frameId']), token: String(ana.json['token']) };
    // Unguessable: 256 random bits, a new one per frame, and not part of the frame's URL (the iframe gets it in the fragment).
    expect(dan.token).toMatch(/^[\w-]{43}$/);
    expect(admin.token).not.toBe(dan.token);
    expect(String(ana.json['src'])).not.toContain(admin.token);
    const settingsGet = { functionKey: 'settings/get', payload: { level: 'global' } };
    const at = (frameId: string) => `/api/frames/${frameId}/invoke`;
    // Without a token, with a guess, or with another frame's token: nothing runs.
    expect((await post(h.surfaceUrl, at(admin.frameId), settingsGet)).status).toBe(403);
    expect((await post(h.surfaceUrl, at(admin.frameId), settingsGet, { [FRAME_TOKEN_HEADER]: 'x'.repeat(43) })).status).toBe(403);
    const borrowed = await post(h.surfaceUrl, at(admin.frameId), settingsGet, { [FRAME_TOKEN_HEADER]: dan.token });
    expect(borrowed.status).toBe(403);
    expect(JSON.stringify(borrowed.json)).not.toContain('enabledProjects');
    expect((await fetch(`${h.surfaceUrl}/api/frames/${admin.frameId}/context`)).status).toBe(403);
    expect((await post(h.url, `/api/frames/${dan.frameId}/lozenge`, {})).status).toBe(403);
    // With its own token each frame runs as its own module and user.
    expect((await post(h.surfaceUrl, at(admin.frameId), settingsGet, { [FRAME_TOKEN_HEADER]: admin.token })).json['value']).toMatchObject({ ok: true });
    expect((await invoke(h, dan, 'issue/load'))['value']).toMatchObject({ ok: true, data: { issue: { key: 'OPS-113' } } });
  });
});

test('a non-admin is offered only the projects they can browse, as Jira lists them', async () => {
  const h = await start();
  const keys = async (accountId: string) => ((await (await fetch(`${h.url}/api/projects?as=${accountId}`)).json()) as { key: string }[]).map((p) => p.key).sort();
  expect(await keys(ADMIN_ACCOUNT_ID)).toEqual(['OPS', 'SEC', 'WEB']);
  // Dan has no role in SEC: Jira hides it from him, and so does the host.
  expect(await keys(DEV_ACCOUNT_ID)).toEqual(['OPS', 'WEB']);
  const boards = (await (await fetch(`${h.url}/api/boards?as=${DEV_ACCOUNT_ID}`)).json()) as { projectKey: string }[];
  expect(boards.map((b) => b.projectKey)).not.toContain('SEC');
  // Nor can a frame be opened on it for him, even when asked for by key.
  const secPage = await post(h.url, '/api/frames', { moduleKey: 'ktlo-project-page', accountId: DEV_ACCOUNT_ID, projectKey: 'SEC' });
  expect(secPage.status).toBe(404);
  expect((await post(h.url, '/api/frames', { moduleKey: 'ktlo-project-page', accountId: ADMIN_ACCOUNT_ID, projectKey: 'SEC' })).status).toBe(200);
});
