/**
 * The host side of @forge/bridge for component tests: what Jira's page (and dev/host) does for a Custom UI iframe.
 * @forge/bridge reads `globalThis.__bridge.callBridge` when it is first imported, so jest installs this in setupFiles,
 * before any test imports a surface. Nothing of @forge/* is mocked: the real bridge calls this host.
 *
 * Tests answer resolver calls with `host.answer(key, handler)`, and read what the surface asked in `host.invocations`.
 * A surface's `requestJira` goes to a Jira-compatible server the test started (`host.serveJira(jira)`, e.g. dev/jira's
 * `startJiraServer()` on the demo site) as the context's user, so Jira applies that user's permissions; the server's
 * meter counts the calls as the app's frontend requests (not charged to its quota).
 */
import { request } from 'node:http';
import type { RequestOrigin } from '../../../dev/jira/points-meter';

export type ResolverHandler = (payload: Record<string, unknown>) => unknown;

export interface Invocation {
  functionKey: string;
  payload: Record<string, unknown>;
}

/** The Jira a surface's requestJira reaches: a Jira-compatible server (dev/jira/server.ts's JiraServer fits). */
export interface ProductSite {
  url: string;
  authorizationFor(accountId: string, app?: string, origin?: RequestOrigin): string;
}

export interface ProductRequest {
  method: string;
  path: string;
  accountId: string;
  status: number;
}

/** The app id the fake host's frontend requests are metered to. */
export const FAKE_HOST_APP_ID = 'fake-host-app';

interface ProductAnswer {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
  isAttachment: false;
}

