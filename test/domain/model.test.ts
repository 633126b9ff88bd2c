import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classify, prepareClassifier, readIssue } from '../../src/domain/classify';
import { DEFAULT_GLOBAL_CONFIG, resolveConfig } from '../../src/domain/config';
import { DEFAULT_RULES } from '../../src/domain/default-rules';
import { INTENT_FEATURES } from '../../src/domain/intent';
import { featureHash, modelWeightsSchema, type ModelWeights } from '../../src/domain/model';
import { DEFAULT_MODEL } from '../../src/domain/model-weights';
import { ktloShareRange } from '../../src/domain/share-range';
import { addExample, EMPTY_TEAM_STATS, learnFromExamples, MAX_EXAMPLES, removeExample, TEAM_OPTIONS, teamModel, teamStatsSchema, teamWeights, withoutOwnExample } from '../../src/domain/team-model';
import { issue } from '../support/issues';

const config = resolveConfig(DEFAULT_GLOBAL_CONFIG);
const one = (fields: Parameters<typeof issue>[0]) => classify(issue(fields), config);

describe('the issue type alone never decides', () => {
  const types = [...new Set(['Task', 'Sub-task', 'Bug', 'Story', 'Epic', 'Incident', 'Service Request', 'Change', 'Problem', 'Improvement', 'New Feature', 'Feature', 'Spike', 'Initiative', 'Custom type', ...DEFAULT_RULES.issueTypes.map((t) => t.name)])];

  it.each(types)('an issue typed %s with no other evidence is unsure, leaning to the default category', (issueType) => {
    const result = one({ issueType, summary: '' });
    expect(result).toMatchObject({ unsure: true, source: 'default', category: config.defaultCategory, confidence: 0.5 });
    expect(result.reasons[0]).toBe(
      `unsure: only its issue type '${issueType}' speaks, and the type alone never decides; leaning to the default category (project work) until someone sets it`,
    );
  });

  it('words unknown to the rules and the model are no evidence either', () => {
    expect(one({ issueType: 'Bug', summary: 'Xyzzy qwfp' })).toMatchObject({ unsure: true, source: 'default' });
  });

  it('a Bug that asks for a new capability is project work', () => {
    expect(one({ issueType: 'Bug', summary: 'Feature request: export invoices as CSV' }).category).toBe('PROJECT');
  });
});

describe('intent and scope decide "migrate" and "upgrade", not the words', () => {
  it.each([
    ['Upgrade From Ubuntu 20.04, EOL 2025', 'KTLO'],
    ['Migrate billing-prod to live cluster', 'KTLO'],
    ['prod eks to 1.36', 'KTLO'],
    ['Migrate every service to the new platform', 'PROJECT'],
    ['Upgrade the entire fleet to a new platform for several teams', 'PROJECT'],
  ] as const)('%s -> %s', (summary, expected) => {
    expect(one({ summary }).category).toBe(expected);
  });

  it('the words themselves are no features: only the scale and object they come with', () => {
    const features = readIssue(issue({ summary: 'Migrate and upgrade the payroll database' }), config).features;
    expect(features.filter((f) => /migrat|upgrad/.test(f))).toEqual([]);
    expect(features).toContain('i:change-unscoped');
    const contained = readIssue(issue({ summary: 'Upgrade the payroll database to 16.4' }), config).features;
    expect(contained).toContain('i:change-contained');
    const broad = readIssue(issue({ summary: 'Migrate all services to Kubernetes' }), config).features;
    expect(broad).toContain('i:change-broad');
  });

  it('reads incident signals, "a few" and "end of life" across words', () => {
    const f = (summary: string) => readIssue(issue({ summary }), config).features;
    expect(f('Jenkins builds failing with out of space errors')).toContain('i:incident');
    expect(f('Tune a few noisy alerts')).toContain('i:narrow-scale');
    expect(f('CentOS end of life')).toContain('i:end-of-life');
    expect(f('Errors since the update to 3.7')).toContain('i:incident-after-change');
    expect(f("App doesn't detect online mode")).toContain('i:incident');
  });

  it('reads "slow" as a fault, but not beside its opposite ("fast and slow burn windows")', () => {
    const f = (description: string) => readIssue(issue({ summary: 'Search latency alerts', description }), config).features;
    expect(f('The search page is slow since Monday')).toContain('i:description-incident');
    expect(f('Investigate slow queries on the orders DB')).toContain('i:description-incident');
    expect(f('Fast and slow burn windows, paging only on the fast one.')).not.toContain('i:description-incident');
    expect(f('Separate slow/fast lanes for the queue')).not.toContain('i:description-incident');
    expect(f('Fast and slow burn windows; the page is slow to load')).toContain('i:description-incident');
  });

  it('reads dotted versions and host names as their own signals, never a plain number', () => {
    const f = (summary: string, description = '') => readIssue(issue({ summary, description }), config).features;
    expect(f('prod eks to 1.36')).toContain('i:dotted-version');
    expect(f('Disk full on prod-eks-3')).toContain('i:host-name');
    expect(f('Certificate for api.example.com')).toContain('i:host-name');
    expect(f('Roadmap for 2027')).not.toContain('i:dotted-version');
    expect(f('Roadmap for 2027')).not.toContain('i:host-name');
    // Links in a description name no host of the team's: only the summary's host names count.
    expect(f('Add a status page', 'See https://status.example.org for the idea')).not.toContain('i:host-name');
  });

  it('what the issue names as misread now reads right', () => {
    expect(one({ summary: 'Add DNS record for the beta site' }).category).toBe('KTLO');
    expect(one({ summary: 'Team needs AWS access for the data team' }).category).toBe('KTLO');
    expect(one({ summary: 'Removes feature flags from Identity team' }).category).toBe('KTLO');
    expect(one({ summary: 'Monitor our hosted infrastructure' }).category).toBe('PROJECT');
    expect(one({ summary: 'Zero-downtime deploys', issueType: 'Epic', hierarchyLevel: 1 }).category).toBe('PROJECT');
    const spike = one({ summary: 'Investigate latency spike on checkout API' });
    expect(spike.category).toBe('KTLO');
    expect(spike.reasons).toContain("incident response: 'latency spike'");
  });
});

