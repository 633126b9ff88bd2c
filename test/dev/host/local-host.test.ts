import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { startLocalHost, type LocalHost } from '../../../dev/host';
import { startReadOnlyProxy } from '../../../dev/host/read-only-proxy';
import { startJiraServer, type JiraServer } from '../../../dev/jira/server';
import { ADMIN_ACCOUNT_ID, DEV_ACCOUNT_ID } from '../../../dev/jira/site-model';
import { forgetPermissions } from '../../../src/services/permissions';

/**
 * The local Forge host over real HTTP: the page, the surfaces under the Custom UI CSP with the bridge injected, invoke
 * through the real resolvers with the context the host chose, the user switch, kvs across a restart, read-only mode.
 * The project root is a temporary copy of manifest.yml with a stand-in surface, so the test needs no `npm run build`.
 */

const REPO = join(__dirname, '..', '..', '..');
let dir: string;
let host: LocalHost | undefined;
let jira: JiraServer | undefined;

beforeEach(() => {
  forgetPermissions();
  dir = mkdtempSync(join(tmpdir(), 'ktlo-host-'));
  copyFileSync(join(REPO, 'manifest.yml'), join(dir, 'manifest.yml'));
  mkdirSync(join(dir, 'static', 'issue-panel', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'static', 'issue-panel', 'index.html'), '<!doctype html><html><head><script type="module" src="./assets/main.js"></script></head><body><div id="root"></div></body></html>');
  writeFileSync(join(dir, 'static', 'issue-panel', 'assets', 'main.js'), 'console.log("surface");');
});
afterEach(async () => {
  await host?.close();
  host = undefined;
  await jira?.close();
  jira = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function start(extra: Parameters<typeof startLocalHost>[0] = {}): Promise<LocalHost> {
  host = await startLocalHost({ port: 0, hostname: '127.0.0.1', root: dir, install: false, ...extra });
  return host;
}

async function post(base: string, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

async function openPanel(h: LocalHost, issueKey: string, accountId: string): Promise<string> {
  const { status, json } = await post(h.url, '/api/frames', { moduleKey: 'ktlo-issue-panel', accountId, issueKey });
  expect(status).toBe(200);
  return String(json['frameId']);
}

async function invoke(h: LocalHost, frameId: string, functionKey: string, payload: unknown = {}): Promise<Record<string, unknown>> {
  const { status, json } = await post(h.surfaceUrl, `/api/frames/${frameId}/invoke`, { functionKey, payload });
  expect(status).toBe(200);
  return json;
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
  const frameId = await openPanel(h, 'OPS-113', DEV_ACCOUNT_ID);
  const context = (await (await fetch(`${h.surfaceUrl}/api/frames/${frameId}/context`)).json()) as { accountId: string; extension: { issue: { key: string } } };
  expect(context.accountId).toBe(DEV_ACCOUNT_ID);
  expect(context.extension.issue.key).toBe('OPS-113');
  // Whatever the iframe adds beside or inside the payload, the issue and the user are the frame's.
  const spoofed = await post(h.surfaceUrl, `/api/frames/${frameId}/invoke`, {
    functionKey: 'issue/get',
    payload: {},
    accountId: ADMIN_ACCOUNT_ID,
    context: { accountId: ADMIN_ACCOUNT_ID, extension: { issue: { id: '10000', key: 'OPS-1' } } },
    extension: { issue: { id: '10000', key: 'OPS-1' } },
  });
  expect(spoofed.json['value']).toMatchObject({ ok: true, data: { issueKey: 'OPS-113', category: 'KTLO', canSuggestRule: false } });
  const inPayload = await invoke(h, frameId, 'issue/get', { issueKey: 'OPS-1', extension: { issue: { key: 'OPS-1' } } });
  expect(inPayload['value']).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  const lozenge = await post(h.url, `/api/frames/${frameId}/lozenge`, {});
  expect(JSON.stringify(lozenge.json['value'])).toMatch(/KTLO/i);
  const unknownFrame = await post(h.surfaceUrl, '/api/frames/nope/invoke', { functionKey: 'issue/get' });
  expect(unknownFrame.status).toBe(404);
  const badUser = await post(h.url, '/api/frames', { moduleKey: 'ktlo-issue-panel', accountId: 'someone-else', issueKey: 'OPS-113' });
  expect(badUser.status).toBe(400);
});

test('switching the user changes the accountId the resolver sees', async () => {
  const h = await start();
  const asDan = await openPanel(h, 'OPS-113', DEV_ACCOUNT_ID);
  await invoke(h, asDan, 'issue/setOverride', { category: 'PROJECT' });
  const asAna = await openPanel(h, 'OPS-113', ADMIN_ACCOUNT_ID);
  const seenByAna = await invoke(h, asAna, 'issue/get');
  expect(seenByAna['value']).toMatchObject({ ok: true, data: { category: 'PROJECT', override: expect.objectContaining({ category: 'PROJECT', by: DEV_ACCOUNT_ID }) } });
  // Only admins may turn an override into a rule: the resolver decides from the host's accountId.
  expect((await invoke(h, asDan, 'issue/suggestRule'))['value']).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect((await invoke(h, asAna, 'issue/suggestRule'))['value']).toMatchObject({ ok: true });
});

test('kvs persists across a restart of the host with the same file', async () => {
  const storageFile = join(dir, 'kvs.json');
  let h = await start({ storageFile });
  const first = await openPanel(h, 'OPS-113', DEV_ACCOUNT_ID);
  expect((await invoke(h, first, 'issue/setOverride', { category: 'PROJECT' }))['value']).toMatchObject({ ok: true });
  await h.close();
  host = undefined;
  forgetPermissions();
  h = await start({ storageFile });
  const second = await openPanel(h, 'OPS-113', ADMIN_ACCOUNT_ID);
  expect((await invoke(h, second, 'issue/get'))['value']).toMatchObject({ ok: true, data: { category: 'PROJECT', source: 'override' } });
});

test('against a real site the host is read-only: writing resolver keys are refused before the app runs', async () => {
  jira = await startJiraServer();
  const email = jira.site.users.get(ADMIN_ACCOUNT_ID)?.emailAddress ?? '';
  const h = await start({ realSite: { site: jira.url, email, apiToken: 'token', accountId: ADMIN_ACCOUNT_ID, displayName: 'Ana Admin' } });
  const state = (await (await fetch(`${h.url}/api/state`)).json()) as { mode: string; readOnly: boolean; users: unknown[] };
  expect(state).toMatchObject({ mode: 'jira', readOnly: true });
  expect(state.users).toHaveLength(1);
  const frameId = await openPanel(h, 'OPS-113', ADMIN_ACCOUNT_ID);
  expect((await invoke(h, frameId, 'issue/get'))['value']).toMatchObject({ ok: true, data: { issueKey: 'OPS-113' } });
  const before = jira.requests.entries.length;
  for (const key of ['issue/setOverride', 'issue/clearOverride', 'settings/save', 'capacity/saveBoardSettings', 'settings/startBulk', 'settings/resumeBulk']) {
    const answer = await invoke(h, frameId, key, { category: 'PROJECT' });
    expect(answer).toMatchObject({ refused: true, value: { ok: false, error: { code: 'FORBIDDEN' } } });
  }
  expect(jira.requests.entries.length).toBe(before);
  expect((await invoke(h, frameId, 'issue/get'))['value']).toMatchObject({ ok: true, data: { override: null } });
  expect(jira.site.appFieldWrites).toHaveLength(0);
});

test('the read-only proxy forwards reads to the site and refuses writes', async () => {
  jira = await startJiraServer();
  const auth = jira.authorizationFor(ADMIN_ACCOUNT_ID);
  const proxy = await startReadOnlyProxy(jira.url, auth);
  try {
    expect((await fetch(`${proxy.url}/rest/agile/1.0/board`)).status).toBe(200);
    const search = await fetch(`${proxy.url}/rest/api/3/search/jql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jql: 'project = OPS', fields: ['summary'], maxResults: 1 }) });
    expect(search.status).toBe(200);
    const before = jira.requests.entries.length;
    const write = await fetch(`${proxy.url}/rest/api/3/app/field/value`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ updates: [] }) });
    expect(write.status).toBe(403);
    expect((await fetch(`${proxy.url}/rest/api/3/issue/OPS-1`, { method: 'PUT', body: '{}' })).status).toBe(403);
    expect(jira.requests.entries.length).toBe(before);
    expect(proxy.refused).toEqual(['POST /rest/api/3/app/field/value', 'PUT /rest/api/3/issue/OPS-1']);
  } finally {
    await proxy.close();
  }
});

test('a demo host on a new kvs runs the install trigger, whose backfill goes through the queue', async () => {
  const h = await start({ install: true, storageFile: join(dir, 'fresh.json') });
  const report = await h.appHost?.forge.drainQueues();
  expect(report?.failed).toEqual([]);
  expect(report?.succeeded).toBeGreaterThanOrEqual(1);
});

test('modules come from manifest.yml: a new project page appears and gets its project (and optional board) from the host', async () => {
  const manifestFile = join(dir, 'manifest.yml');
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
  expect((await invoke(h, frameId, 'capacity/getBoards'))['value']).toMatchObject({ ok: true });
  const missing = await fetch(`${h.surfaceUrl}/surfaces/project-page/index.html?frame=${frameId}`);
  expect(missing.status).toBe(404);
  expect(await missing.text()).toContain('npm run build');
});
