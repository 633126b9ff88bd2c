import type { Request } from '@forge/resolver';
import { z } from 'zod';
import { failure, type Envelope } from '../contracts/envelope';
import { JiraError } from '../jira/http';
import { UnreadableIssueError } from '../services/classify-issues';
import { FieldSetupError } from '../services/fields';
import { metered } from '../services/metering';
import { NoSprintsError } from '../services/sprint-capacity';

/**
 * What every resolver shares: the trusted context (who is calling, from which issue/project/board/sprint), payload
 * validation, and the mapping of failures to the envelope's closed set of codes.
 */

const id = z.union([z.string().min(1), z.number()]).transform(String);
const numericId = z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(Number);

const contextSchema = z.looseObject({
  accountId: z.string().min(1).optional(),
  extension: z
    .looseObject({
      type: z.string().optional(),
      issue: z.looseObject({ id, key: z.string().min(1) }).optional(),
      project: z.looseObject({ id: id.optional(), key: z.string().min(1) }).optional(),
      board: z.looseObject({ id: numericId, type: z.string().optional() }).optional(),
      sprint: z.looseObject({ id: numericId, state: z.string().optional() }).optional(),
    })
    .optional(),
});

export interface CallContext {
  accountId: string;
  extension: NonNullable<z.infer<typeof contextSchema>['extension']>;
}

/** Payloads are small JSON objects; anything larger is refused before it is parsed. */
const MAX_PAYLOAD_CHARS = 64 * 1024;

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
  if (e instanceof JiraError) {
    switch (e.code) {
      case 'RATE_LIMITED':
        // The hourly points wall lasts until the top of the hour: say when, rather than "a minute".
        return e.clearsAt === null
          ? failure('RATE_LIMITED', 'Jira is rate limiting requests right now. Try again in a minute.', { clearsAt: null })
          : failure('RATE_LIMITED', `Jira is rate limiting KTLO Lens until ${e.clearsAt}. Try again then.`, { clearsAt: e.clearsAt });
      case 'NOT_FOUND':
        return failure('NOT_FOUND', e.message);
      case 'FORBIDDEN':
        return failure('FORBIDDEN', e.message);
      case 'BAD_REQUEST':
        return failure('INVALID_INPUT', e.message);
      default:
        return failure('JIRA_UNAVAILABLE', e.message);
    }
  }
  if (e instanceof UnreadableIssueError) return failure('JIRA_UNAVAILABLE', e.message);
  if (e instanceof FieldSetupError) return failure('NOT_FOUND', e.message);
  if (e instanceof NoSprintsError) return failure('INVALID_INPUT', e.message);
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
      const size = JSON.stringify(req.payload ?? {}).length;
      if (size > MAX_PAYLOAD_CHARS) return failure('INVALID_INPUT', `The request is too large (${size} characters; at most ${MAX_PAYLOAD_CHARS}).`);
      const payload = payloadSchema.safeParse(req.payload ?? {});
      if (!payload.success) {
        return failure('INVALID_INPUT', payload.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; '));
      }
      const context = contextSchema.safeParse(req.context);
      if (!context.success) return failure('INVALID_INPUT', 'The request came without a usable Jira context.');
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
