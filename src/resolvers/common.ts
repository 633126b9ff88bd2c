import Resolver, { type Request } from '@forge/resolver';
import { z } from 'zod';
import { failure, type Envelope } from '../contracts/envelope';
import { accountIdSchema, issueKeySchema, projectKeySchema } from '../contracts/ids';
import { readFailure } from '../reader/failure';
import { metered } from '../services/metering';

/**
 * What every resolver shares: the trusted context (who is calling, from which issue/project/board/sprint), payload
 * validation, and the mapping of failures to the envelope's closed set of codes.
 */

/** Ids as Jira sends them in a module's context: numeric, as strings or numbers. */
const numericString = z.union([z.string().regex(/^\d+$/, 'must be a numeric id'), z.number().int().nonnegative()]).transform(String);
const numericId = z.union([z.string().regex(/^\d+$/, 'must be a numeric id'), z.number().int()]).transform(Number).pipe(z.number().int().positive());

const contextSchema = z.looseObject({
  accountId: accountIdSchema.optional(),
  extension: z
    .looseObject({
      type: z.string().optional(),
      issue: z.looseObject({ id: numericString, key: issueKeySchema }).optional(),
      project: z.looseObject({ id: numericString.optional(), key: projectKeySchema }).optional(),
      board: z.looseObject({ id: numericId, type: z.string().optional() }).optional(),
      sprint: z.looseObject({ id: numericId, state: z.string().optional() }).optional(),
    })
    .optional(),
});

export interface CallContext {
  accountId: string;
  extension: NonNullable<z.infer<typeof contextSchema>['extension']>;
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
  ) {
    super(message);
  }
}

export function toFailure<T>(e: unknown): Envelope<T> {
  if (e instanceof Refusal) return failure(e.code, e.message);
  const read = readFailure<T>(e);
  if (read) return read;
  console.error('KTLO Lens resolver failed', e);
  return failure('INTERNAL', 'Something went wrong in KTLO Lens. The error was logged.');
}

/**
 * A resolver: size check, payload and context validation, then `fn`; every failure becomes an envelope. `fn` starts
 * with its own authorisation check (the first line of every privileged resolver).
 */
export function endpoint<P, R>(payloadSchema: z.ZodType<P>, fn: (payload: P, ctx: CallContext) => Promise<R>): (req: Request) => Promise<Envelope<R>> {
  return async (req) => {
    try {
      if (nestsDeeperThan(req.payload, MAX_PAYLOAD_DEPTH)) return failure('INVALID_INPUT', `payload: nested deeper than ${MAX_PAYLOAD_DEPTH} levels.`);
      const size = JSON.stringify(req.payload ?? {}).length;
      if (size > MAX_PAYLOAD_CHARS) return failure('INVALID_INPUT', `The request is too large (${size} characters; at most ${MAX_PAYLOAD_CHARS}).`);
      const payload = payloadSchema.safeParse(req.payload ?? {});
      if (!payload.success) {
        return failure('INVALID_INPUT', describeProblems(payload.error.issues, (path) => path || 'payload'));
      }
      const context = contextSchema.safeParse(req.context);
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

type ResolverFunction = (req: Request) => Promise<Envelope<unknown>>;
type DefinitionsHandler = ReturnType<Resolver['getDefinitions']>;

const invokedKeySchema = z.looseObject({ call: z.looseObject({ functionKey: z.string() }) });

/**
 * A surface's resolver: @forge/resolver's, except that a key which is not one of the surface's own functions is
 * answered NOT_FOUND before the SDK looks it up. The SDK (2.0.1) looks keys up with `in`, so `constructor`,
 * `toString` or `__proto__` would reach Object.prototype (echoing the invocation context, or failing with a 500).
 */
export class SurfaceResolver {
  private readonly sdk = new Resolver();
  private readonly keys = new Set<string>();

  define(functionKey: string, fn: ResolverFunction): this {
    this.sdk.define(functionKey, fn);
    this.keys.add(functionKey);
    return this;
  }

  getDefinitions(): DefinitionsHandler {
    const handler = this.sdk.getDefinitions();
    return async (event, runtime) => {
      const key = invokedKeySchema.safeParse(event).data?.call.functionKey;
      if (key === undefined || !this.keys.has(key)) return failure('NOT_FOUND', 'KTLO Lens has no such function for this view.');
      return handler(event, runtime);
    };
  }
}
