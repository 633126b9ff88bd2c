import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';
import type { ForgeHost } from './forge-globals';
import { INVOCATION_LIMITS } from './limits';

/** What started a function, which decides its default timeout (limits-invocation). */
export type InvocationKind = 'resolver' | 'trigger' | 'consumer' | 'scheduled' | 'lifecycle';

export interface Principal {
  accountId: string;
}

/** One running function: who it runs for and until when. Held in AsyncLocalStorage so concurrent invocations stay apart. */
export interface Invocation {
  readonly id: string;
  readonly kind: InvocationKind;
  readonly principal: Principal | null;
  readonly functionKey: string;
  readonly moduleKey: string;
  readonly deadline: number;
  readonly timeoutMs: number;
  readonly traceId: string;
  readonly spanId: string;
  /** Aborted at the deadline: in-flight requests stop, and later SDK calls of a timed-out function are refused. */
  readonly expiry: AbortController;
  /** The LocalForge that runs it (the globals are shared by the process, the state is not). */
  readonly owner: ForgeHost;
}

export const invocations = new AsyncLocalStorage<Invocation>();

export class InvocationTimeoutError extends Error {
  /** The reason Forge reports for a function that ran out of time. */
  readonly code = 'FUNCTION_TIME_OUT';
  readonly functionKey: string;
  readonly timeoutMs: number;
  constructor({ kind, functionKey, timeoutMs }: Pick<Invocation, 'kind' | 'functionKey' | 'timeoutMs'>) {
    super(`Forge function '${functionKey}' (${kind}) timed out after ${timeoutMs / 1000} s`);
    this.name = 'InvocationTimeoutError';
    this.functionKey = functionKey;
    this.timeoutMs = timeoutMs;
  }
}

/** The timeout, in seconds, a function of this kind runs under; `requested` stands for the manifest's `timeoutSeconds`. */
export function timeoutSecondsFor(kind: InvocationKind, requested?: number): number {
  const asyncKind = kind === 'consumer' || kind === 'scheduled';
  const max = asyncKind ? INVOCATION_LIMITS.asyncMaxTimeoutSeconds : INVOCATION_LIMITS.interactiveTimeoutSeconds;
  if (requested === undefined) return asyncKind ? INVOCATION_LIMITS.asyncDefaultTimeoutSeconds : max;
  if (!(requested > 0) || requested > max) {
    throw new RangeError(`timeoutSeconds for a ${kind} must be in (0, ${max}], got ${requested}`);
  }
  return requested;
}

export interface InvocationSpec {
  kind: InvocationKind;
  principal: Principal | null;
  functionKey: string;
  moduleKey: string;
  timeoutSeconds: number;
  owner: ForgeHost;
}

export function newInvocation(spec: InvocationSpec): Invocation {
  const timeoutMs = Math.round(spec.timeoutSeconds * 1000);
  return {
    id: randomUUID(),
    kind: spec.kind,
    principal: spec.principal,
    functionKey: spec.functionKey,
    moduleKey: spec.moduleKey,
    timeoutMs,
    deadline: Date.now() + timeoutMs,
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    expiry: new AbortController(),
    owner: spec.owner,
  };
}

/**
 * Runs `fn` as `invocation`. Past the deadline the returned promise rejects with InvocationTimeoutError; the function
 * itself cannot be killed in-process, but it is cut off from Jira, storage and queues from then on.
 */
export function runInvocation<T>(invocation: Invocation, fn: () => T | Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new InvocationTimeoutError(invocation);
      invocation.expiry.abort(error);
      reject(error);
    }, invocation.timeoutMs);
    invocations
      .run(invocation, () => Promise.resolve().then(fn))
      .then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
  });
}

export function remainingMillis(invocation: Invocation): number {
  return Math.max(0, invocation.deadline - Date.now());
}
