import fc from 'fast-check';
import type { CapacityItem } from '../../src/domain/capacity';
import { describeOvercommitment, judgeSprint, overcommitment, withFlips } from '../../src/domain/verdict';

const item = (key: string, category: 'KTLO' | 'PROJECT', estimate: number | null, confidence = 0.9): CapacityItem => ({ key, category, confidence, estimate, isSubtask: false, parentKey: null });

const arbItem: fc.Arbitrary<CapacityItem> = fc.record({
  key: fc.stringMatching(/^[A-Z]{2}-[1-9]\d{0,2}$/),
  category: fc.constantFrom('KTLO' as const, 'PROJECT' as const),
  confidence: fc.double({ min: 0, max: 1, noNaN: true }),
  estimate: fc.option(fc.integer({ min: 0, max: 13 }), { nil: null }),
  isSubtask: fc.constant(false),
  parentKey: fc.constant(null),
});
const arbItems = fc.uniqueArray(arbItem, { selector: (i) => i.key, maxLength: 25 });
const arbBand = fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })).map(([a, b]) => ({ min: Math.min(a, b) / 100, max: Math.max(a, b) / 100 }));
const arbLimit = fc.option(
  fc.record({ value: fc.integer({ min: 1, max: 80 }), source: fc.constantFrom('configured' as const, 'velocity' as const) }),
  { nil: null },
);

describe('judgeSprint', () => {
  it('shares lie in [0,1], the range contains the share, room is never negative and overcommitment means more committed than the limit', () => {
    fc.assert(
      fc.property(arbItems, arbBand, arbLimit, (items, band, limit) => {
        const v = judgeSprint({ items, band, lowConfidenceThreshold: 0.6 }, limit);
        const share = v.result.ktloShare;
        if (share !== null) {
          expect(share).toBeGreaterThanOrEqual(0);
          expect(share).toBeLessThanOrEqual(1);
        }
        if (v.shareRange) {
          expect(v.shareRange.min).toBeGreaterThanOrEqual(0);
          expect(v.shareRange.max).toBeLessThanOrEqual(1);
          expect(share).not.toBeNull();
          expect(v.shareRange.min).toBeLessThanOrEqual((share ?? 0) + 1e-12);
          expect(v.shareRange.max).toBeGreaterThanOrEqual((share ?? 0) - 1e-12);
        }
        if (v.projectRoom !== null) expect(v.projectRoom).toBeGreaterThanOrEqual(0);
        if (v.status === 'within' && v.result.projectRoom !== null && v.result.projectRoom < 0) expect(v.overcommitment).not.toBeNull();
        expect(v.overcommitment !== null).toBe(limit !== null && v.result.totalPoints > limit.value);
        if (v.overcommitment) expect(v.overcommitment.over).toBeCloseTo(v.result.totalPoints - (limit?.value ?? 0), 6);
        expect(v.possibleStatuses).toContain(v.status);
        expect(v.restsOnUnsure).toBe(v.possibleStatuses.length > 1);
        if (v.unsure.length === 0) expect(v.restsOnUnsure).toBe(false);
      }),
    );
  });

  it('the issue 12 sprint: green band verdict, 44 committed against 33.7 velocity is its own warning and room shows 0', () => {
    const items = [item('OPS-1', 'KTLO', 13), item('OPS-2', 'PROJECT', 31)];
    const v = judgeSprint({ items, band: { min: 0.35, max: 0.45 }, lowConfidenceThreshold: 0.6 }, { value: 33.7, source: 'velocity' });
    expect(v.status).toBe('within'); // 13 of 33.7 is 38.6%: the band verdict is green, the overcommitment stands apart
    expect(v.overcommitment).toEqual({ against: 'velocity', committed: 44, limit: 33.7, over: 10.3 });
    if (!v.overcommitment) throw new Error('expected an overcommitment');
    expect(describeOvercommitment(v.overcommitment, (n) => `${n} points`)).toBe('44 points committed against 33.7 points velocity: 10.3 points over');
    expect(v.projectRoom).toBe(0);
  });

  it('capacity 40, band 35-45%: KTLO within the band, project work past the room is overcommitment, never negative room', () => {
    const items = [item('OPS-1', 'KTLO', 16), item('OPS-2', 'PROJECT', 28)];
    const v = judgeSprint({ items, band: { min: 0.35, max: 0.45 }, lowConfidenceThreshold: 0.6 }, { value: 40, source: 'configured' });
    expect(v.status).toBe('within');
    expect(v.result.projectRoom).toBe(-4);
    expect(v.projectRoom).toBe(0);
    expect(v.overcommitment).toEqual({ against: 'capacity', committed: 44, limit: 40, over: 4 });
    expect(v.reserveShortfall).toBeNull();
  });

  it('project work that fits the capacity but eats into the KTLO reserve is a shortfall, not an overcommitment', () => {
    const items = [item('OPS-1', 'KTLO', 10), item('OPS-2', 'PROJECT', 30)];
    const v = judgeSprint({ items, band: { min: 0.35, max: 0.45 }, lowConfidenceThreshold: 0.6 }, { value: 40, source: 'configured' });
    expect(v.overcommitment).toBeNull();
    expect(v.reserveShortfall).toBe(4);
    expect(v.projectRoom).toBe(0);
  });

  it('one unsure issue that could carry the share over the band edge makes the verdict rest on it', () => {
    const items = [item('OPS-1', 'KTLO', 2), item('OPS-2', 'PROJECT', 6), item('OPS-3', 'KTLO', 2, 0.4)];
    const v = judgeSprint({ items, band: { min: 0.2, max: 0.3 }, lowConfidenceThreshold: 0.6 }, null);
    expect(v.status).toBe('over');
    expect(v.shareRange).toEqual({ min: 0.2, max: 0.4 });
    expect(v.possibleStatuses).toEqual(['within', 'over']);
    expect(v.restsOnUnsure).toBe(true);
    expect(v.unsure).toEqual(['OPS-3']);
  });

  it('an unsure issue that cannot cross an edge leaves the verdict standing, with the range still shown', () => {
    const items = [item('OPS-1', 'KTLO', 1), item('OPS-2', 'PROJECT', 17), item('OPS-3', 'PROJECT', 2, 0.4)];
    const v = judgeSprint({ items, band: { min: 0.01, max: 0.3 }, lowConfidenceThreshold: 0.6 }, null);
    expect(v.shareRange).toEqual({ min: 0.05, max: 0.15 });
    expect(v.restsOnUnsure).toBe(false);
  });
});

