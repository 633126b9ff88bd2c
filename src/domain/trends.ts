import { bandStatus, roundPoints, type Band, type CapacityResult, type CapacityStatus } from './capacity';
import type { Category } from './category';
import { parseInstant } from './flow';
import type { ShareRange } from './share-range';
import { mean } from './stats';
import { tokenize } from './text';

/**
 * KTLO over time, for the article's "Review regularly: analyse KTLO trends to identify recurring issues": the KTLO
 * share sprint by sprint, and the KTLO chores that keep coming back ("Automate where possible" candidates). Pure.
 */

export interface TrendSprint {
  id: number;
  name: string;
  startDate: string | null;
  endDate: string | null;
  capacity: CapacityResult;
  /** The share with the sprint's unsure issues counted either way (share-range.ts); omitted when not measured. */
  range?: ShareRange;
}

export interface SprintTrendPoint {
  sprintId: number;
  name: string;
  startDate: string | null;
  endDate: string | null;
  ktloShare: number | null;
  status: CapacityStatus;
  ktloPoints: number;
  projectPoints: number;
  /** KTLO planned at sprint start vs added after it started; null when the sprint's history was not known. */
  ktloPlanned: number | null;
  ktloUnplanned: number | null;
  /** Low-high of the share over the unsure issues; null when none is unsure (or the range was not measured). */
  shareRange: { min: number; max: number } | null;
  /** Deciding the unsure issues could move the sprint across a band edge: its status rests on them. */
  restsOnUnsure: boolean;
}

export interface SprintTrendSummary {
  sprints: number;
  /** Mean KTLO share over the sprints that had something to measure; null when none had. */
  meanShare: number | null;
  sprintsOver: number;
  sprintsUnder: number;
  sprintsWithin: number;
  /** Sprints with nothing to measure, so the four counts add up to `sprints`. */
  sprintsEmpty: number;
}

export interface SprintTrend {
  points: SprintTrendPoint[];
  summary: SprintTrendSummary;
}

/**
 * The KTLO share of each sprint, in the order given (oldest first), with how often the team ran over or under its
 * reserved band. Statuses are judged against `band`, today's band, rather than the band each result was computed
 * with, so sprints planned under an older setting are compared on the same terms.
 */
export function sprintTrend(sprints: readonly TrendSprint[], band: Band): SprintTrend {
  const points = sprints.map(({ id, name, startDate, endDate, capacity, range }): SprintTrendPoint => {
    const shareRange = range && range.min !== null && range.max !== null && range.max > range.min ? { min: range.min, max: range.max } : null;
    const status = bandStatus(capacity.ktloShare, band);
    return {
      sprintId: id,
      name,
      startDate,
      endDate,
      ktloShare: capacity.ktloShare,
      status,
      ktloPoints: capacity.ktloPoints,
      projectPoints: capacity.projectPoints,
      ktloPlanned: capacity.ktloSplit?.planned ?? null,
      ktloUnplanned: capacity.ktloSplit?.unplanned ?? null,
      shareRange,
      restsOnUnsure: shareRange !== null && (bandStatus(shareRange.min, band) !== status || bandStatus(shareRange.max, band) !== status),
    };
  });
  const shares = points.flatMap((p) => (p.ktloShare === null ? [] : [p.ktloShare]));
  const meanShare = mean(shares);
  const count = (status: CapacityStatus): number => points.filter((p) => p.status === status).length;
  return {
    points,
    summary: {
      sprints: points.length,
      meanShare: meanShare === null ? null : roundPoints(meanShare),
      sprintsOver: count('over'),
      sprintsUnder: count('under'),
      sprintsWithin: count('within'),
      sprintsEmpty: count('empty'),
    },
  };
}

export interface RecurringIssue {
  key: string;
  summary: string;
  category: Category;
  estimate: number | null;
  sprintId?: number | null;
  /** ISO 8601; orders the keys of a group oldest first. */
  created?: string | null;
}

export interface RecurringOptions {
  /** How many issues make a chore recurring; default 3. */
  minOccurrences?: number;
}

