import type { Rules } from './config';

/**
 * The rules KTLO Lens ships with, written from the article's criteria: KTLO keeps existing systems running
 * (patching, backups, access, DR drills, alert tuning, incidents, housekeeping); project work is temporary and
 * goal-oriented and delivers something new (features, migrations, redesigns, new platforms, automation of toil).
 * Weights: 3 = the words say what kind of work it is, 2 = a strong hint, 1 = a hint, 0.5 = a nudge.
 * Words whose kind depends on the work's scale and object ("migrate", "upgrade", "create", "feature", "monitor") are
 * no rules: intent.ts reads scale and object, and the learned model weighs them.
 * Every rule is editable in the settings; these are only the starting point.
 */
export const DEFAULT_RULES: Rules = {
  phrases: [
    {
      id: 'ktlo-bucket',
      category: 'KTLO',
      weight: 5,
      reason: 'standing KTLO work',
      terms: ['ktlo', 'keep the lights on', 'keeping the lights on', 'bau', 'business as usual', 'run the business'],
    },
    {
      id: 'patching',
      category: 'KTLO',
      weight: 3,
      reason: 'routine patching',
      terms: [
        'patch', 'patching', 'patched', 'patch tuesday', 'cumulative update', 'security update', 'security fix',
        'security advisory', 'cve', 'vulnerability', 'hotfix', 'minor release', 'minor version', 'minor upgrade',
        'point release', 'maintenance release', 'bug fix release', 'bump', 'dependabot', 'renovate', 'dependency update', 'update dependencies', 'dependencies update', 'eol', 'end of life',
        'update base image', 'base image', 'firmware', 'vulnerability scan', 'pen test finding', 'end of support',
      ],
    },
    {
      id: 'renewal',
      category: 'KTLO',
      weight: 3,
      reason: 'routine renewal',
      terms: ['renew', 'renewal', 'expire', 'expiry', 'expiring', 'expired certificate', 'certificate', 'cert', 'tls', 'ssl', 'rotate', 'rotation', 'licence', 'license'],
    },
    {
      id: 'backup',
      category: 'KTLO',
      weight: 3,
      reason: 'backup and restore upkeep',
      terms: ['backup', 'back up', 'restore test', 'test restore', 'snapshot'],
    },
    {
      id: 'access',
      category: 'KTLO',
      weight: 3,
      reason: 'access management',
      terms: [
        'access request', 'grant access', 'revoke', 'remove access', 'new joiner', 'joiner', 'leaver', 'offboard',
        'offboarding', 'ad group', 'security group', 'reset password', 'password reset', 'unlock account',
        'access key', 'needs access', 'access for', 'onboarding for', 'add user', 'dns record', 'access review', 'access recertification', 'permission request', 're enable', 'service account', 'password', 'unlock',
      ],
    },
    {
      id: 'dr',
      category: 'KTLO',
      weight: 3,
      reason: 'disaster recovery drill',
      terms: ['dr', 'disaster recovery', 'failover test', 'fail over test', 'dr test', 'dr drill', 'drill', 'bcp'],
    },
    {
      id: 'alerting',
      category: 'KTLO',
      weight: 2,
      reason: 'monitoring and alert upkeep',
      terms: [
        'alert', 'alerting', 'alert noise', 'noisy alert', 'threshold', 'false positive', 'flapping', 'uptime check',
        'synthetic check', 'health check', 'monitoring', 'consumer lag', 'fires',
      ],
    },
    {
      id: 'incident',
      category: 'KTLO',
      weight: 3,
      reason: 'incident response',
      terms: [
        'incident', 'outage', 'unavailable', 'is down', 'went down', 'sev1', 'latency spike', 'cpu spike', 'error spike', 'traffic spike', '5xx', 'out of space', 'slamming', 'sev2', 'p1', 'post incident', 'postmortem',
        'post mortem', 'pagerduty', 'degraded', 'failed', 'failing', 'crash', 'crashing',
      ],
    },
    {
      id: 'break-fix',
      category: 'KTLO',
      weight: 2,
      reason: 'fix in an existing system',
      terms: ['fix', 'broken', 'bug', 'error', 'not working', 'regression', 'flaky', 'flaky test', 'integration test', 'expired', 'stuck', 'slow query', 'investigate', 'troubleshoot', 'intermittent', 'memory leak', 'out of memory', 'oom', 'disk full', 'timeout', 'error rate', 'triage', 'does not work', 'doesn t work', 'cannot', 'can not', 'unable to', 'fails', 'fail to', 'fails to', 'wrong', 'incorrect', 'typo', 'broken link', 'exception', 'panic'],
    },
    {
      id: 'housekeeping',
      category: 'KTLO',
      weight: 3,
      reason: 'housekeeping',
      terms: ['cleanup', 'clean up', 'purge', 'prune', 'disk space', 'disk cleanup', 'free up', 'temp table', 'dlq', 'dead letter', 'clear the queue', 'archive old', 'log rotation', 'dead code', 'decommission', 'retire', 'remove unused', 'remove outdated'],
    },
    {
      id: 'operations',
      category: 'KTLO',
      weight: 2,
      reason: 'operational chore',
      terms: [
        'restart', 'rerun', 're run', 'refresh staging', 'refresh ... from', 'on call', 'rota', 'support ticket',
        'vendor support', 'follow up', 'replace failed', 'build agent', 'build server', 'build runner', 'build cache', 'failed disk', 'hardware', 'capacity top up', 'quota increase', 'increase ... capacity', 'maintenance', 'maintenance window', 'maintain', 'upkeep', 'hygiene', 'runbook', 'housekeeping',
      ],
    },
    {
      id: 'docs',
      category: 'KTLO',
      weight: 1,
      reason: 'documentation upkeep',
      terms: ['docs', 'documentation', 'readme', 'runbook update', 'update the guide', 'changelog'],
    },
    {
      id: 'compliance',
      category: 'KTLO',
      weight: 2,
      reason: 'compliance upkeep',
      terms: ['compliance', 'audit', 'audit finding', 'remediation', 'remediate', 'evidence collection', 'pci', 'sox', 'iso 27001', 'review of', 'firewall rule', 'retention', 'log retention'],
    },
    {
      id: 'configuration',
      category: 'KTLO',
      weight: 1,
      reason: 'small configuration change',
      terms: ['setting', 'configure', 'config change', 'configuration change', 'adjust', 'tweak', 'raise the limit', 'increase the limit'],
    },
    {
      id: 'new-capability',
      category: 'PROJECT',
      weight: 3,
      reason: 'new capability',
      terms: [
        'build', 'implement', 'develop', 'introduce', 'launch', 'new feature', 'feature request',
        'new capability', 'new service', 'new product', 'new workflow', 'new tooling', 'new system', 'self service',
        'build ... portal', 'portal', 'as a ... i want', 'i want', 'user story', 'mvp', 'ability to', 'option to', 'allow users', 'support for', 'add support', 'proposal', 'rewrite', 'adopt', 'adoption', 'greenfield', 'beta', 'v2',
      ],
    },
    {
      id: 'migration',
      category: 'PROJECT',
      weight: 4,
      reason: 'migration',
      terms: [
        'cut over', 'cutover', 'containerise', 'containerize', 'replatform', 're platform', 're architect', 'rearchitect',
        'replace ... with', 'to the cloud',
      ],
    },
    {
      id: 'upgrade',
      category: 'PROJECT',
      weight: 2,
      reason: 'platform upgrade',
      terms: ['major upgrade', 'major version', 'across environments', 'new platform'],
    },
    {
      id: 'redesign',
      category: 'PROJECT',
      weight: 3,
      reason: 'redesign',
      terms: ['redesign', 're design', 'design', 'overhaul', 'rethink', 'strategy', 'framework', 'architecture', 'data model', 'entire', 'across all', 'all team'],
    },
    {
      id: 'structured-rollout',
      category: 'PROJECT',
      weight: 2,
      reason: 'structured rollout',
      terms: ['roll out', 'rollout', 'standard', 'phased', 'in phases', 'pilot', 'workshop', 'stakeholder', 'programme', 'program', 'initiative', 'roadmap', 'okr', 'milestone'],
    },
    {
      id: 'exploration',
      category: 'PROJECT',
      weight: 3,
      reason: 'exploration toward new work',
      terms: ['proof of concept', 'poc', 'prototype', 'spike', 'rfc', 'evaluate', 'research', 'discovery', 'experiment', 'a b test'],
    },
    {
      id: 'automation',
      category: 'PROJECT',
      weight: 5,
      reason: 'automating manual work',
      terms: ['automate', 'automation', 'automated', 'automatic', 'automatically', 'without manual step', 'self healing'],
    },
    {
      id: 'integration',
      category: 'PROJECT',
      weight: 3,
      reason: 'new integration',
      terms: ['integrate', 'integration', 'onboard the new', 'new vendor', 'new integration'],
    },
    {
      id: 'product-improvement',
      category: 'PROJECT',
      weight: 2,
      reason: 'product improvement',
      terms: ['improve', 'enhance', 'enhancement', 'optimise ... conversion', 'conversion', 'checkout', 'one page', 'dashboard', 'data lake', 'multi tenant', 'chatbot'],
    },
  ],
  recurrence: {
    weight: 1.5,
    terms: [
      'daily', 'nightly', 'weekly', 'biweekly', 'fortnightly', 'monthly', 'quarterly', 'annual', 'annually', 'yearly',
      'semi annual', 'half yearly', 'biannual', 'recurring', 'routine', 'regular', 'every day', 'every night',
      'every week', 'every month', 'every quarter', 'every year', 'each month',
    ],
  },
  issueTypes: [
    { name: 'Incident', category: 'KTLO', weight: 1.5 },
    { name: 'Service Request', category: 'KTLO', weight: 1.5 },
    { name: 'Problem', category: 'KTLO', weight: 1 },
    { name: 'Bug', category: 'KTLO', weight: 1 },
    { name: 'Change', category: 'KTLO', weight: 0.5 },
    { name: 'Epic', category: 'PROJECT', weight: 1.5 },
    { name: 'Initiative', category: 'PROJECT', weight: 2 },
    { name: 'Feature', category: 'PROJECT', weight: 1.5 },
    { name: 'New Feature', category: 'PROJECT', weight: 1.5 },
    { name: 'Spike', category: 'PROJECT', weight: 1 },
    { name: 'Story', category: 'PROJECT', weight: 0.5 },
    { name: 'Improvement', category: 'PROJECT', weight: 0.5 },
  ],
  labels: [
    ...['patching', 'backup', 'access', 'dr', 'monitoring', 'security', 'dependencies', 'compliance', 'on-call', 'pagerduty', 'hardware', 'ci', 'certificates', 'maintenance', 'toil', 'incident', 'ops', 'housekeeping', 'tech-debt'].map(
      (name) => ({ name, category: 'KTLO' as const, weight: 1 }),
    ),
    ...['automation', 'feature', 'roadmap', 'initiative', 'migration', 'new-feature', 'okr', 'project'].map((name) => ({
      name,
      category: 'PROJECT' as const,
      weight: 1.5,
    })),
  ],
  components: [
    ...['Operations', 'Ops', 'SRE', 'Observability', 'Monitoring', 'Service Desk', 'Support'].map((name) => ({
      name,
      category: 'KTLO' as const,
      weight: 0.5,
    })),
  ],
  size: { largePoints: 13, largeHours: 40, weight: 1.5 },
  descriptionFactor: 0.5,
  epicFollowConfidence: 0.95,
};
