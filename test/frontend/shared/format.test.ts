import { confidenceLevel, confidenceText, formatWhen, sourceText } from '../../../src/frontend/shared/format';

describe('confidence in words', () => {
  it('maps the 0..1 scale to levels at 0.6 (the default low-confidence threshold), 0.8 and 1', () => {
    expect([0.5, 0.59, 0.6, 0.79, 0.8, 0.99, 1].map(confidenceLevel)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high', 'certain']);
  });

  it('says the level and the percentage', () => {
    expect(confidenceText(0.93)).toBe('High confidence (93%)');
    expect(confidenceText(0.64)).toBe('Medium confidence (64%)');
    expect(confidenceText(1)).toBe('Certain (100%)');
  });
});

describe('sourceText', () => {
  it('tells an override from an explicit label, both of which have source "override"', () => {
    expect(sourceText('override', true)).toBe('Decided by a team member’s override.');
    expect(sourceText('override', false)).toBe('Decided by an explicit label on the issue.');
  });
});

describe('formatWhen', () => {
  const at = '2026-11-27T10:14:00.000Z';

  it("uses the viewer's locale and Jira time zone", () => {
    expect(formatWhen(at, 'en-GB', 'UTC')).toBe('27 Nov 2026, 10:14');
    expect(formatWhen(at, 'en-GB', 'Australia/Sydney')).toBe('27 Nov 2026, 21:14');
  });

  it('falls back to the runtime locale for an unknown time zone, and shows a non-date as it is', () => {
    expect(formatWhen(at, 'en-GB', 'Not/AZone')).toMatch(/2026/);
    expect(formatWhen('yesterday', 'en-GB', 'UTC')).toBe('yesterday');
  });
});