describe('withFlips (what-if)', () => {
  it('never changes its input, applies every flip as decided, and an empty what-if gives back the same verdict', () => {
    fc.assert(
      fc.property(arbItems, arbBand, arbLimit, fc.dictionary(fc.stringMatching(/^[A-Z]{2}-[1-9]$/), fc.constantFrom('KTLO' as const, 'PROJECT' as const)), (items, band, limit, flips) => {
        const frozen = structuredClone(items);
        const flipped = withFlips(items, flips);
        expect(items).toEqual(frozen);
        flipped.forEach((f, i) => {
          const original = items[i] as CapacityItem;
          const flip = flips[original.key];
          expect(f).toEqual(flip === undefined ? original : { ...original, category: flip, confidence: 1 });
        });
        expect(judgeSprint({ items: withFlips(items, {}), band, lowConfidenceThreshold: 0.6 }, limit)).toEqual(judgeSprint({ items, band, lowConfidenceThreshold: 0.6 }, limit));
      }),
    );
  });

  it('flipping the unsure issue to project work moves the share back into the band and settles the verdict', () => {
    const items = [item('OPS-1', 'KTLO', 2), item('OPS-2', 'PROJECT', 6), item('OPS-3', 'KTLO', 2, 0.4)];
    const v = judgeSprint({ items: withFlips(items, { 'OPS-3': 'PROJECT' }), band: { min: 0.2, max: 0.3 }, lowConfidenceThreshold: 0.6 }, null);
    expect(v.result.ktloShare).toBe(0.2);
    expect(v.status).toBe('within');
    expect(v.restsOnUnsure).toBe(false);
  });
});

describe('overcommitment', () => {
  it('exactly at the limit is not over; past it says by how much', () => {
    expect(overcommitment(40, { value: 40, source: 'configured' })).toBeNull();
    expect(overcommitment(40.1, { value: 40, source: 'configured' })).toEqual({ against: 'capacity', committed: 40.1, limit: 40, over: 0.1 });
    expect(overcommitment(99, null)).toBeNull();
  });
});
