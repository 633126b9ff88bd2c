import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARED_DIR } from '../support/issues';

/** Runs the real `ktlo` bin as a user would, in a child process. */
function ktlo(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(__dirname, '../../bin/ktlo.js'), ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'ktlo-cli-'));
const file = (name: string, content: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

const sprint = {
  names: { customfield_10016: 'Story point estimate' },
  issues: [
    { key: 'OPS-1', fields: { summary: 'Monthly security patching - November', issuetype: { name: 'Task' }, customfield_10016: 3 } },
    { key: 'OPS-2', fields: { summary: 'Build a self-service billing portal', issuetype: { name: 'Story' }, customfield_10016: 5 } },
    { key: 'OPS-3', fields: { summary: 'Implement CSV export of invoices', issuetype: { name: 'Story' }, customfield_10016: 2 } },
    { key: 'OPS-4', fields: { summary: 'Restart the stuck ingestion job', issuetype: { name: 'Task' } } },
    { key: 'OPS-5', fields: { summary: 'Patch the proxies', issuetype: { name: 'Sub-task', subtask: true }, parent: { key: 'OPS-1' }, customfield_10016: 1 } },
  ],
};

describe('ktlo classify', () => {
  it('prints one object per issue, in input order, for the dev set export', () => {
    const r = ktlo(['classify', `${SHARED_DIR}/data/ktlo-labelled-dev.json`]);
    expect(r.code).toBe(0);
    const out: Array<Record<string, unknown>> = JSON.parse(r.stdout);
    expect(out).toHaveLength(62);
    expect(out.map((o) => o['key']).slice(0, 3)).toEqual(['INF-1', 'INF-2', 'INF-3']);
    expect(Object.keys(out[0] ?? {})).toEqual(['key', 'category', 'confidence', 'source', 'unsure', 'reasons']);
    expect(out[32]).toMatchObject({ key: 'INF-33', category: 'KTLO', confidence: 1, source: 'override' });
  });

  it('reads a bare array from stdin and applies a config file', () => {
    const config = file('config.json', { explicitLabels: { KTLO: ['ops'], PROJECT: [] } });
    const r = ktlo(['classify', '-', '--config', config], JSON.stringify([{ key: 'X-1', fields: { summary: 'Something', labels: ['ops'] } }]));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ key: 'X-1', category: 'KTLO', confidence: 1, source: 'override', unsure: false, reasons: ["explicit label 'ops'"] }]);
  });

  it('says when a decision is unsure, keeping its leaning as the category', () => {
    const r = ktlo(['classify', '-'], JSON.stringify([{ key: 'X-1', fields: { summary: '', issuetype: { name: 'Bug' } } }]));
    expect(JSON.parse(r.stdout)).toEqual([expect.objectContaining({ key: 'X-1', category: 'PROJECT', source: 'default', unsure: true })]);
  });
});