describe('explanations', () => {
  it('lists the strongest evidence in words, the winning side first', () => {
    const result = one({ summary: 'Bump eks node group to 1.31' });
    expect(result.category).toBe('KTLO');
    const evidence = result.reasons.filter((r) => / leans (KTLO|to project work)$/.test(r));
    expect(evidence.length).toBeGreaterThan(0);
    const firstAgainst = result.reasons.findIndex((r) => r.startsWith('outweighed'));
    if (firstAgainst >= 0) expect(result.reasons.slice(firstAgainst).every((r) => r.startsWith('outweighed'))).toBe(true);
  });

  it('an unsure decision says so first, with its confidence and the threshold', () => {
    const strict = { ...config, lowConfidenceThreshold: 0.995 };
    const result = classify(issue({ summary: 'Monthly security patching - November' }), strict);
    expect(result).toMatchObject({ category: 'KTLO', unsure: true, source: 'rules' });
    expect(result.reasons[0]).toMatch(/^unsure \(confidence 0\.\d+, below 0\.995\)/);
    expect(classify(issue({ summary: 'Monthly security patching - November' }), config).unsure).toBe(false);
  });
});

describe('the shipped model', () => {
  it('is data: feature names and numbers, every name a feature the extraction can produce', () => {
    const raw: unknown = JSON.parse(readFileSync(join(__dirname, '../../src/domain/model-weights.json'), 'utf8'));
    const weights = modelWeightsSchema.parse(raw);
    expect(Object.keys(weights.features).length).toBeGreaterThan(100);
    for (const name of Object.keys(weights.features)) {
      expect(featureHash(name)).not.toBeNull();
      // Words and word pairs, never sentences of the corpus (labels and components are names, and may have spaces).
      if (/^[wbdp]:/.test(name)) expect(name.split(' ').length).toBeLessThanOrEqual(2);
    }
    expect(DEFAULT_MODEL.rules).toBeGreaterThan(0);
  });

  it('weighs every intent feature with a direction only that way, or not at all', () => {
    for (const f of INTENT_FEATURES) {
      if (f.leans === null) continue;
      const w = DEFAULT_MODEL.features[`i:${f.name}`] ?? 0;
      expect([f.name, w * (f.leans === 'KTLO' ? 1 : -1) >= 0]).toEqual([f.name, true]);
    }
  });
});

