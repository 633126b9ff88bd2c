import type { Category } from '../../src/domain/category';
import { classify, readIssue, type ClassifyConfig } from '../../src/domain/classify';
import { INTENT_FEATURES } from '../../src/domain/intent';
import { isInformative, type ModelWeights } from '../../src/domain/model';
import type { Labelled } from './corpus';

/**
 * Fitting the learned model: L2-regularised logistic regression over the feature names `readIssue` reports and the
 * rules' margin, by full-batch gradient descent (Adam, fixed steps, no randomness: the same data gives the same
 * weights). Features seen in fewer than `minCount` training issues are left out: they would only memorise.
 */

export interface Params {
  /** L2 penalty on the feature weights (the bias and the rules' factor are not penalised). */
  l2: number;
  minCount: number;
  /**
   * How many different trackers a feature must be seen in (the development set counts as one): a word only one team
   * uses (its product, its hosts, its bot) learns that team, not the kind of work.
   */
  minSources: number;
  /** Which feature kinds (name prefixes) the model may use. */
  kinds: readonly string[];
}

export interface Example {
  names: string[];
  /** The tracker the issue came from. */
  source: string;
  margin: number;
  y: 0 | 1;
}

export function toExamples(set: readonly Labelled[], config: ClassifyConfig): Example[] {
  return set.map((l) => {
    const r = readIssue(l.issue, config);
    return { names: [...new Set(r.features)].filter(isInformative), source: l.source ?? 'dev', margin: r.ruleMargin, y: l.category === 'KTLO' ? 1 : 0 };
  });
}

/** +1 for a feature that may only lean KTLO, -1 for one that may only lean to project work, 0 for a free one. */
const LEANS: ReadonlyMap<string, number> = new Map(INTENT_FEATURES.flatMap((f) => (f.leans === null ? [] : [[`i:${f.name}`, f.leans === 'KTLO' ? 1 : -1] as const])));

const STEPS = 400;
const RATE = 0.05;

export function fit(examples: readonly Example[], params: Params): ModelWeights {
  const counts = new Map<string, number>();
  const sources = new Map<string, Set<string>>();
  for (const e of examples) {
    for (const n of e.names) {
      if (!params.kinds.includes(n.slice(0, 1))) continue;
      counts.set(n, (counts.get(n) ?? 0) + 1);
      const seen = sources.get(n) ?? new Set<string>();
      seen.add(e.source);
      sources.set(n, seen);
    }
  }
  const vocab = [...counts].filter(([n, c]) => c >= params.minCount && (sources.get(n)?.size ?? 0) >= params.minSources).map(([n]) => n).sort();
  const index = new Map(vocab.map((n, i) => [n, i]));
  const rows = examples.map((e) => Int32Array.from(e.names.flatMap((n) => { const i = index.get(n); return i === undefined ? [] : [i]; })));
  // Parameters: [bias, rules, ...features].
  const size = vocab.length + 2;
  const w = new Float64Array(size);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const g = new Float64Array(size);
  const leans = Float64Array.from({ length: size }, (_, i) => (i < 2 ? 0 : LEANS.get(vocab[i - 2] ?? '') ?? 0));
  const n = examples.length;
  for (let step = 1; step <= STEPS; step++) {
    g.fill(0);
    for (let k = 0; k < n; k++) {
      const e = examples[k];
      const row = rows[k];
      if (!e || !row) continue;
      let z = (w[0] ?? 0) + (w[1] ?? 0) * e.margin;
      for (const i of row) z += w[i + 2] ?? 0;
      const err = 1 / (1 + Math.exp(-z)) - e.y;
      g[0] = (g[0] ?? 0) + err;
      g[1] = (g[1] ?? 0) + err * e.margin;
      for (const i of row) g[i + 2] = (g[i + 2] ?? 0) + err;
    }
    for (let i = 0; i < size; i++) {
      const grad = (g[i] ?? 0) / n + (i >= 2 ? (params.l2 * (w[i] ?? 0)) / n : 0);
      m[i] = 0.9 * (m[i] ?? 0) + 0.1 * grad;
      v[i] = 0.999 * (v[i] ?? 0) + 0.001 * grad * grad;
      const mh = (m[i] ?? 0) / (1 - 0.9 ** step);
      const vh = (v[i] ?? 0) / (1 - 0.999 ** step);
      w[i] = (w[i] ?? 0) - (RATE * mh) / (Math.sqrt(vh) + 1e-8);
      // A feature with a direction is held to it (projected gradient): it may only weigh less, down to nothing.
      if ((w[i] ?? 0) * (leans[i] ?? 0) < 0) w[i] = 0;
    }
  }
  const features: Record<string, number> = {};
  vocab.forEach((name, i) => {
    const value = Math.round((w[i + 2] ?? 0) * 1000) / 1000;
    if (value !== 0) features[name] = value;
  });
  return { version: 1, bias: Math.round((w[0] ?? 0) * 1000) / 1000, rules: Math.round((w[1] ?? 0) * 1000) / 1000, features };
}

