import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { classify } from '../../src/domain/classify';
import { SCENARIOS } from '../../dev/classifier/scenarios';
import { DEFAULT_GLOBAL_CONFIG, resolveConfig, type EffectiveConfig } from '../../src/domain/config';
import type { NormalizedIssue } from '../../src/domain/issue';
import { findPointsField, normalizeIssues, readIssueList } from '../../src/domain/normalize';
import { issue, SHARED_DIR } from '../support/issues';

const config: EffectiveConfig = resolveConfig(DEFAULT_GLOBAL_CONFIG);

describe("the article's Real-World Scenarios, written as Jira issues", () => {
  const scenarios = SCENARIOS;

  it.each(scenarios)('%s', (_name, scenario, expected) => {
    const result = classify(scenario, config);
    expect(result.category).toBe(expected);
    expect(result.source).toBe('rules');
    expect(result.confidence).toBeGreaterThanOrEqual(config.lowConfidenceThreshold);
  });

  it('explains the monthly patching decision the way the article does', () => {
    const result = classify(scenarios[5]![1], config);
    expect(result.reasons[0]).toBe("recurring maintenance: 'monthly security patching'");
  });

  it('explains a new portal as a new capability', () => {
    const result = classify(issue({ summary: 'Build a self-service portal for access requests', issueType: 'Story' }), config);
    expect(result.category).toBe('PROJECT');
    expect(result.reasons).toContain("new capability: 'build ... portal'");
  });
});

describe('the labelled development set', () => {
  it('classifies at least 95% correctly', () => {
    const data: unknown = JSON.parse(readFileSync(`${SHARED_DIR}/data/ktlo-labelled-dev.json`, 'utf8'));
    const list = readIssueList(data);
    if (!list.ok) throw new Error(list.error);
    const expected = (data as { expected: Record<string, { category: string }> }).expected;
    const fieldId = findPointsField(list.value.names);
    expect(fieldId).toBe('customfield_10026');
    const issues = normalizeIssues(list.value.issues, { kind: 'field', fieldId: fieldId ?? '' });
    if (!issues.ok) throw new Error(issues.error);
    const wrong = issues.value.filter((i) => classify(i, config).category !== expected[i.key]?.category).map((i) => i.key);
    const accuracy = 1 - wrong.length / issues.value.length;
    process.stdout.write(`dev-set accuracy: ${(accuracy * 100).toFixed(1)}% (${issues.value.length - wrong.length}/${issues.value.length}) wrong: ${wrong.join(', ') || 'none'}\n`);
    expect(issues.value).toHaveLength(62);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });
});

