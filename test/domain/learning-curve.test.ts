import { learningCurve, loadData, trainedFor } from '../../dev/classifier/evaluate';

// The learning curve says whether more labelled issues, or other features, are the way to the accuracy targets.
describe('the learning curve of the classifier', () => {
  it('extrapolates a power-law error to the issues that reach a target, and gives no number when the error does not fall', () => {
    const power = (n: number): number => 0.9 * n ** -0.25;
    const points = [100, 200, 400, 800].map((trained) => ({ trained, error: power(trained) }));
    // 0.9 * n^-0.25 = 0.1 at n = 9^4 = 6,561 (rounded up to tens).
    expect(trainedFor(points, 0.1)).toBe(6570);
    expect(trainedFor(points.map((p) => ({ ...p, error: 0.2 })), 0.1)).toBeNull();
    expect(trainedFor(points.map((p, i) => ({ ...p, error: 0.1 + i * 0.01 })), 0.05)).toBeNull();
  });

  it('trains on more of the corpus at each point, from the development set alone to all four other fifths', () => {
    const data = loadData();
    const curve = learningCurve(data);
    expect(curve.points.map((p) => p.fifths)).toEqual([0, 1, 2, 3, 4]);
    expect(curve.points[0]?.trained).toBe(data.dev.length);
    // Each outer fold's model at the last point trains on every corpus issue outside that fold, and the development set.
    expect(curve.points[4]?.trained).toBeCloseTo(data.dev.length + (data.corpus.length * 4) / 5, 0);
    for (const p of curve.points) for (const a of [p.accuracy, p.infra, p.product]) expect(a).toBeGreaterThan(0.5);
  }, 120_000);
});
