import type { z } from 'zod';

/**
 * What is wrong with one field of a document, as data: where (the field's path in the document, e.g. ['band', 'min']),
 * what kind of wrong (a code the UI can word in its own terms), and a sentence for whoever reads it as text.
 */
export const FIELD_PROBLEM_CODES = [
  'REQUIRED',
  'WRONG_TYPE',
  'NOT_A_NUMBER',
  'NOT_WHOLE',
  'OUT_OF_RANGE',
  'TOO_SHORT',
  'TOO_LONG',
  'TOO_FEW',
  'TOO_MANY',
  'BAD_FORMAT',
  'NOT_ALLOWED',
  'UNKNOWN_FIELD',
  'BAND_ORDER',
  'INVALID',
] as const;
export type FieldProblemCode = (typeof FIELD_PROBLEM_CODES)[number];

export interface FieldProblem {
  path: (string | number)[];
  code: FieldProblemCode;
  message: string;
}

/**
 * What a failure of Jira was, for support and a "details" line, never the sentence a person reads: the endpoint the
 * app called (null when the fault was in what Jira sent, not in one call), the HTTP status Jira last answered with
 * (null: it gave no answer in time), and what happened with Jira's own text.
 */
export interface Diagnostic {
  endpoint: string | null;
  status: number | null;
  detail: string;
}

/** A refinement names its own code in its params (`{ params: { code: 'BAND_ORDER' } }`). */
function ownCode(params: Record<string, unknown> | undefined): FieldProblemCode {
  const code = params?.['code'];
  return FIELD_PROBLEM_CODES.find((c) => c === code) ?? 'INVALID';
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function codeOf(issue: z.core.$ZodIssue, input: unknown): FieldProblemCode {
  switch (issue.code) {
    case 'invalid_type':
      if (valueAt(input, issue.path) === undefined) return 'REQUIRED';
      if (issue.expected === 'int') return 'NOT_WHOLE';
      return issue.expected === 'number' ? 'NOT_A_NUMBER' : 'WRONG_TYPE';
    case 'too_small':
      return issue.origin === 'string' ? 'TOO_SHORT' : issue.origin === 'array' || issue.origin === 'set' ? 'TOO_FEW' : 'OUT_OF_RANGE';
    case 'too_big':
      return issue.origin === 'string' ? 'TOO_LONG' : issue.origin === 'array' || issue.origin === 'set' ? 'TOO_MANY' : 'OUT_OF_RANGE';
    case 'not_multiple_of':
      return 'NOT_WHOLE';
    case 'invalid_format':
      return 'BAD_FORMAT';
    case 'invalid_value':
      return 'NOT_ALLOWED';
    case 'custom':
      return ownCode(issue.params);
    default:
      return 'INVALID';
  }
}

/** Path segments as JSON carries them (zod's paths may hold symbols, which no document has). */
function jsonPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((p) => (typeof p === 'number' ? p : String(p)));
}

/**
 * zod's issues of parsing `input` as field problems; an unknown key becomes a problem at that key's own path.
 * `prefix` places the issues of a part in the whole document (['rules'] when only the rules were parsed).
 */
export function problemsOf(issues: readonly z.core.$ZodIssue[], input: unknown, prefix: readonly (string | number)[] = []): FieldProblem[] {
  return issues.flatMap((issue): FieldProblem[] => {
    const path = [...prefix, ...jsonPath(issue.path)];
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key], code: 'UNKNOWN_FIELD', message: `Unrecognized key: "${key}"` }));
    return [{ path, code: codeOf(issue, input), message: issue.message }];
  });
}