describe('precedence', () => {
  const patching = issue({ summary: 'Monthly patching of the web servers' });

  it('an override beats everything, with confidence 1', () => {
    const result = classify({ ...patching, labels: ['ktlo'] }, config, { category: 'PROJECT' });
    expect(result).toMatchObject({ category: 'PROJECT', confidence: 1, source: 'override' });
  });

  it('an explicit label beats the rules, case-insensitively', () => {
    const result = classify({ ...patching, labels: ['Project-Work'] }, config);
    expect(result).toEqual({ category: 'PROJECT', confidence: 1, source: 'override', unsure: false, reasons: ["explicit label 'Project-Work'"] });
  });

  it('contradicting explicit labels are ignored', () => {
    expect(classify({ ...patching, labels: ['ktlo', 'project-work'] }, config).source).toBe('rules');
  });

  it('a sub-task follows its parent, even when its own words say otherwise', () => {
    const sub = issue({
      key: 'OPS-2',
      issueType: 'Sub-task',
      isSubtask: true,
      hierarchyLevel: -1,
      summary: 'Build a dashboard of patch compliance',
      parent: { key: 'OPS-1', summary: 'Monthly patching - December', issueType: 'Task', isEpic: false, labels: [] },
    });
    const result = classify(sub, config);
    expect(result.category).toBe('KTLO');
    expect(result.source).toBe('parent');
    expect(result.reasons[0]).toBe("follows its parent OPS-1 'Monthly patching - December' (KTLO)");
  });

  it("a sub-task follows its parent's stored decision when known", () => {
    const sub = issue({
      isSubtask: true,
      summary: 'Patch the proxies',
      parent: { key: 'OPS-1', summary: 'Anything', issueType: 'Task', isEpic: false, labels: [], known: { category: 'PROJECT', source: 'override', confidence: 1 } },
    });
    expect(classify(sub, config)).toMatchObject({ category: 'PROJECT', source: 'parent', confidence: 0.95 });
  });

  it('a sub-task of a parent no rule speaks of is judged on its own words', () => {
    const sub = issue({ isSubtask: true, summary: 'Renew the TLS certificate', parent: { key: 'OPS-1', summary: 'Misc', issueType: 'Task', isEpic: false, labels: [] } });
    expect(classify(sub, config)).toMatchObject({ category: 'KTLO', source: 'rules' });
  });

  it('a story in a standing BAU epic follows the epic', () => {
    const story = issue({
      issueType: 'Story',
      summary: 'Add search filters to the audit page',
      parent: { key: 'OPS-9', summary: 'BAU - Q4 2026', issueType: 'Epic', isEpic: true, labels: [] },
    });
    expect(classify(story, config)).toMatchObject({ category: 'KTLO', source: 'parent' });
  });

  it("a story under an epic that is not unsure follows it: the epic's steps are its kind of work", () => {
    const story = issue({
      issueType: 'Story',
      summary: 'Retire the old checkout page',
      parent: { key: 'WEB-9', summary: 'Checkout tweaks', issueType: 'Epic', isEpic: true, labels: [] },
    });
    expect(classify({ ...story, parent: null }, config)).toMatchObject({ category: 'KTLO' });
    expect(classify(story, config)).toMatchObject({ category: 'PROJECT', source: 'parent' });
  });

  it('a story under an unsure epic keeps its own classification', () => {
    const parent = { key: 'WEB-9', summary: 'Q4 misc', issueType: 'Epic', isEpic: true, labels: [] };
    expect(classify(issue({ summary: parent.summary, issueType: '', hierarchyLevel: 1 }), config)).toMatchObject({ unsure: true });
    expect(classify(issue({ issueType: 'Story', summary: 'Retire the old checkout page', parent }), config)).toMatchObject({ category: 'KTLO', source: 'rules' });
  });

  it('a bug that reports a fault under an epic that is only not unsure keeps its own classification', () => {
    const story = issue({
      issueType: 'Bug',
      summary: 'Fix broken link on the login page',
      parent: { key: 'WEB-9', summary: 'Checkout tweaks', issueType: 'Epic', isEpic: true, labels: [] },
    });
    expect(classify(story, config)).toMatchObject({ category: 'KTLO', source: 'rules' });
  });

  it('an epic with an explicit label passes it on to its children', () => {
    const story = issue({
      summary: 'Rotate the database passwords',
      parent: { key: 'WEB-9', summary: 'Payments revamp', issueType: 'Epic', isEpic: true, labels: ['project-work'] },
    });
    expect(classify(story, config)).toMatchObject({ category: 'PROJECT', source: 'parent' });
  });

  it('with nothing to go on, leans to the configured default, unsure, and says so', () => {
    const result = classify(issue({ summary: 'Lorem ipsum', issueType: 'Task' }), config);
    expect(result).toMatchObject({ category: 'PROJECT', source: 'default', confidence: 0.5, unsure: true });
    expect(result.reasons[0]).toMatch(/^unsure: only its issue type 'Task' speaks/);
    const ktloDefault = classify(issue({ summary: 'Lorem ipsum' }), { ...config, defaultCategory: 'KTLO' });
    expect(ktloDefault).toMatchObject({ category: 'KTLO', source: 'default', confidence: 0.5, unsure: true });
  });
});