export interface RecurringCandidate {
  /** The normalised summary the issues share. */
  signature: string;
  /** The most common summary of the group with its varying part removed, e.g. "Monthly security patching". */
  title: string;
  occurrences: number;
  /** Oldest first (issues without a creation date last). */
  keys: string[];
  /** Estimated points over the group; unestimated issues add nothing. */
  totalPoints: number;
  /** Distinct sprints the group appeared in (issues without a sprint not counted): every sprint suggests a routine. */
  sprintCount: number;
}

const MONTHS =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec';
const WEEKDAYS = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun';

// "Whole word" in the sense of `tokenize`: not touching another letter or digit (\b would treat "_" as a letter and
// "é" as a boundary).
function whole(pattern: string, flags: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern})(?![\\p{L}\\p{N}])`, `${flags}u`);
}

/** What changes from one occurrence of a chore to the next: dates, periods, numbers, versions, ticket keys. */
const VARYING: readonly RegExp[] = [
  whole('[A-Z][A-Z0-9_]+-\\d+', 'g'), // ticket keys (OPS-123); upper case as Jira writes them, so "cache-01" keeps "cache"
  whole(`(?:${MONTHS}|${WEEKDAYS})\\.?`, 'gi'),
  whole('q[1-4]|fy\\d{2,4}', 'gi'), // quarters, fiscal years
  // Numbered periods ("week 46", "wk 3", "sprint 24", "cw 47"): the number says which occurrence, the word with it.
  whole('(?:week|wk|cw|sprint|iteration)\\s*#?\\d+', 'gi'),
  // Numbers, years, dates (2026-10-01, 14/11), times (02:00, 10am), ordinals (14th), versions (v1.2.3). Digits inside a
  // word stay: "5xx", "ec2" and "2fa" name the thing, not the occasion.
  whole('v?\\d+(?:[-/.:]\\d+)*(?:st|nd|rd|th|am|pm)?', 'gi'),
];

const PUNCTUATION = '-–—:|/,;._';
const SEPARATOR = new RegExp(`^[${PUNCTUATION}]+$`);
const TRAILING_PUNCTUATION = new RegExp(`[${PUNCTUATION}]+$`);
const EMPTY_BRACKETS = new RegExp(`\\([${PUNCTUATION}\\s]*\\)|\\[[${PUNCTUATION}\\s]*\\]|\\{[${PUNCTUATION}\\s]*\\}`, 'g');
// Little words a removed date leaves stranded: "rota for December" -> "rota", "bump axios from 1.6.2 to 1.6.8" -> "bump axios".
const PREPOSITIONS = new Set(['for', 'of', 'in', 'on', 'at', 'by', 'from', 'to', 'until', 'till', 'during', 'since', 'per', 'via', 'with']);
const TRAILING_FILLER = new Set([...PREPOSITIONS, 'a', 'an', 'the', 'and', 'or']);

/** The summary with its varying part removed, still readable: "Monthly security patching - October" -> "Monthly security patching". */
function stableTitle(summary: string): string {
  let stripped = VARYING.reduce((text, pattern) => text.replace(pattern, ' '), summary);
  // Until none are left: emptying "(Dec (2026))" leaves "( )" only on the second round.
  for (let before = ''; before !== stripped; ) {
    before = stripped;
    stripped = stripped.replace(EMPTY_BRACKETS, ' ');
  }
  const words: string[] = [];
  for (const raw of stripped.split(/\s+/)) {
    // A separator glued to a removed part is left dangling: "sn-14" -> "sn-" -> "sn".
    const word = raw.replace(/(?<=[\p{L}\p{N}])[-–—/_]+$/u, '').replace(/^[-–—/_]+(?=[\p{L}\p{N}])/u, '');
    const previous = words[words.length - 1];
    if (word === '' || (SEPARATOR.test(word) && (previous === undefined || SEPARATOR.test(previous)))) continue;
    words.push(word);
  }
  for (;;) {
    const last = words[words.length - 1];
    if (last === undefined) break;
    const bare = last.replace(TRAILING_PUNCTUATION, '');
    if (bare === '' || TRAILING_FILLER.has(bare.toLowerCase())) words.pop();
    else if (bare !== last) words[words.length - 1] = bare;
    else break;
  }
  // Leading too: "On Monday: restart the ingestion job" -> "restart the ingestion job".
  while (words[0] !== undefined && (SEPARATOR.test(words[0]) || PREPOSITIONS.has(words[0].toLowerCase().replace(TRAILING_PUNCTUATION, '')))) {
    words.shift();
  }
  const title = words.join(' ');
  const first = title.charAt(0).toUpperCase();
  // Capitalise, unless that changes the length ("ß" -> "SS"): the title must give back the group's signature.
  return first.length === 1 ? first + title.slice(1) : title;
}

function signatureOfTitle(title: string): string {
  // The words as written (not stemmed): the signature is shown, and cloned chores repeat their wording anyway.
  return tokenize(title).words.join(' ');
}

/**
 * The key recurring work is grouped by: the summary lower-cased, without dates, periods (months, weekdays, quarters,
 * years), numbers, versions, ticket keys and punctuation. "Monthly security patching - October" and
 * "Monthly Security Patching (Dec)" both give "monthly security patching".
 */
export function summarySignature(summary: string): string {
  return signatureOfTitle(stableTitle(summary));
}

// A lone short word ("fix", "bug") says nothing about what recurs.
function isTelling(signature: string): boolean {
  return signature.includes(' ') || signature.length > 3;
}

interface Member {
  issue: RecurringIssue;
  title: string;
  created: number | null;
}

function compareKeys(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function byCreated(a: Member, b: Member): number {
  if (a.created !== b.created) {
    if (a.created === null) return 1;
    if (b.created === null) return -1;
    return a.created - b.created;
  }
  return compareKeys(a.issue.key, b.issue.key);
}

/** The most frequent title; ties go to the alphabetically first, so the answer does not depend on input order. */
function mostCommon(titles: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const t of titles) counts.set(t, (counts.get(t) ?? 0) + 1);
  let best = '';
  let bestCount = 0;
  for (const [title, n] of counts) {
    if (n > bestCount || (n === bestCount && title < best)) {
      best = title;
      bestCount = n;
    }
  }
  return best;
}

function candidate(signature: string, members: Member[]): RecurringCandidate {
  const ordered = [...members].sort(byCreated);
  const sprints = new Set(members.flatMap((m) => (m.issue.sprintId == null ? [] : [m.issue.sprintId])));
  return {
    signature,
    title: mostCommon(members.map((m) => m.title)),
    occurrences: members.length,
    keys: ordered.map((m) => m.issue.key),
    totalPoints: roundPoints(members.reduce((sum, m) => sum + (m.issue.estimate ?? 0), 0)),
    sprintCount: sprints.size,
  };
}

/**
 * KTLO chores that keep coming back, grouped by `summarySignature`: the article's candidates for automation and for
 * a standing reservation. Only KTLO issues count; an issue key given twice counts once (the first). Groups with at
 * least `minOccurrences` issues, most frequent first, then most points, then by signature.
 */
export function recurringWork(issues: readonly RecurringIssue[], opts: RecurringOptions = {}): RecurringCandidate[] {
  const minOccurrences = opts.minOccurrences ?? 3;
  const groups = new Map<string, Member[]>();
  const seen = new Set<string>();
  for (const issue of issues) {
    if (issue.category !== 'KTLO' || seen.has(issue.key)) continue;
    seen.add(issue.key);
    const title = stableTitle(issue.summary);
    const signature = signatureOfTitle(title);
    if (!isTelling(signature)) continue;
    const created = issue.created == null ? null : parseInstant(issue.created);
    const members = groups.get(signature) ?? [];
    members.push({ issue, title, created });
    groups.set(signature, members);
  }
  return [...groups]
    .filter(([, members]) => members.length >= minOccurrences)
    .map(([signature, members]) => candidate(signature, members))
    .sort(
      (a, b) =>
        b.occurrences - a.occurrences ||
        b.totalPoints - a.totalPoints ||
        (a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0),
    );
}
