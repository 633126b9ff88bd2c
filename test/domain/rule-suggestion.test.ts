import { classify } from '../../src/domain/classify';
import { DEFAULT_GLOBAL_CONFIG, resolveConfig } from '../../src/domain/config';
import type { NormalizedIssue } from '../../src/domain/issue';
import { suggestRule, type OtherIssue } from '../../src/domain/rule-suggestion';
import { issue } from '../support/issues';

const config = resolveConfig(DEFAULT_GLOBAL_CONFIG);
const other = (i: NormalizedIssue): OtherIssue => ({ issue: i, current: classify(i, config), override: null });

describe('rule suggestion', () => {
  const subject = issue({ key: 'OPS-113', summary: 'Monthly patching November 2026 for the Graylog cluster', labels: ['graylog', 'nov-2026'] });
  const others = [
    issue({ key: 'OPS-1', summary: 'Graylog cluster disk alerts' }),
    issue({ key: 'OPS-2', summary: 'Resize the Graylog cluster', labels: ['graylog'] }),
    issue({ key: 'OPS-3', summary: 'Monthly patching October 2026' }),
    issue({ key: 'OPS-4', summary: 'Plan the November offsite' }),
  ].map(other);

  it('proposes only words that generalise: no dates, numbers, month names or words no other issue has', () => {
    const s = suggestRule(subject, 'KTLO', config, others);
    const terms = [...s.labels, ...s.phrases].map((c) => c.term);
    expect(terms).toContain('graylog');
    expect(terms).toContain('graylog cluster');
    expect(terms.some((t) => /november|2026|nov/.test(t))).toBe(false);
    // "patching" is a rule already; "for" and "the" are no words of work.
    expect(terms.some((t) => /patching|^for|the\b/.test(t))).toBe(false);
    expect(s.examined).toBe(4);
  });

  it('says how many other issues have each term and how many it would flip', () => {
    const s = suggestRule(subject, 'KTLO', config, others);
    const cluster = s.phrases.find((p) => p.term === 'graylog cluster');
    expect(cluster?.matches).toBe(2);
    const flipped = others.filter((o) => /graylog cluster/i.test(o.issue.summary) && o.current.category !== 'KTLO').length;
    expect(cluster?.flips).toBeLessThanOrEqual(flipped);
    const manual = others.filter(
      (o) =>
        /graylog cluster/i.test(o.issue.summary) &&
        o.current.category !== 'KTLO' &&
        classify(o.issue, { ...config, rules: { ...config.rules, phrases: [...config.rules.phrases, { id: 's', category: 'KTLO', weight: 3, reason: 's', terms: ['graylog cluster'] }] } }).category === 'KTLO',
    ).length;
    expect(cluster?.flips).toBe(manual);
  });

  it('an override is never flipped by a rule, and the issue itself is not counted', () => {
    const pinned = others.map((o) => ({ ...o, override: { category: 'PROJECT' as const }, current: { ...o.current, category: 'PROJECT' as const } }));
    const s = suggestRule(subject, 'KTLO', config, [...pinned, other(subject)]);
    expect([...s.labels, ...s.phrases].every((c) => c.flips === 0)).toBe(true);
    expect(s.examined).toBe(4);
  });

  it('with no other issues, nothing generalises', () => {
    expect(suggestRule(subject, 'KTLO', config, [])).toEqual({ category: 'KTLO', labels: [], phrases: [], examined: 0 });
  });
});
