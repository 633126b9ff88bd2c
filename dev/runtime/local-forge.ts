import { z } from 'zod';
import { type AppIdentity, contextAriOf, DEFAULT_IDENTITY, type PlatformContext, platformContextOf } from './app-identity';
import { activateHost, deactivateHost, type ForgeHost } from './forge-globals';
import { type Invocation, type InvocationKind, newInvocation, type Principal, runInvocation, timeoutSecondsFor } from './invocation';
import { forwardToJira, type JiraPrincipal, type JiraProxyOptions } from './jira-proxy';
import { EntityCatalog, type EntityDeclaration } from './kvs/kvs-entities';
import { KvsService } from './kvs/kvs-service';
import { KvsStore } from './kvs/kvs-store';
import { INVOCATION_LIMITS, QUEUE_LIMITS } from './limits';
import { type ConsumerHandler, type ConsumerOptions, type DrainReport, LocalQueues } from './queue/local-queues';
import { seededRandom } from '../seeded-random';

export interface LocalForgeOptions extends JiraProxyOptions {
  /** Persist storage in this file (atomic writes); without it storage lives in memory. */
  storageFile?: string;
  /** The manifest's `app.storage.entities`, for custom entity storage. */
  entities?: readonly EntityDeclaration[];
  /** App, environment and installation ids; local defaults otherwise. `siteUrl` defaults to `baseUrl`. */
  app?: Partial<AppIdentity>;
  /**
   * Every KVS call takes `ms` plus up to `jitterMs` more (uniform, from `seed`), half on the way in and half on the
   * way out, as calls over the network do, so concurrent invocations interleave their reads and writes. Off by default.
   */
  kvsLatency?: { ms: number; jitterMs?: number; seed?: number };
  queue?: {
    /** Retries after the first attempt before an event counts as failed (default 4, as Forge). */
    maxRetries?: number;
    /** Real milliseconds per requested second of delay or retry backoff (default 0: deliver at once). */
    delayScaleMs?: number;
  };
}

export interface InvokeOptions {
  kind: InvocationKind;
  /** The user the platform says invoked the function; null or absent for none (asUser() then fails). */
  principal?: Principal | null;
  /** The function's manifest `timeoutSeconds` (consumers, scheduled triggers), or a shorter limit for a test. */
  timeoutSeconds?: number;
  functionKey?: string;
  moduleKey?: string;
}

/** The event @forge/resolver's getDefinitions() handler takes (resolver/out/index.js). */
export interface ResolverEvent {
  call: { functionKey: string; payload?: unknown; jobId?: string };
  context: Record<string, unknown>;
}

export type ResolverHandler = (event: ResolverEvent, context: PlatformContext) => Promise<unknown>;

export interface ResolverCall {
  functionKey: string;
  /** What the frontend passed to invoke(): untrusted, crosses the wire as JSON (at most 500 KB). */
  payload?: unknown;
  /** The module context the platform attaches. `accountId` is the signed-in user the host vouches for (null: anonymous). */
  context: { accountId: string | null; moduleKey: string; extension: Record<string, unknown>; localId?: string } & Record<string, unknown>;
  timeoutSeconds?: number;
}

const targetSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('kvs'), provider: z.literal('app').optional(), remote: z.literal('kvs').optional() }),
  z.strictObject({
    type: z.literal('fpp'),
    provider: z.enum(['user', 'app', 'none']),
    remote: z.string().optional(),
    accountId: z.string().optional(),
    contextAri: z.string().optional(),
  }),
]);
type ProductTarget = Extract<z.infer<typeof targetSchema>, { type: 'fpp' }>;

export class LocalForgeUnsupportedError extends Error {
  constructor(what: string) {
    super(`local Forge runtime does not support ${what}`);
    this.name = 'LocalForgeUnsupportedError';
  }
}

/**
 * A local Forge platform for one app installation: the SDK's globals route here, handlers run as invocations with the
 * platform's arguments, principal and deadline. `install()` it before the app calls the SDK.
 */