/** How many of the best-scoring settings the shipped model averages. */
export const ENSEMBLE = 5;

/**
 * The average of the models fitted with each of `settings`: logistic models averaged in the logit, which is one linear
 * model again (one weights file, the same cost to score); averaging settings that scored alike steadies the weights.
 */
export function fitEnsemble(examples: readonly Example[], settings: readonly Params[]): ModelWeights {
  const fits = settings.map((p) => fit(examples, p));
  const mean = (xs: number[]): number => Math.round((xs.reduce((a, b) => a + b, 0) / fits.length) * 1000) / 1000;
  const names = [...new Set(fits.flatMap((f) => Object.keys(f.features)))].sort();
  const features: Record<string, number> = {};
  for (const name of names) {
    const value = mean(fits.map((f) => f.features[name] ?? 0));
    if (value !== 0) features[name] = value;
  }
  return { version: 1, bias: mean(fits.map((f) => f.bias)), rules: mean(fits.map((f) => f.rules)), features };
}

export function accuracy(set: readonly Labelled[], config: ClassifyConfig): number {
  if (set.length === 0) return NaN;
  return set.filter((l) => classify(l.issue, config).category === l.category).length / set.length;
}

export function predictions(set: readonly Labelled[], config: ClassifyConfig): Category[] {
  return set.map((l) => classify(l.issue, config).category);
}

export function describeParams(p: Params, calibration?: Calibration): string {
  const settings = `l2 ${p.l2}, features ${p.kinds.join('')}, from ${p.minSources} tracker${p.minSources === 1 ? '' : 's'}`;
  if (!calibration) return settings;
  return `${settings}, rules ${calibration.firm === null ? 'never firm' : `firm from margin ${calibration.firm}${calibration.turn === null ? '' : `, turned past ${calibration.turn}`}`}, bias ${calibration.shift >= 0 ? '+' : ''}${calibration.shift}`;
}

/**
 * How a fitted model meets the rules and the threshold: when the rules hold against its words (model.ts `firm`,
 * `turn`; null: never, no way past), and how far its bias moves (`shift`: the threshold against the training set's
 * balance of KTLO and project work).
 */
export interface Calibration {
  firm: number | null;
  turn: number | null;
  shift: number;
}

/**
 * The calibrations the inner folds choose from, like the settings above, applied to a fitted model (no refit: the
 * feature weights stay): no shift and the rules never firm first, so they win ties.
 */
export const CALIBRATIONS: readonly Calibration[] = [0, -0.25, 0.25, -0.5, 0.5].flatMap((shift) => [{ firm: null, turn: null, shift }, ...[4, 3, 2].flatMap((firm) => [0.5, 1, null].map((turn) => ({ firm, turn, shift })))]);

export function calibrate(w: ModelWeights, calibration: Calibration): ModelWeights {
  const { firm: _firm, turn: _turn, ...rest } = w;
  return { ...rest, bias: Math.round((rest.bias + calibration.shift) * 1000) / 1000, ...(calibration.firm === null ? {} : { firm: calibration.firm }), ...(calibration.firm === null || calibration.turn === null ? {} : { turn: calibration.turn }) };
}

/** The candidates the inner folds choose from. */
export const GRID: Params[] = [0.25, 0.5, 1, 2].flatMap((l2) => [1, 2, 3].flatMap((minSources) =>
  [
    ['w', 'b', 'd', 't', 'l', 'k', 'c', 'i', 's', 'r', 'p'],
    ['w', 'b', 'd', 't', 'l', 'c', 'i', 's', 'r', 'p'],
    ['w', 'b', 't', 'l', 'k', 'c', 'i', 's', 'r', 'p'],
    ['w', 'b', 't', 'l', 'c', 'i', 's', 'r'],
    ['w', 'b', 't', 'l', 'c', 'i', 's'],
  ].map((kinds) => ({ l2, minCount: 2, minSources, kinds })),
));
