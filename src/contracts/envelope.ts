import { z } from 'zod';

/**
 * Every resolver answers with this envelope: data, or an error from a closed set of codes that the UI turns into
 * human sentences. Nothing else crosses the bridge.
 */
export const ERROR_CODES = ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'JIRA_UNAVAILABLE', 'RATE_LIMITED', 'INTERNAL'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** What an error says beyond its sentence, as data: RATE_LIMITED tells when Jira's limit clears (ISO), when Jira said. */
export const errorDataSchema = z.object({ clearsAt: z.string().nullable() });
export type ErrorData = z.infer<typeof errorDataSchema>;

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string; data?: ErrorData } };

export function envelopeSchema<T>(data: z.ZodType<T>): z.ZodType<Envelope<T>> {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: z.object({ code: z.enum(ERROR_CODES), message: z.string(), data: errorDataSchema.optional() }) }),
  ]);
}

export function success<T>(data: T): Envelope<T> {
  return { ok: true, data };
}

export function failure<T = never>(code: ErrorCode, message: string, data?: ErrorData): Envelope<T> {
  return { ok: false, error: data === undefined ? { code, message } : { code, message, data } };
}