describe('firm rules', () => {
  // A model whose one word leans hard against the renewal rule (weight 3).
  const against = (extra: Partial<ModelWeights>): ModelWeights => ({ version: 1, bias: 0, rules: 1, features: { 'w:zzz': -5 }, ...extra });
  const renew = (model: ModelWeights, issueType = 'Task') => classify(issue({ summary: 'Renew zzz', issueType }), { ...config, model });

  it('the words turn a rule when its margin is not firm', () => {
    expect(renew(against({}))).toMatchObject({ category: 'PROJECT', unsure: false });
    expect(renew(against({ firm: 4 }))).toMatchObject({ category: 'PROJECT', unsure: false });
  });

  it('a firm margin holds: the rules side, unsure, saying why', () => {
    const held = renew(against({ firm: 3 }));
    expect(held).toMatchObject({ category: 'KTLO', confidence: 0.5, unsure: true, source: 'rules' });
    expect(held.reasons[0]).toBe('unsure (confidence 0.50, below 0.6): the rules hold against the words, leaning to KTLO as the rules say');
    expect(held.reasons).toContain("routine renewal: 'renew'");
  });

  it('words leaning past the turning margin turn it after all', () => {
    expect(renew(against({ firm: 3, turn: 1 }))).toMatchObject({ category: 'PROJECT' });
    expect(renew(against({ firm: 3, turn: 3 }))).toMatchObject({ category: 'KTLO', unsure: true });
  });

  it("the issue type's nudge makes no margin firm", () => {
    // Bug leans KTLO by 1: the margin is 4, the firm part 3.
    expect(renew(against({ firm: 3.5 }), 'Bug')).toMatchObject({ category: 'PROJECT' });
  });
});