describe('ktlo classify --learn-from', () => {
  const hostname = (n: number, summary: string) => ({ key: `NET-${n}`, fields: { summary, issuetype: { name: 'Task' } } });
  const issues = file('learn-issues.json', {
    issues: [hostname(1, 'Route the billing hostname through the gateway'), hostname(2, 'Route the payments hostname through the gateway'), hostname(9, 'Route the search hostname through the gateway')],
  });
  const taught = (category: 'KTLO' | 'PROJECT') =>
    [1, 3, 4, 5, 6, 7].map((n) => ({ issue: hostname(n, `Route the ${['billing', 'x', 'y', 'login', 'status', 'docs', 'wiki', 'mail'][n]} hostname through the gateway`), category }));
  const plain = JSON.parse(ktlo(['classify', issues]).stdout) as Array<{ key: string; category: string }>;
  const lean = plain.find((o) => o.key === 'NET-2')?.category;
  const opposite = lean === 'KTLO' ? 'PROJECT' : 'KTLO';

  it("learns from the team's labels: the issues they label get them as overrides, similar ones move, and say why", () => {
    const labelled = file('labelled.json', taught(opposite));
    const files = readdirSync(dir).sort();
    const r = ktlo(['classify', issues, '--learn-from', labelled]);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(files);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Array<{ key: string; category: string; source: string; unsure: boolean; reasons: string[] }>;
    expect(out[0]).toMatchObject({ key: 'NET-1', category: opposite, source: 'override', confidence: 1, unsure: false });
    const similar = out.find((o) => o.key === 'NET-2');
    expect(similar?.category).toBe(opposite);
    expect(similar?.reasons.some((x) => x.startsWith("learned from your team's 6 overrides: "))).toBe(true);
  });

  it('takes the flag anywhere, is deterministic, and an empty list changes nothing', () => {
    const labelled = file('labelled2.json', taught(opposite));
    const a = ktlo(['classify', '--learn-from', labelled, issues]);
    const b = ktlo(['classify', issues, '--learn-from', labelled]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const empty = ktlo(['classify', issues, '--learn-from', file('empty.json', [])]);
    expect(empty.stdout).toBe(ktlo(['classify', issues]).stdout);
  });

  it('refuses a flag given twice instead of keeping one of them silently', () => {
    const labelled = file('labelled3.json', taught(opposite));
    for (const args of [['classify', issues, '--learn-from', labelled, '--learn-from', labelled], ['capacity', file('sprint-twice.json', sprint), '--min=20', '--min', '25']]) {
      const r = ktlo(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/--(learn-from|min) is given twice; give it once/);
    }
  });

  it.each([
    [file('l-obj.json', { issue: {}, category: 'KTLO' }), /must be a JSON array of \{ "issue": <Jira issue>, "category": "KTLO" \| "PROJECT" \}: \(root\)/],
    [file('l-cat.json', [{ issue: hostname(1, 'x'), category: 'ktlo' }]), /0\.category: Invalid option/],
    [file('l-extra.json', [{ issue: hostname(1, 'x'), category: 'KTLO', why: 'x' }]), /Unrecognized key: "why"/],
    [file('l-issue.json', [{ issue: { key: 'A-1', fields: { labels: 'x' } }, category: 'KTLO' }]), /item 0: issue A-1: field "labels" must be an array of strings/],
    [file('l-twice.json', [{ issue: hostname(1, 'x'), category: 'KTLO' }, { issue: hostname(1, 'y'), category: 'PROJECT' }]), /issue NET-1 is labelled twice/],
    [file('l-bad.json', '[{'), /--learn-from file '.*' is not valid JSON/],
    [join(dir, 'l-missing.json'), /cannot read --learn-from file '.*l-missing\.json' \(ENOENT\)/],
  ])('%s exits 2 with one line, writing nothing', (labelled, message) => {
    const r = ktlo(['classify', issues, '--learn-from', labelled]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});

describe('ktlo capacity', () => {
  it('prints the capacity check of a sprint', () => {
    const r = ktlo(['capacity', file('sprint.json', sprint)]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      ktloPoints: 3,
      projectPoints: 7,
      totalPoints: 10,
      unestimated: ['OPS-4'],
      ktloShare: 0.3,
      status: 'within',
      band: { min: 0.2, max: 0.3 },
      reserved: null,
      projectRoom: null,
      lowConfidence: [],
    });
  });

  it('takes the band and capacity from flags', () => {
    const r = ktlo(['capacity', file('sprint.json', sprint), '--min', '0.1', '--max', '0.2', '--capacity', '20']);
    expect(JSON.parse(r.stdout)).toMatchObject({ ktloShare: 0.15, status: 'within', band: { min: 0.1, max: 0.2 }, reserved: { min: 2, max: 4 }, projectRoom: 10 });
  });

  it('uses --points-field over the names map', () => {
    const issues = { issues: [{ key: 'A-1', fields: { summary: 'Renew certificate', customfield_1: 2 } }] };
    const r = ktlo(['capacity', file('pf.json', issues), '--points-field', 'customfield_1']);
    expect(JSON.parse(r.stdout)).toMatchObject({ ktloPoints: 2, ktloShare: 1, status: 'over' });
  });
});

describe('bad input exits 2 with one line on stderr', () => {
  it.each([
    [['classify', join(dir, 'missing.json')], /^ktlo: cannot read input '.*missing\.json' \(ENOENT\)/],
    [['classify', file('bad.json', '{ not json')], /is not valid JSON/],
    [['classify', file('shape.json', { issues: 'x' })], /expected a Jira search response/],
    [['classify', file('field.json', { issues: [{ key: 'A-1', fields: { labels: 'x' } }] })], /issue A-1: field "labels" must be an array of strings/],
    [['capacity', file('ok.json', sprint), '--min', '1.5'], /--min must be a share between 0 and 1/],
    [['capacity', file('ok.json', sprint), '--min', '0.4', '--max', '0.3'], /invalid band: min: min must not be greater than max/],
    [['capacity', file('ok.json', sprint), '--capacity', '-3'], /--capacity must be greater than 0, got -3/],
    [['capacity', file('ok.json', sprint), '--capacity', 'lots'], /--capacity must be a number/],
    [['capacity', file('ok.json', sprint), '--config', file('cfg.json', { band: { min: 2, max: 3 } })], /invalid config: band\.min/],
    [['capacity', file('ok.json', sprint), '--bogus'], /Unknown option '--bogus'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['classify'], /missing input file/],
  ])('%j', (args, message) => {
    const r = ktlo(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
