import type { IssueView } from '../../contracts/resolvers';
import type { Category } from '../../domain/category';

/** Words and numbers the surfaces show, kept apart from the components so they read the same everywhere. */

/** "OPS", "OPS and WEB", "OPS, WEB and SEC". */
export function listed(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export type ConfidenceLevel = 'certain' | 'high' | 'medium' | 'low';

/**
 * Confidence in words. 1 is reserved for overrides and explicit labels; 0.8 is about three one-sided signals (see
 * classify.ts); below 0.6 (the default low-confidence threshold) a decision deserves a look.
 */
export function confidenceLevel(confidence: number): ConfidenceLevel {
  if (confidence >= 1) return 'certain';
  if (confidence >= 0.8) return 'high';
  if (confidence >= 0.6) return 'medium';
  return 'low';
}

const LEVEL_WORDS: Record<ConfidenceLevel, string> = {
  certain: 'Certain',
  high: 'High confidence',
  medium: 'Medium confidence',
  low: 'Low confidence',
};

/** "High confidence (93%)". */
export function confidenceText(confidence: number): string {
  return `${LEVEL_WORDS[confidenceLevel(confidence)]} (${Math.round(confidence * 100)}%)`;
}

/** "KTLO" or "Project work", as a person says it. */
export function categoryWords(category: Category): string {
  return category === 'KTLO' ? 'KTLO' : 'Project work';
}

export function sourceText(source: IssueView['source'], hasOverride: boolean): string {
  switch (source) {
    case 'override':
      return hasOverride ? 'Decided by a team member’s override.' : 'Decided by an explicit label on the issue.';
    case 'parent':
      return 'Follows its parent issue.';
    case 'rules':
      return 'Decided by the classification rules.';
    case 'default':
      return 'No rule decided, so the default category applies.';
  }
}

/** A timestamp in the viewer's locale and Jira time zone; the raw value when it is not a date or the zone is unknown. */
export function formatWhen(iso: string, locale?: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) };
  try {
    return new Intl.DateTimeFormat(locale, options).format(date);
  } catch {
    // An unknown locale or time zone from the host: the browser's own still reads well.
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  }
}
