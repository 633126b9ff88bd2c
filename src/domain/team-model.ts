import { z } from 'zod';
import { CATEGORIES, type Category } from './category';
import type { NormalizedIssue } from './issue';
import { isInformative, WeightTable } from './model';

/**
 * Learning from the team: every override (and explicit label) a site's team sets is an example of how that team
 * draws the line. The app keeps the examples (feature names only: words, word pairs, labels, components, intent and
 * rules, never the text) with the shipped model's logit for each, and fits the team's own weights delta on them:
 *   minimise  sum_i logloss(y_i, z_i + sum_f delta_f x_if) + TEAM_L2 / 2 * |delta|^2
 * (logistic regression with the shipped model's logit z_i as a fixed offset, by a fixed number of gradient steps from
 * delta = 0, so the same examples always give the same weights). Classification adds sum_f delta_f to the model's
 * logit. The penalty keeps one-off words near 0 and lets words that recur across overrides speak.
 */

/** Chosen by `npm run eval` on halves of the examples (learn from one half, score the other), never on the issues scored. */
export const TEAM_L2 = 0.05;
/** The newest examples kept (one kvs value holds them all and the weights: <= 240 KiB). */
export const MAX_EXAMPLES = 250;
/** Feature names kept per example, and team weights kept (the strongest), so the kvs value stays bounded. */
const MAX_FEATURES = 40;
const MAX_WEIGHTS = 2000;
/**
 * Feature kinds the team learns from: its own vocabulary (summary words, word pairs, prefixes, labels and their words,
 * components). Not the description's words (many, mostly noise), nor the type, intent or rules, which the shipped
 * model already weighs on hundreds of issues: one override must not teach that every Story leans KTLO.
 */
const LEARNED_KINDS = new Set(['w', 'b', 'p', 'l', 'k', 'c']);
/** Team weights this small say nothing worth keeping or explaining. */
const NEGLIGIBLE = 0.01;
const STEPS = 600;
const RATE = 0.1;

const exampleSchema = z.object({ id: z.string(), category: z.enum(CATEGORIES), offset: z.number(), features: z.array(z.string()) });
export const teamStatsSchema = z.object({ version: z.literal(1), examples: z.array(exampleSchema).max(MAX_EXAMPLES) });
export type TeamStats = z.infer<typeof teamStatsSchema>;

export const EMPTY_TEAM_STATS: TeamStats = { version: 1, examples: [] };

/** What classification reads: the team's weights and how many examples they rest on. */
export interface TeamModel {
  examples: number;
  weights: Record<string, number>;
}

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
  const names = [...new Set(features.filter((f) => LEARNED_KINDS.has(f.slice(0, 1)) && isInformative(f)))].slice(0, MAX_FEATURES).sort();
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

/** The team's weights, fitted on its examples. */
export function teamModel(stats: TeamStats, l2 = TEAM_L2): TeamModel {
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

const compiledTeams = new WeakMap<TeamModel, { table: WeightTable }>();

export function compileTeamModel(team: TeamModel): { table: WeightTable } {
  const cached = compiledTeams.get(team);
  if (cached) return cached;
  const compiled = { table: new WeightTable(team.weights) };
  compiledTeams.set(team, compiled);
  return compiled;
}
