import { seededRandom } from '../dev/seeded-random';
import type { NormalizedIssue } from '../src/domain/issue';

// Realistic generated issues for the benchmarks: the same seed gives the same issues.

const SUMMARIES = [
  'Monthly security patching - {month}',
  'Renew wildcard certificate for {host}',
  'Weekly restore test of the {system} backup',
  'Rotate access keys for the {system} service account',
  'Tune noisy disk-space alerts on {host}',
  'Restart stuck ingestion job for {system}',
  'Quarterly access review for {system}',
  'Production outage: {system} unavailable for 20 minutes',
  'Dependabot: bump {lib} from 1.6.2 to 1.6.8',
  'Disk cleanup on {host}',
  'Build a self-service {system} portal',
  'Migrate {system} to the new Kubernetes cluster',
  'Implement rate limiting on the {system} API',
  'Design and roll out a tagging standard for {system}',
  'As a manager I want a dashboard of {system} usage',
  'Upgrade {system} to the next major version across environments',
  'Automate the {system} failover drill',
  'Proof of concept: replace cron jobs in {system} with Airflow',
  'Add search filters to the {system} page',
  'Investigate slow queries on {system} after the index rebuild',
];
const WORDS = {
  month: ['January', 'February', 'March', 'October', 'November', 'December'],
  host: ['web-01', 'cache-02', 'build agents', '*.internal.example.com', 'edge proxies'],
  system: ['billing', 'orders', 'CRM', 'payroll', 'search', 'reporting', 'identity'],
  lib: ['axios', 'lodash', 'react', 'express'],
};
const SENTENCES = [
  'Check the runbook before starting and record the result in the change log.',
  'Coordinate with the service owners and agree a maintenance window for production.',
  'The current setup was put together years ago and nobody has reviewed it since.',
  'Customers have asked for this several times in the last quarter.',
  'Roll through staging first, then production, and confirm the dashboards stay green.',
  'Stakeholders from finance and support need to sign off before the rollout.',
  'The on-call engineer saw the alert fire three times last week without any action needed.',
  'Plan the work in phases and pilot with one team before going wider.',
  'Attach the evidence to the compliance ticket once done.',
  'This blocks the Q3 roadmap item for the partner integration.',
  'See the linked incident for the timeline and the follow-up actions.',
  'Estimate assumes no surprises from the vendor side.',
];
const TYPES = ['Task', 'Task', 'Story', 'Bug', 'Epic', 'Incident', 'Sub-task'];

function pick<T>(r: () => number, list: readonly T[]): T {
  const value = list[Math.floor(r() * list.length)];
  if (value === undefined) throw new Error('empty list');
  return value;
}

function fill(template: string, r: () => number): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => pick(r, WORDS[name as keyof typeof WORDS] ?? ['x']));
}

function description(r: () => number): string {
  const target = 300 + Math.floor(r() * 300);
  let text = '';
  while (text.length < target) text += (text ? ' ' : '') + pick(r, SENTENCES);
  return text.slice(0, 600);
}

/** Issues as the app meets them: parsed from JSON, so every string is flat, as Jira's responses are. */
export function generateIssues(count: number, seed = 42): NormalizedIssue[] {
  const issues = buildIssues(count, seed);
  const parsed: NormalizedIssue[] = JSON.parse(JSON.stringify(issues));
  return parsed;
}

function buildIssues(count: number, seed: number): NormalizedIssue[] {
  const r = seededRandom(seed);
  const out: NormalizedIssue[] = [];
  for (let i = 0; i < count; i++) {
    const key = `GEN-${i + 1}`;
    const issueType = pick(r, TYPES);
    const isSubtask = issueType === 'Sub-task';
    const parentKey = `GEN-${Math.max(1, i)}`;
    out.push({
      id: String(100000 + i),
      key,
      summary: fill(pick(r, SUMMARIES), r),
      description: description(r),
      issueType,
      isSubtask,
      hierarchyLevel: isSubtask ? -1 : issueType === 'Epic' ? 1 : 0,
      labels: r() < 0.3 ? [pick(r, ['patching', 'backup', 'automation', 'security', 'roadmap'])] : [],
      components: r() < 0.5 ? [pick(r, ['Platform', 'SRE', 'Web', 'Data Platform'])] : [],
      priority: 'Medium',
      statusCategory: pick(r, ['new', 'indeterminate', 'done'] as const),
      projectKey: 'GEN',
      parent: isSubtask ? { key: parentKey, summary: fill(pick(r, SUMMARIES), r), issueType: 'Task', isEpic: false, labels: [] } : null,
      created: '2026-10-01T10:00:00.000+0000',
      resolutionDate: null,
      estimate: r() < 0.15 ? null : pick(r, [1, 2, 3, 5, 8, 13]),
      estimateUnit: 'points',
    });
  }
  return out;
}
