import type { FieldProblem } from './problems';

/**
 * The outcome of a domain function that can meet bad data: a value, or a message a person can act on. Expected
 * outcomes travel as values (the resolvers turn them into envelopes); throwing is kept for bugs.
 */
export type Result<T> = Ok<T> | Err;
export type Ok<T> = { ok: true; value: T };
export type Err = { ok: false; error: string };

/** A successful Result. */
export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

/** A failed Result; `error` names what was wrong and where, e.g. 'issue ABC-1: created "xyz" is not a date'. */
export function err(error: string): Err {
  return { ok: false, error };
}

/** A failure that names the fields at fault as data, beside the sentence: what a form puts beside each field. */
export type Invalid = Err & { problems: FieldProblem[] };

export function invalid(error: string, problems: FieldProblem[]): Invalid {
  return { ok: false, error, problems };
}
