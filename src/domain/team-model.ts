import { z } from 'zod';
import { CATEGORIES, type Category } from './category';
import type { NormalizedIssue } from './issue';
import { featureHash, isInformative, WeightTable, type FeatureList } from './model';

/**
 * Learning from the team: every override (and explicit label) a site's team sets is an example of how that team
 * draws the line. The app keeps the examples (feature names only: words, word pairs, labels, components, intent and
 * rules, never the text) with the shipped model's logit for each, and fits the team's own weights delta on them:
 *   minimise  sum_i logloss(y_i, z_i + sum_f delta_f x_if) + TEAM_L2 / 2 * |delta|^2
 * (logistic regression with the shipped model's logit z_i as a fixed offset, by a fixed number of gradient steps from
 * delta = 0, so the same examples always give the same weights). Classification adds sum_f delta_f to the model's
 * logit. The penalty keeps one-off words near 0 and lets words that recur across overrides speak.
 *
 * Beside the weights, the team's examples vote as neighbours: a team's tracker repeats its vocabulary, so the issues
 * most like this one that the team labelled say more than any global reweighting. Similarity is the cosine of the
 * issues' feature sets, each feature weighted by its rarity among the examples (idf = ln(1 + N / df)); the
 * NEIGHBOURS most similar examples add  VOTE_WEIGHT * N / (N + VOTE_PRIOR) * sum_e sign_e * cos(issue, e)  to the logit (sign +1 for a
 * KTLO example, -1 for project work), and the decision counts them ("like 3 issues your team set to KTLO"; never their keys, which the
 * reader may not be allowed to see).
 */

/** Chosen by `npm run eval` on halves of the examples (learn from one half, score the other), never on the issues scored. */
export const TEAM_L2 = 0.05;
/** How many of the team's most similar examples vote, and their weight (the median of what `npm run eval` chooses). */
export const NEIGHBOURS = 5;
export const VOTE_WEIGHT = 8;
/**
 * With few examples every shared word makes a close neighbour (one override would move every issue that shares a word
 * with it): the vote counts N / (N + VOTE_PRIOR) of its weight, half at 10 examples, 90% at 90.
 */
const VOTE_PRIOR = 10;
/** The newest examples kept (one kvs value holds them all and the weights: <= 240 KiB). */
export const MAX_EXAMPLES = 250;
/** Feature names kept per example, and team weights kept (the strongest), so the kvs value stays bounded. */
const MAX_FEATURES = 40;
const MAX_WEIGHTS = 2000;
/**
 * Feature kinds the team learns from: its own vocabulary (summary words, word pairs, prefixes, the description's first
 * words, labels and their words, components). Not the type, intent or rules, which the shipped model already weighs on
 * hundreds of issues: one override must not teach that every Story leans KTLO.
 */
// In the order they are kept when an issue has more than MAX_FEATURES: the fields, then the summary, then the description.
const LEARNED_KINDS = ['l', 'k', 'c', 'w', 'b', 'p', 'd'];
const keptFirst = (a: string, b: string): number => LEARNED_KINDS.indexOf(a.slice(0, 1)) - LEARNED_KINDS.indexOf(b.slice(0, 1));
/** Team weights this small say nothing worth keeping or explaining. */
const NEGLIGIBLE = 0.01;
const STEPS = 600;
const RATE = 0.1;

const exampleSchema = z.object({ id: z.string(), category: z.enum(CATEGORIES), offset: z.number(), features: z.array(z.string()) });
export const teamStatsSchema = z.object({ version: z.literal(1), examples: z.array(exampleSchema).max(MAX_EXAMPLES) });
export type TeamStats = z.infer<typeof teamStatsSchema>;

export const EMPTY_TEAM_STATS: TeamStats = { version: 1, examples: [] };

/** One of the team's labelled issues, as the neighbour vote reads it (and as it was learned, to leave it out again). */
export type TeamCase = TeamStats['examples'][number];

/** What classification reads: the team's weights, how many examples they rest on, and the examples that vote. */
export interface TeamModel {
  examples: number;
  weights: Record<string, number>;
  cases: readonly TeamCase[];
  vote: { neighbours: number; weight: number };
}

export interface TeamOptions {
  l2: number;
  vote: TeamModel['vote'];
}

