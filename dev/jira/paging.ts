import { createHash } from 'node:crypto';
import { JiraHttpError } from './api';
import type { Json } from './site-model';

/**
 * Jira's two paging styles. Platform search and changelogs: opaque `nextPageToken`s, `isLast`, no total. Agile lists:
 * `startAt` / `maxResults`, where the server caps `maxResults` and reports the size it actually used.
 */

/** The agile API's largest page, whatever the client asks for. */
export const AGILE_MAX_RESULTS = 50;

export interface AgilePage<T> {
  startAt: number;
  maxResults: number;
  isLast: boolean;
  total: number;
  items: T[];
}

export function agilePage<T>(items: readonly T[], startAt: number, requested: number): AgilePage<T> {
  if (startAt < 0) throw new JiraHttpError(400, ["The 'startAt' parameter must not be negative."]);
  const maxResults = Math.min(Math.max(requested, 1), AGILE_MAX_RESULTS);
  const page = items.slice(startAt, startAt + maxResults);
  return { startAt, maxResults, isLast: startAt + page.length >= items.length, total: items.length, items: page };
}

/** A token names the query it belongs to, so a token replayed against another query is refused rather than misread. */
function scopeHash(scope: Json): string {
  return createHash('sha256').update(JSON.stringify(scope)).digest('base64url').slice(0, 12);
}

export function encodePageToken(scope: Json, offset: number): string {
  return Buffer.from(JSON.stringify({ s: scopeHash(scope), o: offset })).toString('base64url');
}

export function decodePageToken(token: string | undefined, scope: Json): number {
  if (token === undefined || token === '') return 0;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  if (
    typeof decoded === 'object' &&
    decoded !== null &&
    's' in decoded &&
    'o' in decoded &&
    decoded.s === scopeHash(scope) &&
    typeof decoded.o === 'number' &&
    Number.isInteger(decoded.o) &&
    decoded.o >= 0
  ) {
    return decoded.o;
  }
  throw new JiraHttpError(400, ['The provided next page token is invalid or expired.']);
}