describe('learning from the team', () => {
  const read = (i: ReturnType<typeof issue>) => readIssue(i, config);
  const dns = (n: number) => issue({ key: `OPS-${n}`, summary: `Route the ${['billing', 'search', 'login', 'status', 'docs'][n % 5]} hostname through the gateway` });

  it('overrides of similar issues teach the site, and the decision says what it learned', () => {
    const probe = issue({ key: 'OPS-99', summary: 'Route the payments hostname through the gateway' });
    const before = classify(probe, config);
    const stats = learnFromExamples([1, 2, 3, 4, 5, 6].map((n) => ({ id: `${n}`, issue: dns(n), category: before.category === 'KTLO' ? 'PROJECT' : 'KTLO' })), read);
    const team = teamModel(stats);
    const after = classify(probe, { ...config, team });
    expect(after.category).not.toBe(before.category);
    expect(after.reasons.some((r) => /^learned from your team's 6 overrides: '.+' leans (KTLO|to project work)$/.test(r))).toBe(true);
  });

  it('compiling the classifier ahead (a view does it while its reads are out) changes no decision', () => {
    const stats = learnFromExamples([1, 2, 3, 4, 5, 6].map((n) => ({ id: `${n}`, issue: dns(n), category: 'KTLO' as const })), read);
    const probes = [issue({ key: 'OPS-98', summary: 'Route the payments hostname through the gateway' }), dns(2), issue({ key: 'OPS-97', summary: 'Build the partner SSO portal', labels: ['ktlo'] })];
    // Fresh settings objects: nothing compiled for them yet.
    const fresh = () => ({ ...config, rules: structuredClone(config.rules), explicitLabels: structuredClone(config.explicitLabels), team: teamModel(stats) });
    const unprepared = fresh();
    const expected = probes.map((p) => classify(p, unprepared));
    const prepared = fresh();
    prepareClassifier(prepared);
    expect(probes.map((p) => classify(p, prepared))).toEqual(expected);
  });

  it("an issue is never evidence for its own automatic reading: its own example is left out, the others still count", () => {
    const own = dns(1);
    const before = classify(own, config);
    const flipped = before.category === 'KTLO' ? 'PROJECT' : 'KTLO';
    const stats = learnFromExamples([{ id: own.id, issue: own, category: flipped }], read);
    const team = teamModel(stats);
    expect(withoutOwnExample(team, own.id)).toMatchObject({ examples: 0, weights: {}, cases: [] });
    expect(classify(own, { ...config, team: withoutOwnExample(team, own.id) })).toEqual(before);
    expect(withoutOwnExample(team, 'another issue')).toBe(team);
    const others = learnFromExamples([2, 3, 4, 5, 6].map((n) => ({ id: `${n}`, issue: dns(n), category: flipped })), read);
    const both = teamModel({ version: 1, examples: [...others.examples, ...stats.examples] });
    expect(withoutOwnExample(both, own.id)).toEqual(teamModel(others));
  });

  it("the team's most similar labelled issues vote, named in the reason; the vote's weight 0 leaves only the learned weights", () => {
    const probe = issue({ key: 'OPS-99', summary: 'Route the payments hostname through the gateway', labels: ['edge'] });
    const before = classify(probe, config);
    const flipped = before.category === 'KTLO' ? 'PROJECT' : 'KTLO';
    const unrelated = issue({ key: 'OPS-50', summary: 'Quarterly roadmap review with finance', labels: ['planning'] });
    const stats = learnFromExamples(
      [
        { id: '1', issue: { ...dns(1), labels: ['edge'] }, category: flipped },
        { id: '2', issue: { ...dns(2), labels: ['edge'] }, category: flipped },
        { id: '50', issue: unrelated, category: before.category },
      ],
      read,
    );
    const after = classify(probe, { ...config, team: teamModel(stats) });
    expect(after.category).toBe(flipped);
    // The unrelated example leans the other way and is not counted; no key is named (the reader may not see those issues).
    expect(after.reasons).toContain(`like 2 issues your team set to ${flipped === 'KTLO' ? 'KTLO' : 'project work'}`);
    const silent = classify(probe, { ...config, team: teamModel(stats, { ...TEAM_OPTIONS, vote: { neighbours: 5, weight: 0 } }) });
    expect(silent.reasons.some((r) => r.startsWith('like '))).toBe(false);
  });

  it('an example is replaced when the same issue is overridden again, and removed exactly', () => {
    const a = addExample(EMPTY_TEAM_STATS, { id: '1', issue: dns(1), category: 'KTLO' }, read);
    const b = addExample(a, { id: '1', issue: dns(1), category: 'PROJECT' }, read);
    expect(b.examples).toHaveLength(1);
    expect(b.examples[0]?.category).toBe('PROJECT');
    expect(removeExample(b, '1')).toEqual(EMPTY_TEAM_STATS);
    expect(removeExample(b, 'nope')).toBe(b);
    expect(teamStatsSchema.safeParse(b).success).toBe(true);
    // Names of features only: no sentence of the issue is kept.
    expect(b.examples[0]?.features.every((f) => f.split(' ').length <= 2)).toBe(true);
  });

  it('stays within one kvs value (240 KiB) at its fullest, keeping the newest examples', () => {
    const word = (n: number) => `w${(n * 7919) % 100003}x`;
    const wordy = (n: number) =>
      issue({ key: `BIG-${n}`, summary: Array.from({ length: 30 }, (_, k) => word(n * 31 + k)).join(' '), labels: Array.from({ length: 8 }, (_, k) => `label-${word(n + k)}`) });
    const stats = learnFromExamples(Array.from({ length: MAX_EXAMPLES + 20 }, (_, n) => ({ id: `${n}`, issue: wordy(n), category: n % 2 ? 'KTLO' : 'PROJECT' })), read);
    expect(stats.examples).toHaveLength(MAX_EXAMPLES);
    expect(stats.examples[0]?.id).toBe('20');
    const stored = JSON.stringify({ revision: 1, stats, model: teamWeights(stats) });
    expect(Buffer.byteLength(stored)).toBeLessThan(240 * 1024);
  });

  it('no examples change nothing', () => {
    const team = teamModel(EMPTY_TEAM_STATS);
    expect(team).toMatchObject({ examples: 0, weights: {}, cases: [] });
    const subject = issue({ summary: 'Rotate the API keys' });
    expect(classify(subject, { ...config, team })).toEqual(classify(subject, config));
  });
});

describe('the KTLO share over unsure issues', () => {
  const item = (key: string, category: 'KTLO' | 'PROJECT', confidence: number, estimate: number) => ({ key, category, confidence, estimate, isSubtask: false, parentKey: null });

  it('ranges from every unsure issue as project work to every one as KTLO', () => {
    const range = ktloShareRange({
      items: [item('A-1', 'KTLO', 0.9, 2), item('A-2', 'PROJECT', 0.9, 4), item('A-3', 'KTLO', 0.55, 2), item('A-4', 'PROJECT', 0.5, 2)],
      band: { min: 0.2, max: 0.3 },
      teamCapacity: null,
      lowConfidenceThreshold: 0.6,
    });
    expect(range).toEqual({ min: 0.2, max: 0.6, unsure: ['A-3', 'A-4'] });
  });

  it('is one point when nothing is unsure', () => {
    const range = ktloShareRange({ items: [item('A-1', 'KTLO', 0.9, 1), item('A-2', 'PROJECT', 0.8, 3)], band: { min: 0.2, max: 0.3 }, teamCapacity: null, lowConfidenceThreshold: 0.6 });
    expect(range).toEqual({ min: 0.25, max: 0.25, unsure: [] });
  });
});
