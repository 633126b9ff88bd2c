import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { seededRandom } from '../seeded-random';
import { loadRealCorpus, type Labelled } from './corpus';

/**
 * The fold splits of the real corpus every figure uses: issue key -> outer fold 0..4, drawn once with a fixed seed and
 * kept in the repository so figures are reproducible and no one re-draws a split until a number looks good.
 * `tsx dev/classifier/folds.ts` (re)writes them; they never change otherwise.
 *
 *   folds-by-source.json (the one that judges): every issue of one tracker (repository) in the same fold, balanced by
 *     team and category. A team's tracker has its own words (product names, hosts, bots); with the tracker split
 *     across folds, those words score as if they generalised. This is the honest estimate for "issues from a site
 *     nobody here has seen".
 *   folds.json (stratified by team and category only, issues of one tracker may fall on both sides): the first split,
 *     kept for comparison with earlier figures.
 */

export const FOLDS = 5;
export const FOLDS_FILE = join(__dirname, 'folds.json');
export const SOURCE_FOLDS_FILE = join(__dirname, 'folds-by-source.json');
const SEED = 20261201;

const foldsSchema = z.record(z.string(), z.number().int().min(0).max(FOLDS - 1));

const stratumOf = (l: Labelled): string => `${l.team ?? ''}/${l.category}`;

function byKey(out: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })));
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = items[i];
    const b = items[j];
    if (a === undefined || b === undefined) continue;
    items[i] = b;
    items[j] = a;
  }
  return items;
}

export function drawFolds(corpus: readonly Labelled[]): Record<string, number> {
  const random = seededRandom(SEED);
  const out: Record<string, number> = {};
  const strata = new Map<string, string[]>();
  for (const l of corpus) strata.set(stratumOf(l), [...(strata.get(stratumOf(l)) ?? []), l.issue.key]);
  for (const stratum of [...strata.keys()].sort()) {
    const keys = shuffle([...(strata.get(stratum) ?? [])].sort(), random);
    keys.forEach((key, i) => (out[key] = i % FOLDS));
  }
  return byKey(out);
}

/**
 * Whole trackers to folds: largest tracker first (ties in seeded order), each to the fold where its team/category mix
 * is least represented so far, relative to that stratum's total; the smaller fold on ties.
 */
export function drawSourceFolds(corpus: readonly Labelled[]): Record<string, number> {
  const random = seededRandom(SEED);
  const groups = new Map<string, Labelled[]>();
  for (const l of corpus) {
    const source = l.source ?? l.issue.key;
    groups.set(source, [...(groups.get(source) ?? []), l]);
  }
  const totals = new Map<string, number>();
  for (const l of corpus) totals.set(stratumOf(l), (totals.get(stratumOf(l)) ?? 0) + 1);
  const order = shuffle([...groups.keys()].sort(), random).sort((a, b) => (groups.get(b)?.length ?? 0) - (groups.get(a)?.length ?? 0));
  const counts = Array.from({ length: FOLDS }, () => new Map<string, number>());
  const sizes = new Array<number>(FOLDS).fill(0);
  const out: Record<string, number> = {};
  for (const source of order) {
    const members = groups.get(source) ?? [];
    let best = 0;
    let bestCost = Infinity;
    for (let f = 0; f < FOLDS; f++) {
      const inFold = counts[f] ?? new Map<string, number>();
      const cost = members.reduce((sum, l) => sum + (inFold.get(stratumOf(l)) ?? 0) / (totals.get(stratumOf(l)) ?? 1), 0) + (sizes[f] ?? 0) / corpus.length / 1000;
      if (cost < bestCost - 1e-12) {
        best = f;
        bestCost = cost;
      }
    }
    for (const l of members) {
      const inFold = counts[best];
      inFold?.set(stratumOf(l), (inFold.get(stratumOf(l)) ?? 0) + 1);
      out[l.issue.key] = best;
    }
    sizes[best] = (sizes[best] ?? 0) + members.length;
  }
  return byKey(out);
}

export function readFolds(corpus: readonly Labelled[], file: string = SOURCE_FOLDS_FILE): Map<string, number> {
  const folds = foldsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const missing = corpus.filter((l) => folds[l.issue.key] === undefined).map((l) => l.issue.key);
  if (missing.length > 0) throw new Error(`${file} has no fold for ${missing.slice(0, 5).join(', ')}: the corpus changed; redraw with tsx dev/classifier/folds.ts`);
  return new Map(Object.entries(folds));
}

if (require.main === module) {
  const corpus = loadRealCorpus();
  writeFileSync(FOLDS_FILE, `${JSON.stringify(drawFolds(corpus), null, 1)}\n`);
  writeFileSync(SOURCE_FOLDS_FILE, `${JSON.stringify(drawSourceFolds(corpus), null, 1)}\n`);
  console.log(`wrote ${FOLDS_FILE} and ${SOURCE_FOLDS_FILE}`);
}
