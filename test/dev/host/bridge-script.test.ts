import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { startLocalHost, type LocalHost } from '../../../dev/host';
import { DEV_ACCOUNT_ID } from '../../../dev/jira/site-model';
import { pageRequestClass } from '../../support/page-request';

/**
 * dev/host/public/bridge.js as a surface meets it: the real @forge/bridge, imported after the script defined
 * `window.__bridge`, reaches the host over HTTP (invoke, getContext, requestJira), turns theming on, and hands UI
 * requests to the host page by postMessage.
 */

let host: LocalHost;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ktlo-bridge-'));
  host = await startLocalHost({ port: 0, hostname: '127.0.0.1', install: false, storageFile: join(dir, 'kvs.json') });
});
afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the real @forge/bridge talks to the host through the injected script', async () => {
  const opened = (await (
    await fetch(`${host.url}/api/frames`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ moduleKey: 'ktlo-issue-panel', accountId: DEV_ACCOUNT_ID, issueKey: 'OPS-113' }),
    })
  ).json()) as { frameId: string; token: string };
  const posted: { name: string; payload: unknown }[] = [];
  const attributes: Record<string, string> = {};
  const window: Record<string, unknown> = {
    addEventListener: () => undefined,
    parent: {
      postMessage: (data: { name: string; payload: unknown }, targetOrigin: string) => {
        // Messages go to the host page's origin only.
        expect(targetOrigin).toBe(host.url);
        posted.push({ name: data.name, payload: data.payload });
      },
    },
  };
  runInNewContext(readFileSync(join(__dirname, '..', '..', '..', 'dev', 'host', 'public', 'bridge.js'), 'utf8'), {
    window,
    // As the host page frames it: the frame's token in the fragment, which only this iframe is given.
    location: { search: `?frame=${opened.frameId}&theme=dark&parent=${encodeURIComponent(host.url)}`, hash: `#token=${opened.token}`, origin: host.surfaceUrl },
    URLSearchParams,
    TextDecoder,
    fetch: (path: string, init: RequestInit) => fetch(host.surfaceUrl + path, init),
    document: { documentElement: { setAttribute: (k: string, v: string) => (attributes[k] = v) } },
    console,
  });
  Object.assign(globalThis, { __bridge: window['__bridge'] });
  let bridge: typeof import('@forge/bridge') | undefined;
  jest.isolateModules(() => {
    bridge = jest.requireActual<typeof import('@forge/bridge')>('@forge/bridge');
  });
  if (!bridge) throw new Error('@forge/bridge did not load');

  // requestJira builds `new Request('')`: in the iframe that is the surface's own page.
  const nodeRequest = globalThis.Request;
  globalThis.Request = pageRequestClass(() => `${host.surfaceUrl}/surfaces/issue-panel/index.html?frame=${opened.frameId}`);
  try {
    const issue = await bridge.requestJira('/rest/api/3/issue/OPS-113?fields=summary', { headers: { accept: 'application/json' } });
    expect(issue.status).toBe(200);
    expect(await issue.json()).toMatchObject({ key: 'OPS-113', fields: { summary: expect.any(String) } });
    host.appHost?.jira.faults.inject({ path: '/rest/api/3/search/jql' }, { kind: 'rate-limit', retryAfterSeconds: 9 });
    const limited = await bridge.requestJira('/rest/api/3/search/jql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jql: 'project = OPS' }) });
    // The surface sees Jira's 429 and its Retry-After, as it would in Jira.
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('9');
    expect(await limited.json()).toMatchObject({ errorMessages: ['Rate limit exceeded.'] });
    // A product's 404 resolves as the product's answer; the host's own refusal of a call rejects, with its reason.
    expect((await bridge.requestJira('/rest/api/3/issue/NOPE-1', { headers: { accept: 'application/json' } })).status).toBe(404);
    await expect(bridge.requestJira('/secure/admin')).rejects.toThrow(/requestJira takes a Jira REST path \(\/rest\/\.\.\.\)/);

    // A megabyte answer, with characters of two, three and four bytes cut across the host's chunks: byte for byte what Jira sent.
    const ops113 = [...(host.appHost?.jira.site.issues.values() ?? [])].find((i) => i.key === 'OPS-113');
    if (!ops113) throw new Error('the demo site has OPS-113');
    ops113.summary = 'Überlauf ✓ 🚦 "quoted" \\ back\nslash '.repeat(30_000);
    const path = '/rest/api/3/issue/OPS-113?fields=summary';
    const large = await bridge.requestJira(path, { headers: { accept: 'application/json' } });
    const direct = await fetch(`${host.jiraUrl}${path}`, { headers: { accept: 'application/json', authorization: host.appHost?.jira.authorizationFor(DEV_ACCOUNT_ID) ?? '' } });
    const sent = Buffer.from(await direct.arrayBuffer());
    expect(sent.length).toBeGreaterThan(1_000_000);
    const received = Buffer.from(await large.arrayBuffer());
    expect(received.equals(sent)).toBe(true);
    expect((JSON.parse(received.toString('utf8')) as { fields: { summary: string } }).fields.summary).toBe(ops113.summary);

    const search = await bridge.requestJira('/rest/api/3/search/jql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jql: 'key = OPS-113', fields: ['summary'] }) });
    expect(await search.json()).toMatchObject({ issues: [expect.objectContaining({ key: 'OPS-113' })] });
    // After the host's own search for the frame's issue: the surface's two, as Dan.
    expect(host.appHost?.jira.requests.matching({ path: '/rest/api/3/search/jql' }).slice(-2).map((r) => [r.accountId, r.status])).toEqual([
      [DEV_ACCOUNT_ID, 429],
      [DEV_ACCOUNT_ID, 200],
    ]);
  } finally {
    globalThis.Request = nodeRequest;
  }

  const context = await bridge.view.getContext();
  expect(context).toMatchObject({ accountId: DEV_ACCOUNT_ID, moduleKey: 'ktlo-issue-panel', extension: { type: 'jira:issueContext', issue: { key: 'OPS-113' } } });
  expect(await bridge.invoke('issue/load', {})).toMatchObject({ ok: true, data: { issue: { key: 'OPS-113' } } });

  await bridge.view.theme.enable();
  expect(attributes).toMatchObject({ 'data-color-mode': 'dark', 'data-theme': expect.stringContaining('dark:dark') });

  await bridge.view.refresh();
  await bridge.view.close();
  await bridge.router.navigate('/browse/OPS-1');
  await bridge.events.emit('KTLO_CHANGED', { key: 'OPS-113' });
  expect(posted.map((p) => p.name)).toEqual(['refresh', 'close', 'navigate', 'emit']);
  expect(posted[2]?.payload).toMatchObject({ url: '/browse/OPS-1', type: 'same-tab' });
});