export const TEAM_OPTIONS: TeamOptions = { l2: TEAM_L2, vote: { neighbours: NEIGHBOURS, weight: VOTE_WEIGHT } };

export interface TeamExample {
  id: string;
  issue: NormalizedIssue;
  category: Category;
}

/** Feature names and the shipped model's probability of KTLO for `issue`, before team learning (classify.ts `readIssue`). */
export type Reader = (issue: NormalizedIssue) => { features: string[]; pKtlo: number };

function logit(p: number): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
}

/** `stats` with `example` added, replacing an earlier example of the same issue. Pure: returns a new value. */
export function addExample(stats: TeamStats, example: TeamExample, read: Reader): TeamStats {
  const { features, pKtlo } = read(example.issue);
  const names = [...new Set(features.filter((f) => LEARNED_KINDS.includes(f.slice(0, 1)) && isInformative(f)))].sort(keptFirst).slice(0, MAX_FEATURES).sort();
  const kept = removeExample(stats, example.id).examples.slice(-(MAX_EXAMPLES - 1));
  return { version: 1, examples: [...kept, { id: example.id, category: example.category, offset: Math.round(logit(pKtlo) * 1000) / 1000, features: names }] };
}

/** `stats` without the example of issue `id` (the same value when it gave none). */
export function removeExample(stats: TeamStats, id: string): TeamStats {
  return stats.examples.some((e) => e.id === id) ? { version: 1, examples: stats.examples.filter((e) => e.id !== id) } : stats;
}

export function learnFromExamples(examples: readonly TeamExample[], read: Reader): TeamStats {
  return examples.reduce((stats, e) => addExample(stats, e, read), EMPTY_TEAM_STATS);
}

/** The team's weights, fitted on its examples, and the examples as neighbours. */
export function teamModel(stats: TeamStats, options: TeamOptions = TEAM_OPTIONS): TeamModel {
  return { ...teamWeights(stats, options.l2), cases: stats.examples, vote: options.vote };
}

/**
 * The team's model as it reads issue `id` itself: fitted without that issue's own example, so an issue is never
 * evidence for its own automatic reading (an override just cleared, whose example is still being forgotten, does not
 * linger in it). The same model when the issue gave no example.
 */
export function withoutOwnExample(team: TeamModel, id: string): TeamModel {
  if (!team.cases.some((c) => c.id === id)) return team;
  return teamModel({ version: 1, examples: team.cases.filter((c) => c.id !== id) }, { l2: TEAM_L2, vote: team.vote });
}

/** The team's weights delta alone (what the kvs value keeps beside the examples). */
export function teamWeights(stats: TeamStats, l2: number = TEAM_L2): { examples: number; weights: Record<string, number> } {
  const index = new Map<string, number>();
  for (const e of stats.examples) for (const f of e.features) if (!index.has(f)) index.set(f, index.size);
  const rows = stats.examples.map((e) => e.features.map((f) => index.get(f) ?? 0));
  const delta = new Float64Array(index.size);
  const grad = new Float64Array(index.size);
  for (let step = 0; step < STEPS; step++) {
    grad.fill(0);
    stats.examples.forEach((e, i) => {
      const row = rows[i] ?? [];
      let z = e.offset;
      for (const f of row) z += delta[f] ?? 0;
      const err = 1 / (1 + Math.exp(-z)) - (e.category === 'KTLO' ? 1 : 0);
      for (const f of row) grad[f] = (grad[f] ?? 0) + err;
    });
    for (let f = 0; f < delta.length; f++) delta[f] = (delta[f] ?? 0) - RATE * ((grad[f] ?? 0) + l2 * (delta[f] ?? 0));
  }
  const strongest = [...index]
    .map(([name, f]) => [name, Math.round((delta[f] ?? 0) * 1000) / 1000] as const)
    .filter(([, w]) => Math.abs(w) >= NEGLIGIBLE)
    .sort(([a, x], [b, y]) => Math.abs(y) - Math.abs(x) || a.localeCompare(b))
    .slice(0, MAX_WEIGHTS);
  return { examples: stats.examples.length, weights: Object.fromEntries(strongest) };
}

/**
 * The examples indexed for the vote: feature hash -> slot (weight: idf), slot -> the examples that have it. Scratch
 * arrays for one issue at a time (classification is synchronous).
 */
