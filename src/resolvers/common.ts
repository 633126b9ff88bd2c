import Resolver, { type Request } from '@forge/resolver';
import type { z } from 'zod';
import { invocationContextSchema, invokedKeySchema, type InvocationExtension } from '../contracts/context';
import { failure, type Envelope } from '../contracts/envelope';
import type { Route, RouteGroup } from '../contracts/routes';
import { problemsOf, type FieldProblem } from '../domain/problems';
import { readFailure } from '../reader/failure';
import { metered } from '../services/metering';

/**
 * What every resolver shares: the trusted context (who is calling, from which issue/project/board/sprint), payload
 * validation, and the mapping of failures to the envelope's closed set of codes.
 */

export interface CallContext {
  accountId: string;
  extension: InvocationExtension;
}

/** Payloads are small, shallow JSON objects; anything larger or deeper is refused before it is parsed. */
const MAX_PAYLOAD_CHARS = 64 * 1024;
const MAX_PAYLOAD_DEPTH = 32;

/** Whether `value` nests arrays and objects deeper than `limit`, found without recursion (a deep payload must not overflow the stack). */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (next.depth >= limit) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}

/** "jobId: must be ..." for a payload field, "context.extension.issue.id: ..." for the context. */
function describeProblems(issues: readonly z.core.$ZodIssue[], where: (path: string) => string): string {
  return issues.map((i) => `${where(i.path.map(String).join('.'))}: ${i.message}`).join('; ');
}

export class Refusal extends Error {
  constructor(
    readonly code: 'INVALID_INPUT' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT',
    message: string,
    /** INVALID_INPUT: the fields of the payload at fault, by their path in it. */
    readonly fields?: FieldProblem[],
  ) {
    super(message);
  }
}

/** A document's field problems as problems of the payload field that carried it (['band', 'min'] -> ['settings', 'band', 'min']). */
export function underPayload(field: string, problems: readonly FieldProblem[]): FieldProblem[] {
  return problems.map((p) => ({ ...p, path: [field, ...p.path] }));
}

export function toFailure<T>(e: unknown): Envelope<T> {
  if (e instanceof Refusal) return failure(e.code, e.message, e.fields ? { fields: e.fields } : {});
  const read = readFailure<T>(e);
  if (read) return read;
  console.error('KTLO Lens resolver failed', e);
  return failure('INTERNAL', 'Something went wrong in KTLO Lens. The error was logged.');
}

/** A route's handler: the parsed payload and the trusted context in, the route's answer out. */
export type Handler<Payload, Answer> = (payload: Payload, ctx: CallContext) => Promise<Answer>;

/**
 * A resolver: size check, payload (with the route's schema) and context validation, then `fn`; every failure becomes
 * an envelope. `fn` starts with its own authorisation check (the first line of every privileged resolver).
 */
function endpoint<P, R>(payloadSchema: z.ZodType<P>, fn: Handler<P, R>): (req: Request) => Promise<Envelope<R>> {
  return async (req) => {
    try {
      if (nestsDeeperThan(req.payload, MAX_PAYLOAD_DEPTH)) return failure('INVALID_INPUT', `payload: nested deeper than ${MAX_PAYLOAD_DEPTH} levels.`);
      const size = JSON.stringify(req.payload ?? {}).length;
      if (size > MAX_PAYLOAD_CHARS) return failure('INVALID_INPUT', `The request is too large (${size} characters; at most ${MAX_PAYLOAD_CHARS}).`);
      const payload = payloadSchema.safeParse(req.payload ?? {});
      if (!payload.success) {
        return failure('INVALID_INPUT', describeProblems(payload.error.issues, (path) => path || 'payload'), { fields: problemsOf(payload.error.issues, req.payload ?? {}) });
      }
      const context = invocationContextSchema.safeParse(req.context);
      if (!context.success) return failure('INVALID_INPUT', `The request came without a usable Jira context: ${describeProblems(context.error.issues, (path) => (path ? `context.${path}` : 'context'))}`);
      const { accountId, extension } = context.data;
      if (!accountId) return failure('FORBIDDEN', 'Sign in to Jira to use KTLO Lens.');
      return { ok: true, data: await metered('view', () => fn(payload.data, { accountId, extension: extension ?? {} })) };
    } catch (e) {
      return toFailure<R>(e);
    }
  };
}

export function requireIssue(ctx: CallContext): { id: string; key: string } {
  const issue = ctx.extension.issue;
  if (!issue) throw new Refusal('INVALID_INPUT', 'This view needs an issue in its context.');
  return issue;
}

export function requireProject(ctx: CallContext): { key: string } {
  const project = ctx.extension.project;
  if (!project) throw new Refusal('INVALID_INPUT', 'This view needs a project in its context.');
  return project;
}

type DefinitionsHandler = ReturnType<Resolver['getDefinitions']>;

/**
 * A surface's resolver: @forge/resolver's, keyed by the surface's routes (src/contracts/routes.ts). Each route of the
 * surface gets exactly one handler, whose payload is the route's parsed payload and whose answer must be of the
 * route's answer type; a route of another surface, a second handler, or a route left without one is a programming
 * error that stops the module from loading. A key which is not one of the surface's routes is answered NOT_FOUND
 * before the SDK looks it up: the SDK (2.0.1) looks keys up with `in`, so `constructor`, `toString` or `__proto__`
 * would reach Object.prototype (echoing the invocation context, or failing with a 500).
 */
export class SurfaceResolver {
  private readonly sdk = new Resolver();
  private readonly keys = new Set<string>();

  constructor(private readonly routes: RouteGroup) {}

  define<Payload, Answer, Sent>(route: Route<Payload, Answer, Sent>, fn: Handler<NoInfer<Payload>, NoInfer<Answer>>): this {
    if (!Object.values(this.routes).some((r) => r.key === route.key)) throw new Error(`Route ${route.key} is not a route of this surface.`);
    if (this.keys.has(route.key)) throw new Error(`Route ${route.key} has a handler already.`);
    this.sdk.define(route.key, endpoint(route.payload, fn));
    this.keys.add(route.key);
    return this;
  }

  getDefinitions(): DefinitionsHandler {
    const missing = Object.values(this.routes).filter((r) => !this.keys.has(r.key));
    if (missing.length > 0) throw new Error(`No handler for ${missing.map((r) => r.key).join(', ')}.`);
    const handler = this.sdk.getDefinitions();
    return async (event, runtime) => {
      const key = invokedKeySchema.safeParse(event).data?.call.functionKey;
      if (key === undefined || !this.keys.has(key)) return failure('NOT_FOUND', 'KTLO Lens has no such function for this view.');
      return handler(event, runtime);
    };
  }
}
