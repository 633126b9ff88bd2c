/**
 * The host side of @forge/bridge for component tests: what Jira's page (and dev/host) does for a Custom UI iframe.
 * @forge/bridge reads `globalThis.__bridge.callBridge` when it is first imported, so jest installs this in setupFiles,
 * before any test imports a surface. Nothing of @forge/* is mocked: the real bridge calls this host.
 *
 * Tests answer resolver calls with `host.answer(key, handler)`, and read what the surface asked in `host.invocations`.
 */

export type ResolverHandler = (payload: Record<string, unknown>) => unknown;

export interface Invocation {
  functionKey: string;
  payload: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class FakeHost {
  private handlers = new Map<string, ResolverHandler>();
  private listeners = new Map<string, Set<(payload: unknown) => unknown>>();
  readonly invocations: Invocation[] = [];
  readonly bridgeCalls: string[] = [];
  /** What `view.getContext()` answers (as Jira's issue view does for jira:issueContext). */
  context: Record<string, unknown> = FakeHost.issueContext();
  themingEnabled = false;
  /** How Jira answers the surface's own `requestJira` calls (as the viewer); none set: the request fails. */
  jira: ((restPath: string) => { status: number; body: unknown }) | null = null;
  readonly jiraRequests: string[] = [];

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
    this.context = FakeHost.issueContext();
    this.themingEnabled = false;
    this.jira = null;
    this.jiraRequests.length = 0;
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
      case 'getContext':
        // A copy, as across the iframe boundary (jsdom has no structuredClone).
        return JSON.parse(JSON.stringify(this.context)) as unknown;
      case 'fetchProduct': {
        if (!isRecord(payload) || typeof payload['restPath'] !== 'string') throw new Error('fake host: fetchProduct without a restPath');
        this.jiraRequests.push(payload['restPath']);
        if (!this.jira) throw new Error(`fake host: Jira does not answer ${payload['restPath']}`);
        const { status, body } = this.jira(payload['restPath']);
        return { status, statusText: '', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
      }
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
}

export const host = new FakeHost();

Object.assign(globalThis, { __bridge: { callBridge: host.callBridge } });