export class NeighbourVote {
  private readonly table: WeightTable;
  private readonly postings: Int32Array[] = [];
  private readonly norms: Float64Array;
  private readonly signs: Int8Array;
  private readonly scores: Float64Array;
  private readonly touched: Int32Array;
  readonly top: Int32Array;
  topCount = 0;
  /** The vote's weight, shrunk while the examples are few. */
  private readonly shrunk: number;

  constructor(
    readonly cases: readonly TeamCase[],
    private readonly vote: TeamModel['vote'],
  ) {
    const df = new Map<string, number>();
    for (const c of cases) for (const f of new Set(c.features)) df.set(f, (df.get(f) ?? 0) + 1);
    const idf = Object.fromEntries([...df].map(([f, n]) => [f, Math.log(1 + cases.length / n)]));
    this.table = new WeightTable(idf);
    const lists = new Map<number, number[]>();
    this.norms = new Float64Array(cases.length);
    this.signs = new Int8Array(cases.length);
    cases.forEach((c, e) => {
      this.signs[e] = c.category === 'KTLO' ? 1 : -1;
      let norm = 0;
      for (const f of new Set(c.features)) {
        const slot = this.table.find(featureHash(f) ?? 0);
        if (slot < 0) continue;
        norm += (this.table.weights[slot] ?? 0) ** 2;
        lists.set(slot, [...(lists.get(slot) ?? []), e]);
      }
      this.norms[e] = Math.sqrt(norm);
    });
    for (const [slot, list] of lists) this.postings[slot] = Int32Array.from(list);
    this.scores = new Float64Array(cases.length);
    this.touched = new Int32Array(cases.length);
    this.top = new Int32Array(Math.max(0, vote.neighbours));
    this.shrunk = vote.weight * (cases.length / (cases.length + VOTE_PRIOR));
  }

  /** The vote's share of the logit for the issue whose features are `list`; its voters are `top[0..topCount)`. */
  score(list: FeatureList): number {
    this.topCount = 0;
    if (this.vote.weight === 0 || this.top.length === 0) return 0;
    const table = this.table;
    table.next();
    let touchedCount = 0;
    let query = 0;
    for (let k = 0; k < list.count; k++) {
      const slot = table.take(list.hash[k] ?? 0);
      if (slot < 0) continue;
      const w = table.weights[slot] ?? 0;
      const w2 = w * w;
      query += w2;
      const posting = this.postings[slot];
      if (!posting) continue;
      for (let p = 0; p < posting.length; p++) {
        const e = posting[p] ?? 0;
        if (this.scores[e] === 0) this.touched[touchedCount++] = e;
        this.scores[e] = (this.scores[e] ?? 0) + w2;
      }
    }
    const qn = Math.sqrt(query);
    let logit = 0;
    for (let t = 0; t < touchedCount; t++) {
      const e = this.touched[t] ?? 0;
      const s = (this.scores[e] ?? 0) / (qn * (this.norms[e] ?? 1));
      this.scores[e] = s;
    }
    // The `top.length` most similar, by insertion into a short sorted list.
    for (let t = 0; t < touchedCount; t++) {
      const e = this.touched[t] ?? 0;
      const s = this.scores[e] ?? 0;
      let at = this.topCount;
      if (at === this.top.length && s <= (this.scores[this.top[at - 1] ?? 0] ?? 0)) continue;
      if (at < this.top.length) this.topCount++;
      else at--;
      while (at > 0 && (this.scores[this.top[at - 1] ?? 0] ?? 0) < s) {
        this.top[at] = this.top[at - 1] ?? 0;
        at--;
      }
      this.top[at] = e;
    }
    for (let t = 0; t < this.topCount; t++) {
      const e = this.top[t] ?? 0;
      logit += (this.signs[e] ?? 0) * (this.scores[e] ?? 0);
    }
    for (let t = 0; t < touchedCount; t++) this.scores[this.touched[t] ?? 0] = 0;
    return this.shrunk * logit;
  }
}

const compiledTeams = new WeakMap<TeamModel, { table: WeightTable; vote: NeighbourVote }>();

export function compileTeamModel(team: TeamModel): { table: WeightTable; vote: NeighbourVote } {
  const cached = compiledTeams.get(team);
  if (cached) return cached;
  const compiled = { table: new WeightTable(team.weights), vote: new NeighbourVote(team.cases, team.vote) };
  compiledTeams.set(team, compiled);
  return compiled;
}