/** Sends one request over HTTP with node's own client (jsdom has no fetch, and a page's would go through CORS). */
function send(url: URL, method: string, headers: Record<string, string>, body: string | null): Promise<ProductAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const answerHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined && name !== 'content-length' && name !== 'connection' && name !== 'keep-alive' && name !== 'transfer-encoding') {
            answerHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
          }
        }
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: answerHeaders, body: Buffer.concat(chunks).toString('utf8'), isAttachment: false });
      });
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class FakeHost {
  private handlers = new Map<string, ResolverHandler>();
  private listeners = new Map<string, Set<(payload: unknown) => unknown>>();
  readonly invocations: Invocation[] = [];
  readonly bridgeCalls: string[] = [];
  /** Where the surface asked Jira to go (router.navigate and router.open), as the bridge sent it. */
  readonly navigations: unknown[] = [];
  /** What the surface asked Jira through requestJira, and what Jira answered. */
  readonly productRequests: ProductRequest[] = [];
  private site: ProductSite | null = null;
  /** What `view.getContext()` answers (as Jira's issue view does for jira:issueContext). */
  context: Record<string, unknown> = FakeHost.issueContext();
  /** While set, `view.getContext()` answers only once it settles (a host slow to answer, or one that never does). */
  contextHeld: Promise<void> | null = null;
  themingEnabled = false;

  static issueContext(accountId = 'user-dev-1'): Record<string, unknown> {
    return {
      accountId,
      cloudId: 'local-cloud',
      localId: 'ktlo-issue-panel-local',
      locale: 'en_GB',
      timezone: 'UTC',
      moduleKey: 'ktlo-issue-panel',
      siteUrl: 'http://localhost:4100',
      extension: {
        type: 'jira:issueContext',
        issue: { id: '10113', key: 'OPS-113', type: 'Task', typeId: '10002' },
        project: { id: '10000', key: 'OPS', type: 'software' },
      },
    };
  }

  /** How the resolver `functionKey` answers from now on; what it returns (or resolves to) is the invoke result. */
  answer(functionKey: string, handler: ResolverHandler): void {
    this.handlers.set(functionKey, handler);
  }

  /** The surface's requestJira calls go to this site from now on, as the context's user at the time of each call. */
  serveJira(site: ProductSite): void {
    this.site = site;
  }

  invocationsOf(functionKey: string): Record<string, unknown>[] {
    return this.invocations.filter((i) => i.functionKey === functionKey).map((i) => i.payload);
  }

  /** Sends a product event to the surface, as Jira does (e.g. JIRA_ISSUE_CHANGED after an edit). */
  emit(event: string, payload: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) void listener(payload);
  }

  reset(): void {
    this.handlers.clear();
    this.listeners.clear();
    this.invocations.length = 0;
    this.bridgeCalls.length = 0;
    this.navigations.length = 0;
    this.productRequests.length = 0;
    this.site = null;
    this.context = FakeHost.issueContext();
    this.contextHeld = null;
    this.themingEnabled = false;
  }

  /** The one entry point @forge/bridge calls: `callBridge(name, payload)`. */
  readonly callBridge = async (name: string, payload?: unknown): Promise<unknown> => {
    this.bridgeCalls.push(name);
    switch (name) {
      case 'invoke': {
        if (!isRecord(payload) || typeof payload['functionKey'] !== 'string') throw new Error('fake host: invoke without a functionKey');
        const functionKey = payload['functionKey'];
        const body = isRecord(payload['payload']) ? payload['payload'] : {};
        this.invocations.push({ functionKey, payload: body });
        const handler = this.handlers.get(functionKey);
        // As Forge does for an unknown key: the invoke rejects.
        if (!handler) throw new Error(`fake host: no resolver answers '${functionKey}'`);
        return handler(body);
      }
      case 'fetchProduct':
        return this.fetchProduct(payload);
      case 'getContext':
        if (this.contextHeld) await this.contextHeld;
        // A copy, as across the iframe boundary (jsdom has no structuredClone).
        return JSON.parse(JSON.stringify(this.context)) as unknown;
      case 'navigate':
        this.navigations.push(payload);
        return undefined;
      case 'enableTheming':
        this.themingEnabled = true;
        return undefined;
      case 'on': {
        if (!isRecord(payload) || typeof payload['event'] !== 'string' || typeof payload['callback'] !== 'function') {
          throw new Error('fake host: events.on without an event and a callback');
        }
        const event = payload['event'];
        const callback = payload['callback'] as (payload: unknown) => unknown;
        const set = this.listeners.get(event) ?? new Set();
        set.add(callback);
        this.listeners.set(event, set);
        return { unsubscribe: () => set.delete(callback) };
      }
      default:
        throw new Error(`fake host: bridge call '${name}' is not implemented`);
    }
  };

  /** As the local host does: only Jira REST paths, as the viewer, Jira's answer (status, headers, body) whole. */
  private async fetchProduct(payload: unknown): Promise<ProductAnswer> {
    if (!isRecord(payload) || payload['product'] !== 'jira' || typeof payload['restPath'] !== 'string') throw new Error('fake host: fetchProduct serves requestJira with a restPath');
    const restPath = payload['restPath'];
    if (!restPath.startsWith('/rest/')) throw new Error(`fake host: requestJira takes a Jira REST path (/rest/...), not "${restPath}"`);
    if (!this.site) throw new Error(`fake host: the surface called requestJira(${restPath}); start a Jira server and pass it to host.serveJira()`);
    const init = isRecord(payload['fetchRequestInit']) ? payload['fetchRequestInit'] : {};
    const method = typeof init['method'] === 'string' ? init['method'].toUpperCase() : 'GET';
    const headers: Record<string, string> = {};
    if (Array.isArray(init['headers'])) {
      for (const pair of init['headers']) {
        if (Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string' && pair[0].toLowerCase() !== 'authorization') headers[pair[0]] = pair[1];
      }
    }
    const accountId = typeof this.context['accountId'] === 'string' ? this.context['accountId'] : '';
    try {
      headers['authorization'] = this.site.authorizationFor(accountId, FAKE_HOST_APP_ID, 'frontend');
    } catch (e) {
      throw new Error(`fake host: requestJira runs as the context's user, and the site has no user ${accountId}: set host.context = FakeHost.issueContext(<a site user>) (${e instanceof Error ? e.message : String(e)})`);
    }
    const body = method !== 'GET' && method !== 'HEAD' && typeof init['body'] === 'string' ? init['body'] : null;
    const answer = await send(new URL(restPath, this.site.url), method, headers, body);
    this.productRequests.push({ method, path: restPath.split('?')[0] ?? restPath, accountId, status: answer.status });
    return answer;
  }
}

export const host = new FakeHost();

Object.assign(globalThis, { __bridge: { callBridge: host.callBridge } });
