import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { JiraHttpError } from './api';
import type { Behaviour } from './behaviour';
import type { FieldSelection } from './issue-json';
import type { Json } from './site-model';

/**
 * Jira's two paging styles. Token paging (platform search, changelogs, the enhanced issue lists): opaque, signed
 * `nextPageToken`s, `isLast`, no total; the page size is the server's to choose. Agile 1.0 lists: `startAt` /
 * `maxResults`, where the server caps `maxResults` and reports the size it actually used.
 */

/** The agile API's largest page, whatever the client asks for (measured on boards and sprints). */
export const AGILE_MAX_RESULTS = 50;

/** The default page of token-paged issue lists (documented for search/jql, measured for the enhanced lists). */
export const ISSUE_PAGE_DEFAULT = 50;

/** "It returns max 5000 issues", reached "when requesting `id` or `key` only". */
export const ISSUE_PAGE_MAX_IDS = 5000;

/** With a few fields Jira serves 100 a page (measured with fields=summary); with many fields fewer. */
export const ISSUE_PAGE_MAX_WITH_FIELDS = 100;

/**
 * The largest page of issues for a field selection. Jira documents only "fewer items per page where a large number of
 * fields or properties are requested"; the server's model: 100 for up to 10 fields, then 1000 / fields, at least 10.
 */
export function issuePageCap(selection: FieldSelection): number {
  if (selection.kind === 'ids' || selection.ids.length === 0) return ISSUE_PAGE_MAX_IDS;
  return Math.max(10, Math.min(ISSUE_PAGE_MAX_WITH_FIELDS, Math.floor(1000 / selection.ids.length)));
}

/** The number of items a page holds: what was asked within the cap, and under 'half' paging at most half the list. */
export function servedPageSize(behaviour: Behaviour, requested: number, cap: number, total: number): number {
  const size = Math.min(Math.max(requested, 1), cap);
  return behaviour.paging === 'half' && total >= 2 ? Math.min(size, Math.ceil(total / 2)) : size;
}

export interface AgilePage<T> {
  startAt: number;
  maxResults: number;
  isLast: boolean;
  total: number;
  items: T[];
}

export function agilePage<T>(behaviour: Behaviour, items: readonly T[], startAt: number, requested: number): AgilePage<T> {
  if (startAt < 0) throw new JiraHttpError(400, ["The 'startAt' parameter must not be negative."]);
  const maxResults = servedPageSize(behaviour, requested, AGILE_MAX_RESULTS, items.length);
  const page = items.slice(startAt, startAt + maxResults);
  return { startAt, maxResults, isLast: startAt + page.length >= items.length, total: items.length, items: page };
}

const INVALID_TOKEN = 'The provided next page token is invalid or expired.';

/**
 * Page tokens signed with a secret of this server (HMAC-SHA256): a token names the query it belongs to and when it
 * expires, so a forged, altered, expired or replayed-elsewhere token is a 400, never a wrong page.
 */
export class PageTokens {
  private readonly secret = randomBytes(32);

  constructor(private readonly behaviour: Behaviour) {}

  issue(scope: Json, offset: number): string {
    const payload = Buffer.from(JSON.stringify({ s: scopeHash(scope), o: offset, e: Date.now() + this.behaviour.pageTokenTtlMs })).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The offset a token stands for; 0 when there is none (the first page). */
  read(token: string | undefined, scope: Json): number {
    if (token === undefined || token === '') return 0;
    const [payload, signature, extra] = token.split('.');
    if (payload === undefined || signature === undefined || extra !== undefined || !this.verify(payload, signature)) throw new JiraHttpError(400, [INVALID_TOKEN]);
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      decoded = null;
    }
    if (
      typeof decoded === 'object' &&
      decoded !== null &&
      's' in decoded &&
      'o' in decoded &&
      'e' in decoded &&
      decoded.s === scopeHash(scope) &&
      typeof decoded.e === 'number' &&
      decoded.e > Date.now() &&
      typeof decoded.o === 'number' &&
      Number.isInteger(decoded.o) &&
      decoded.o >= 0
    ) {
      return decoded.o;
    }
    throw new JiraHttpError(400, [INVALID_TOKEN]);
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }

  private verify(payload: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

/** A token names the query it belongs to, so a token replayed against another query is refused rather than misread. */
function scopeHash(scope: Json): string {
  return createHash('sha256').update(JSON.stringify(scope)).digest('base64url').slice(0, 12);
}
