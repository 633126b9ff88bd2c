import type { Category, Classification } from './category';
import { classify, type ClassifyConfig, type OverrideInput } from './classify';
import type { Rules } from './config';
import type { NormalizedIssue } from './issue';
import { tokenize } from './text';

/**
 * Turning an override into a rule: the labels and summary phrases of the issue that would generalise, each with how
 * many of the other issues looked at have it and how many of those it would flip, so an admin sees the effect before
 * saving anything. A term generalises when it names work, not a moment or one issue: no numbers or dates, no month
 * names, no stop words, and at least one other issue has it (a word only this issue has teaches nothing).
 */

export interface OtherIssue {
  issue: NormalizedIssue;
  /** How it is classified now. */
  current: Classification;
  override: OverrideInput | null;
}

export interface Candidate {
  term: string;
  /** Other issues that have it. */
  matches: number;
  /** Of those, how many a rule with it would change to the suggested category. */
  flips: number;
}

export interface Suggestion {
  category: Category;
  labels: Candidate[];
  phrases: Candidate[];
  /** How many other issues the counts are over. */
  examined: number;
}

/** The weight a suggested rule would get: "the words say what kind of work it is" (default-rules.ts). */
export const SUGGESTED_WEIGHT = 3;
const MAX_PER_KIND = 3;

const MONTHS = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);
const STOP_WORDS = new Set(['the', 'a', 'an', 'and', 'or', 'of', 'for', 'to', 'in', 'on', 'at', 'by', 'with', 'from', 'is', 'be', 'as', 'it', 'this', 'that', 'our', 'we', 'q1', 'q2', 'q3', 'q4']);

/** Whether a word names work rather than a date, a number or nothing. */
function generalises(word: string): boolean {
  return word.length > 1 && !/\d/.test(word) && !MONTHS.has(word) && !STOP_WORDS.has(word);
}

function contains(stems: readonly string[], phrase: readonly string[]): boolean {
  for (let i = 0; i + phrase.length <= stems.length; i++) if (phrase.every((w, k) => stems[i + k] === w)) return true;
  return false;
}

function withPhrase(rules: Rules, category: Category, term: string): Rules {
  return { ...rules, phrases: [...rules.phrases, { id: 'suggested', category, weight: SUGGESTED_WEIGHT, reason: 'suggested rule', terms: [term] }] };
}

function withLabel(rules: Rules, category: Category, label: string): Rules {
  return { ...rules, labels: [...rules.labels, { name: label, category, weight: SUGGESTED_WEIGHT }] };
}

function rank(a: Candidate, b: Candidate): number {
  return b.flips - a.flips || b.matches - a.matches || a.term.localeCompare(b.term);
}

export function suggestRule(subject: NormalizedIssue, category: Category, config: ClassifyConfig, others: readonly OtherIssue[]): Suggestion {
  const rest = others.filter((o) => o.issue.id !== subject.id);
  const texts = rest.map((o) => tokenize(`${o.issue.summary}\n${o.issue.description}`).stems);
  const flipsWith = (rules: Rules, matching: readonly OtherIssue[]): number =>
    matching.filter((o) => o.current.category !== category && classify(o.issue, { ...config, rules }, o.override).category === category).length;

  const knownLabels = new Set(config.rules.labels.map((l) => l.name.toLowerCase()));
  const labels: Candidate[] = [];
  for (const label of new Set(subject.labels)) {
    const lower = label.toLowerCase();
    if (knownLabels.has(lower) || !tokenize(label).words.every(generalises)) continue;
    const matching = rest.filter((o) => o.issue.labels.some((l) => l.toLowerCase() === lower));
    if (matching.length > 0) labels.push({ term: label, matches: matching.length, flips: flipsWith(withLabel(config.rules, category, label), matching) });
  }

  const knownTerms = new Set(config.rules.phrases.flatMap((p) => p.terms.map((t) => tokenize(t).stems.join(' '))));
  const { words, stems } = tokenize(subject.summary);
  const seen = new Set<string>();
  const phrases: Candidate[] = [];
  for (let i = 0; i < words.length; i++) {
    for (const length of [2, 1]) {
      const part = stems.slice(i, i + length);
      const written = words.slice(i, i + length);
      const key = part.join(' ');
      if (part.length < length || !written.every(generalises) || knownTerms.has(key) || seen.has(key)) continue;
      seen.add(key);
      const matching = rest.filter((_, k) => contains(texts[k] ?? [], part));
      const term = written.join(' ');
      if (matching.length > 0) phrases.push({ term, matches: matching.length, flips: flipsWith(withPhrase(config.rules, category, term), matching) });
    }
  }
  return { category, labels: labels.sort(rank).slice(0, MAX_PER_KIND), phrases: phrases.sort(rank).slice(0, MAX_PER_KIND), examined: rest.length };
}
