import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { seededRandom } from '../seeded-random';
import { loadRealCorpus, type Labelled } from './corpus';

/**
 * The one fold split of the real corpus every figure uses: issue key -> outer fold 0..4, stratified by team and
 * category, drawn once with a fixed seed and kept in `folds.json` so figures are reproducible and no one re-draws
 * the split until a number looks good. `tsx dev/classifier/folds.ts` (re)writes it; it never changes otherwise.
 */

export const FOLDS = 5;
export const FOLDS_FILE = join(__dirname, 'folds.json');
const SEED = 20261201;

const foldsSchema = z.record(z.string(), z.number().int().min(0).max(FOLDS - 1));

export function drawFolds(corpus: readonly Labelled[]): Record<string, number> {
  const random = seededRandom(SEED);
  const out: Record<string, number> = {};
  const strata = new Map<string, string[]>();
  for (const l of corpus) {
    const stratum = `${l.team ?? ''}/${l.category}`;
    strata.set(stratum, [...(strata.get(stratum) ?? []), l.issue.key]);
  }
  for (const stratum of [...strata.keys()].sort()) {
    const keys = [...(strata.get(stratum) ?? [])].sort();
    for (let i = keys.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [keys[i], keys[j]] = [keys[j] ?? '', keys[i] ?? ''];
    }
    keys.forEach((key, i) => (out[key] = i % FOLDS));
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })));
}

export function readFolds(corpus: readonly Labelled[]): Map<string, number> {
  const folds = foldsSchema.parse(JSON.parse(readFileSync(FOLDS_FILE, 'utf8')));
  const missing = corpus.filter((l) => folds[l.issue.key] === undefined).map((l) => l.issue.key);
  if (missing.length > 0) throw new Error(`folds.json has no fold for ${missing.slice(0, 5).join(', ')}: the corpus changed; redraw with tsx dev/classifier/folds.ts`);
  return new Map(Object.entries(folds));
}

if (require.main === module) {
  writeFileSync(FOLDS_FILE, `${JSON.stringify(drawFolds(loadRealCorpus()), null, 1)}\n`);
  console.log(`wrote ${FOLDS_FILE}`);
}
