import { z } from 'zod';
import { FIELD_PROBLEM_CODES, type Diagnostic, type FieldProblem } from '../domain/problems';

/**
 * Every resolver answers with this envelope: data, or an error from a closed set of codes that the UI turns into
 * human sentences. Nothing else crosses the bridge.
 */
export const ERROR_CODES = ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'JIRA_UNAVAILABLE', 'RATE_LIMITED', 'INTERNAL'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** What an error says beyond its sentence, as data: RATE_LIMITED tells when Jira's limit clears (ISO), when Jira said. */
export const errorDataSchema = z.object({ clearsAt: z.string().nullable() });
export type ErrorData = z.infer<typeof errorDataSchema>;

/** One field an INVALID_INPUT names: its path in the payload or document sent, what is wrong as a code, and a sentence. */
export const fieldProblemSchema: z.ZodType<FieldProblem> = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  code: z.enum(FIELD_PROBLEM_CODES),
  message: z.string(),
});

/** JIRA_UNAVAILABLE: which call failed and Jira's own text, apart from the message (src/domain/problems.ts). */
export const diagnosticSchema: z.ZodType<Diagnostic> = z.object({ endpoint: z.string().nullable(), status: z.number().int().nullable(), detail: z.string() });

export interface EnvelopeError {
  code: ErrorCode;
  message: string;
  data?: ErrorData;
  /** INVALID_INPUT: the fields at fault, so a form shows each message beside its field. */
  fields?: FieldProblem[];
  /** What failed, for support: never shown as the message. */
  diagnostic?: Diagnostic;
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: EnvelopeError };

const errorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  data: errorDataSchema.optional(),
  fields: z.array(fieldProblemSchema).optional(),
  diagnostic: diagnosticSchema.optional(),
});

export function envelopeSchema<T>(data: z.ZodType<T>): z.ZodType<Envelope<T>> {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), data }), z.object({ ok: z.literal(false), error: errorSchema })]);
}

export function success<T>(data: T): Envelope<T> {
  return { ok: true, data };
}

export function failure<T = never>(code: ErrorCode, message: string, details: { data?: ErrorData; fields?: FieldProblem[]; diagnostic?: Diagnostic } = {}): Envelope<T> {
  return {
    ok: false,
    error: {
      code,
      message,
      ...(details.data === undefined ? {} : { data: details.data }),
      ...(details.fields === undefined ? {} : { fields: details.fields }),
      ...(details.diagnostic === undefined ? {} : { diagnostic: details.diagnostic }),
    },
  };
}