describe('rules', () => {
  const one = (fields: Partial<NormalizedIssue>) => classify(issue(fields), config);

  it('the issue type alone does not decide: project work filed as Task, upkeep as Story, features as Bug', () => {
    expect(one({ issueType: 'Task', summary: 'Implement SSO login for the partner portal' }).category).toBe('PROJECT');
    expect(one({ issueType: 'Story', summary: 'Renew the Apple push certificate' }).category).toBe('KTLO');
    expect(one({ issueType: 'Bug', summary: 'Feature request: export invoices as CSV' }).category).toBe('PROJECT');
    expect(one({ issueType: 'Incident' }).confidence).toBeLessThan(one({ summary: 'Outage of the API' }).confidence);
    expect(one({ issueType: 'Incident', summary: 'Build a status page for customers' }).category).toBe('PROJECT');
  });

  it('matches whole words, any case, plurals and punctuation', () => {
    expect(one({ summary: 'PATCHES for the edge proxies' }).reasons[0]).toBe("routine patching: 'patches'");
    expect(one({ summary: 'Dispatch the new courier module' }).reasons.join()).not.toMatch(/patch/);
    expect(one({ summary: 'Update the on-call rota' }).category).toBe('KTLO');
    expect(one({ summary: 'Update the On Call rota' }).category).toBe('KTLO');
    expect(one({ summary: 'Fix: noisy alerts!' }).category).toBe('KTLO');
    expect(one({ summary: 'Clean up policies' }).reasons[0]).toBe("housekeeping: 'clean up'");
  });

  it('prefers the longer phrase: "minor version" is upkeep even though "upgrade" is not', () => {
    const result = one({ summary: 'Minor version upgrade of nginx' });
    expect(result.category).toBe('KTLO');
    expect(result.reasons[0]).toBe("routine patching: 'minor version'");
  });

  it('weighs description matches below summary matches and says where they were found', () => {
    // A summary of words the model does not weigh: only the description's rules speak.
    const result = one({ summary: 'Payments queue', description: 'Restart the stuck worker' });
    expect(result.category).toBe('KTLO');
    expect(result.reasons[0]).toMatch(/in the description$/);
    expect(result.confidence).toBeLessThan(one({ summary: 'Restart the stuck payments worker' }).confidence);
  });

  it('a large estimate leans to project work', () => {
    const none = one({ summary: 'Lorem ipsum' });
    const large = one({ summary: 'Lorem ipsum', estimate: 21 });
    expect(none.source).toBe('default');
    expect(large).toMatchObject({ category: 'PROJECT', source: 'rules' });
    expect(large.reasons[0]).toBe('large estimate (21 points) leans to planned project work');
    expect(one({ summary: 'Lorem ipsum', estimate: 60, estimateUnit: 'hours' }).category).toBe('PROJECT');
  });

  it('recurrence words lean KTLO', () => {
    const quarterly = one({ summary: 'Quarterly cost report' });
    expect(quarterly.category).toBe('KTLO');
    expect(quarterly.reasons[0]).toBe("recurring work: 'quarterly'");
    expect(one({ summary: 'Nightly export to the warehouse' }).category).toBe('KTLO');
  });

  it('labels and components count, case-insensitively', () => {
    expect(one({ summary: 'Lorem', labels: ['Patching'] }).reasons).toContain("label 'Patching'");
    expect(one({ summary: 'Lorem', components: ['sre'] }).reasons.join('; ')).toMatch(/component 'sre'/);
  });

  it('automation is weighed by its scope: automating every team\'s provisioning is project work', () => {
    const broad = one({ summary: 'Automate provisioning of environments for all teams' });
    expect(broad.category).toBe('PROJECT');
    expect(broad.reasons).toContain("automating manual work: 'automate'");
  });

  it('lists outweighed signals after the winning ones', () => {
    const result = one({ summary: 'Redesign the backup architecture across all regions' });
    expect(result.category).toBe('PROJECT');
    expect(result.reasons.filter((r) => r.startsWith('outweighed (KTLO): '))).toContain("outweighed (KTLO): backup and restore upkeep: 'backup'");
    expect(result.reasons.findIndex((r) => r.startsWith('outweighed'))).toBeGreaterThan(0);
  });

  it('edited rules take effect', () => {
    const rules = { ...config.rules, phrases: [...config.rules.phrases, { id: 'payroll', category: 'KTLO' as const, weight: 3, reason: 'payroll run', terms: ['payroll run'] }] };
    const before = classify(issue({ summary: 'Check the payroll run' }), config);
    const after = classify(issue({ summary: 'Check the payroll run' }), { ...config, rules });
    expect(after.category).toBe('KTLO');
    expect(after.reasons[0]).toBe("payroll run: 'payroll run'");
    expect(after.confidence).toBeGreaterThan(before.category === 'KTLO' ? before.confidence : 0);
  });
});

describe('properties', () => {
  const words = ['patch', 'monthly', 'build', 'portal', 'migrate', 'alert', 'noisy', 'the', 'for', 'backup', 'Renew', 'dashboard', 'incident', 'design', 'x'];
  const arbIssue = fc.record({
    summary: fc.array(fc.constantFrom(...words), { maxLength: 8 }).map((w) => w.join(' ')),
    description: fc.oneof(fc.string(), fc.array(fc.constantFrom(...words)).map((w) => w.join(', '))),
    issueType: fc.constantFrom('Task', 'Bug', 'Story', 'Epic', 'Incident', 'Sub-task', 'Custom'),
    labels: fc.array(fc.constantFrom('ktlo', 'bau', 'project-work', 'patching', 'automation', 'misc')),
    components: fc.array(fc.constantFrom('SRE', 'Web')),
    estimate: fc.option(fc.double({ min: 0, max: 100, noNaN: true })),
    isSubtask: fc.boolean(),
    parent: fc.option(
      fc.record({ key: fc.constant('P-1'), summary: fc.constantFrom('Monthly patching', 'Build portal', 'BAU', ''), issueType: fc.constantFrom('Task', 'Epic'), isEpic: fc.boolean(), labels: fc.constantFrom<string[]>([], ['bau'], ['project-work']) }),
    ),
  });

  it('is total and deterministic, with confidence in [0, 1] and at least one reason', () => {
    fc.assert(
      fc.property(arbIssue, (fields) => {
        const subject = issue(fields);
        const a = classify(subject, config);
        const b = classify(structuredClone(subject), config);
        expect(a).toEqual(b);
        expect(['KTLO', 'PROJECT']).toContain(a.category);
        expect(a.confidence).toBeGreaterThanOrEqual(0);
        expect(a.confidence).toBeLessThanOrEqual(1);
        expect(a.reasons.length).toBeGreaterThan(0);
        if (a.source === 'default') expect(a.confidence).toBeLessThanOrEqual(0.5);
        if (a.confidence === 1) expect(a.source).toBe('override');
      }),
    );
  });
});
