import fc from 'fast-check';
import { mean, percentile } from '../../src/domain/stats';

describe('percentile (nearest rank)', () => {
  it('is null for no samples', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([], 85)).toBeNull();
  });

  it('answers the single sample for any p', () => {
    for (const p of [0, 1, 50, 85, 100]) expect(percentile([7], p)).toBe(7);
  });

  it('takes the smallest sample with at least p% at or below it', () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(ten, 0)).toBe(1);
    expect(percentile(ten, 10)).toBe(1);
    expect(percentile(ten, 11)).toBe(2);
    expect(percentile(ten, 50)).toBe(5);
    expect(percentile(ten, 85)).toBe(9);
    expect(percentile(ten, 100)).toBe(10);
  });

  it('keeps whole ranks exact (85% of 20 is rank 17, not 18)', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(twenty, 85)).toBe(17);
  });

  it('sorts a copy: unsorted input gives the same answer and is left as it was', () => {
    const input = [9, 1, 5, 3, 7];
    expect(percentile(input, 50)).toBe(5);
    expect(input).toEqual([9, 1, 5, 3, 7]);
  });

  it('throws RangeError for a p outside 0..100 or a non-finite sample (caller bugs)', () => {
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
    expect(() => percentile([1, Number.NaN], 50)).toThrow(RangeError);
  });

  const samples = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 });

  it('property: lies within [min, max] and is one of the samples', () => {
    fc.assert(
      fc.property(samples, fc.double({ min: 0, max: 100, noNaN: true }), (xs, p) => {
        const v = percentile(xs, p);
        expect(v).not.toBeNull();
        expect(v).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(v).toBeLessThanOrEqual(Math.max(...xs));
        expect(xs).toContain(v);
      }),
    );
  });

  it('property: p50 <= p85, and the percentile never falls as p rises', () => {
    fc.assert(
      fc.property(samples, fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (xs, a, b) => {
        const p50 = percentile(xs, 50) ?? Number.NaN;
        const p85 = percentile(xs, 85) ?? Number.NaN;
        expect(p50).toBeLessThanOrEqual(p85);
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(percentile(xs, lo) ?? Number.NaN).toBeLessThanOrEqual(percentile(xs, hi) ?? Number.NaN);
      }),
    );
  });

  it('property: does not depend on the order of the samples', () => {
    fc.assert(
      fc.property(samples, fc.double({ min: 0, max: 100, noNaN: true }), (xs, p) => {
        expect(percentile([...xs].reverse(), p)).toBe(percentile(xs, p));
      }),
    );
  });
});

describe('mean', () => {
  it('is null for no values and the arithmetic mean otherwise', () => {
    expect(mean([])).toBeNull();
    expect(mean([1, 2, 3])).toBe(2);
    expect(mean([0.25])).toBe(0.25);
  });

  it('property: lies within [min, max]', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), (xs) => {
        const m = mean(xs) ?? Number.NaN;
        // Float sums can land a hair outside; the tolerance is far below anything a person reads.
        expect(m).toBeGreaterThanOrEqual(Math.min(...xs) - 1e-6);
        expect(m).toBeLessThanOrEqual(Math.max(...xs) + 1e-6);
      }),
    );
  });
});