export class LocalForge implements ForgeHost {
  readonly identity: AppIdentity;
  private readonly jira: JiraProxyOptions;
  private readonly kvs: KvsService;
  private readonly queues: LocalQueues;
  private readonly kvsDelay: (() => Promise<void>) | null;

  constructor(options: LocalForgeOptions) {
    this.identity = { ...DEFAULT_IDENTITY, siteUrl: options.baseUrl, ...options.app };
    this.jira = { baseUrl: options.baseUrl, authorization: options.authorization };
    const store = options.storageFile ? KvsStore.persisted(options.storageFile) : KvsStore.inMemory();
    this.kvs = new KvsService(store, new EntityCatalog(options.entities ?? []));
    this.kvsDelay = options.kvsLatency ? halfLatency(options.kvsLatency) : null;
    this.queues = new LocalQueues({
      invokeConsumer: (consumer, event) =>
        this.invoke(consumer.handler, event, {
          kind: 'consumer',
          principal: null,
          timeoutSeconds: consumer.timeoutSeconds,
          functionKey: consumer.functionKey ?? `${consumer.queueName}-consumer`,
          moduleKey: consumer.moduleKey ?? `${consumer.queueName}-consumer`,
        }),
      maxRetries: options.queue?.maxRetries ?? QUEUE_LIMITS.maxRetries,
      delayScaleMs: options.queue?.delayScaleMs ?? 0,
    });
  }

  /** Installs the SDK globals (once per process) and makes this the runtime that calls outside an invocation reach. */
  install(): this {
    activateHost(this);
    return this;
  }

  /** Stops queue delivery and detaches from the globals; storage already written to `storageFile` stays. */
  dispose(): void {
    this.queues.dispose();
    deactivateHost(this);
  }

  /**
   * Runs `handler(event, platformContext)` as one invocation of the given kind. Rejects with InvocationTimeoutError
   * once the function's timeout has passed (25 s for resolvers and triggers; 55 s or `timeoutSeconds`, up to 900 s,
   * for consumers and scheduled triggers).
   */
  invoke<E, R>(handler: (event: E, context: PlatformContext) => R | Promise<R>, event: E, options: InvokeOptions): Promise<R> {
    const principal = options.principal ?? null;
    const functionKey = options.functionKey ?? (handler.name || 'handler');
    const invocation = newInvocation({
      kind: options.kind,
      principal,
      functionKey,
      moduleKey: options.moduleKey ?? functionKey,
      timeoutSeconds: timeoutSecondsFor(options.kind, options.timeoutSeconds),
      owner: this,
    });
    const context = platformContextOf(this.identity, principal);
    return runInvocation(invocation, () => handler(event, context));
  }

  /**
   * Invokes a resolver (the handler `new Resolver().getDefinitions()` returns) as the bridge's invoke() reaches it:
   * the payload and the answer cross the wire as JSON, the principal comes from `context.accountId`, never the payload.
   */
  async invokeResolver(handler: ResolverHandler, call: ResolverCall): Promise<unknown> {
    const { accountId, ...moduleContext } = call.context;
    const payload = crossWire(call.payload, INVOCATION_LIMITS.resolverPayloadInBytes, `payload of '${call.functionKey}'`);
    const event: ResolverEvent = {
      call: { functionKey: call.functionKey, ...(payload === undefined ? {} : { payload }) },
      context: {
        ...moduleContext,
        localId: call.context.localId ?? `local-${call.context.moduleKey}`,
        accountId: accountId ?? undefined,
        accountType: accountId ? 'licensed' : 'anonymous',
        cloudId: this.identity.cloudId,
        siteUrl: this.identity.siteUrl,
        environmentId: this.identity.environmentId,
        environmentType: this.identity.environmentType,
      },
    };
    const result = await this.invoke(handler, event, {
      kind: 'resolver',
      principal: accountId ? { accountId } : null,
      timeoutSeconds: call.timeoutSeconds,
      functionKey: call.functionKey,
      moduleKey: call.context.moduleKey,
    });
    return crossWire(result, INVOCATION_LIMITS.resolverPayloadOutBytes, `response of '${call.functionKey}'`);
  }

