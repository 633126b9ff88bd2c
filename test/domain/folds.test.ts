import { loadDevSet, loadRealCorpus } from '../../dev/classifier/corpus';
import { drawFolds, drawSourceFolds, FOLDS, FOLDS_FILE, readFolds } from '../../dev/classifier/folds';

// The held-out figures are only as honest as the split: these pin what it promises.
describe('the fold splits of the real corpus', () => {
  const corpus = loadRealCorpus();
  const bySource = readFolds(corpus);

  it('are the ones drawn from the seed (nobody re-drew them by hand)', () => {
    expect(Object.fromEntries(bySource)).toEqual(drawSourceFolds(corpus));
    expect(Object.fromEntries(readFolds(corpus, FOLDS_FILE))).toEqual(drawFolds(corpus));
  });

  it('keep every tracker in one fold', () => {
    const foldsOf = new Map<string, Set<number>>();
    for (const l of corpus) {
      expect(l.source).not.toBeNull();
      const seen = foldsOf.get(l.source ?? '') ?? new Set<number>();
      seen.add(bySource.get(l.issue.key) ?? -1);
      foldsOf.set(l.source ?? '', seen);
    }
    expect([...foldsOf.values()].filter((f) => f.size > 1)).toEqual([]);
    expect(foldsOf.size).toBeGreaterThan(200);
  });

  it('balance the folds by team and category', () => {
    for (let f = 0; f < FOLDS; f++) {
      const fold = corpus.filter((l) => bySource.get(l.issue.key) === f);
      expect(fold.length).toBeGreaterThanOrEqual(75);
      expect(fold.length).toBeLessThanOrEqual(85);
      for (const team of ['infra', 'product'] as const) {
        const ktlo = fold.filter((l) => l.team === team && l.category === 'KTLO').length;
        const project = fold.filter((l) => l.team === team && l.category === 'PROJECT').length;
        expect(Math.abs(ktlo - project)).toBeLessThanOrEqual(8);
      }
    }
  });

  it('share no issue with the development set, which always trains', () => {
    const summaries = new Set(corpus.map((l) => l.issue.summary.toLowerCase()));
    expect(loadDevSet().filter((l) => summaries.has(l.issue.summary.toLowerCase())).map((l) => l.issue.key)).toEqual([]);
  });
});
