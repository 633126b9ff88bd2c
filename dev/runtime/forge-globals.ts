import type { ForgeRuntime } from '@forge/api';
import { type AppIdentity, contextAriOf, installationOf } from './app-identity';
import { type Invocation, invocations, remainingMillis } from './invocation';

/**
 * The two globals the Forge SDK does all its I/O through (@forge/api out/api/fetch.js and runtime.js, @forge/kvs
 * out/index.js, @forge/events via __requestAtlassianAsApp). They are installed once per process and route every call
 * to the LocalForge that owns the current invocation, or, outside any invocation (a test seeding storage, a script),
 * to the one installed last.
 */

export interface ForgeHost {
  readonly identity: AppIdentity;
  fetch(target: unknown, path: string, init: RequestInit | undefined, invocation: Invocation | undefined): Promise<Response>;
}

export type ForgeFetch = (target: unknown, path: string, init?: RequestInit) => Promise<Response>;

let active: ForgeHost | undefined;
let installedFetch: ForgeFetch | undefined;

function hostFor(invocation: Invocation | undefined): ForgeHost {
  if (invocation) return invocation.owner;
  if (!active) throw new Error('local Forge runtime: no LocalForge is installed (call forge.install() first)');
  return active;
}

const forgeFetch: ForgeFetch = async (target, path, init) => {
  const invocation = invocations.getStore();
  return hostFor(invocation).fetch(target, path, init, invocation);
};

const noopCounter = { incr: () => undefined, incrBy: () => undefined, decr: () => undefined, decrBy: () => undefined };
const noopMetrics: ForgeRuntime['metrics'] = {
  counter: () => noopCounter,
  timing: () => ({ measure: () => ({ stop: () => undefined }) }),
  gauge: () => ({ set: () => undefined }),
};

/** Fields that differ per invocation are getters, so concurrent invocations each read their own. */
const forgeRuntime: ForgeRuntime = {
  proxy: { token: 'local-forge-proxy-token', url: 'http://local-forge.invalid' },
  get contextAri() {
    return contextAriOf(hostFor(invocations.getStore()).identity);
  },
  get container() {
    return { region: 'local', runtime: `nodejs${process.versions.node}`, appCodeDir: hostFor(invocations.getStore()).identity.appCodeDir };
  },
  get appContext() {
    const invocation = invocations.getStore();
    const identity = hostFor(invocation).identity;
    return {
      appId: identity.appId,
      appVersion: identity.appVersion,
      environmentId: identity.environmentId,
      environmentType: identity.environmentType,
      installationId: identity.installationId,
      invocationId: invocation?.id ?? 'outside-invocation',
      functionKey: invocation?.functionKey ?? 'outside-invocation',
      moduleType: invocation?.kind ?? 'none',
      moduleKey: invocation?.moduleKey ?? 'outside-invocation',
      license: identity.license,
      installation: installationOf(identity),
    };
  },
  get aaid() {
    return invocations.getStore()?.principal?.accountId;
  },
  get lambdaContext() {
    const invocation = invocations.getStore();
    return {
      awsRequestId: invocation?.id ?? 'outside-invocation',
      getRemainingTimeInMillis: () => {
        if (!invocation) throw new Error('local Forge runtime: remaining time is only defined inside an invocation (forge.invoke)');
        return remainingMillis(invocation);
      },
    };
  },
  get tracing() {
    const invocation = invocations.getStore();
    return { traceId: invocation?.traceId ?? '0'.repeat(32), spanId: invocation?.spanId ?? '0'.repeat(16) };
  },
  realtime: {},
  metrics: noopMetrics,
  // Present so that @forge/kvs, when imported after installation, takes its current (proxied) client path.
  kvs: { url: 'http://local-kvs.invalid', host: 'local-kvs' },
  externalAuth: [],
  featureFlags: () => false,
};

/** Installs `__forge_fetch__` and `__forge_runtime__` once per process; refuses to replace globals someone else set. */
export function installForgeGlobals(): void {
  const current: unknown = Reflect.get(globalThis, '__forge_fetch__');
  if (current !== undefined && current === installedFetch) return;
  if (current !== undefined) throw new Error('local Forge runtime: __forge_fetch__ is already installed by something else');
  Object.assign(globalThis, { __forge_fetch__: forgeFetch, __forge_runtime__: forgeRuntime });
  installedFetch = forgeFetch;
}

/** Makes `host` the target of calls made outside any invocation. */
export function activateHost(host: ForgeHost): void {
  installForgeGlobals();
  active = host;
}

export function deactivateHost(host: ForgeHost): void {
  if (active === host) active = undefined;
}