  /** Registers the function the manifest's `consumer` module binds to `queueName`. */
  registerConsumer(queueName: string, handler: ConsumerHandler, options: ConsumerOptions = {}): void {
    timeoutSecondsFor('consumer', options.timeoutSeconds);
    this.queues.register({ queueName, handler, ...options });
  }

  /** Resolves once every pushed event (and every event its consumers pushed) has been delivered or has failed for good. */
  drainQueues(): Promise<DrainReport> {
    return this.queues.drain();
  }

  /** ForgeHost: where `__forge_fetch__(target, path, init)` lands. */
  async fetch(rawTarget: unknown, path: string, init: RequestInit | undefined, invocation: Invocation | undefined): Promise<Response> {
    if (invocation?.expiry.signal.aborted) {
      throw new Error(`local Forge runtime: '${invocation.functionKey}' has timed out; its later call to ${path} was refused`);
    }
    const parsed = targetSchema.safeParse(rawTarget);
    if (!parsed.success) throw new LocalForgeUnsupportedError(`the request target ${JSON.stringify(rawTarget)} (path ${path})`);
    const target = parsed.data;
    if (target.type === 'kvs') {
      if (!this.kvsDelay) return this.kvs.handle(path, init);
      await this.kvsDelay();
      const answer = this.kvs.handle(path, init);
      await this.kvsDelay();
      return answer;
    }
    if (target.contextAri !== undefined && target.contextAri !== contextAriOf(this.identity)) {
      throw new LocalForgeUnsupportedError(`requests to another site (withContext('${target.contextAri}'))`);
    }
    if (target.remote === 'jira') return this.requestJira(target, path, init, invocation);
    const queueAnswer = target.remote === 'stargate' && target.provider !== 'none' ? this.queues.handle(path, init) : undefined;
    if (queueAnswer) return queueAnswer;
    throw new LocalForgeUnsupportedError(`${target.provider} requests to remote '${target.remote ?? '(none)'}' path ${path}`);
  }

  private requestJira(target: ProductTarget, path: string, init: RequestInit | undefined, invocation: Invocation | undefined): Promise<Response> {
    let principal: JiraPrincipal | null = null;
    if (target.provider === 'app') principal = { kind: 'app' };
    if (target.provider === 'user') {
      const accountId = target.accountId ?? invocation?.principal?.accountId;
      // What the platform answers when asUser() has no user to act for; the SDK turns it into NeedsAuthenticationError.
      if (!accountId) return Promise.resolve(new Response(null, { status: 401, headers: { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' } }));
      principal = { kind: 'user', accountId };
    }
    return forwardToJira(this.jira, principal, path, init, invocation?.expiry.signal);
  }
}

function halfLatency({ ms, jitterMs = 0, seed = 1 }: NonNullable<LocalForgeOptions['kvsLatency']>): () => Promise<void> {
  if (!(ms >= 0 && jitterMs >= 0)) throw new Error('kvsLatency: ms and jitterMs must not be negative');
  const random = seededRandom(seed);
  return () => new Promise((resolve) => setTimeout(resolve, (ms + random() * jitterMs) / 2));
}

/** A value as the other side of the wire sees it (JSON), refused above the platform's size limit. */
function crossWire(value: unknown, limitBytes: number, what: string): unknown {
  const text: string | undefined = JSON.stringify(value);
  if (text === undefined) return undefined;
  if (Buffer.byteLength(text, 'utf8') > limitBytes) throw new Error(`${what} exceeds the platform limit of ${limitBytes} bytes`);
  const parsed: unknown = JSON.parse(text);
  return parsed;
}
