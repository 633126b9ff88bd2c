import type { Category } from '../../src/domain/category';
import type { NormalizedIssue } from '../../src/domain/issue';
import { issue } from '../../test/support/issues';

/** The article's "Real-World Scenarios" table (../shared/seed/ktlo-article.txt), each written as a Jira issue. */
export const SCENARIOS: Array<[string, NormalizedIssue, Category]> = [
  [
    'SQL Server Upgrade: migrating to a newer version across environments',
    issue({
      issueType: 'Epic',
      hierarchyLevel: 1,
      summary: 'Upgrade SQL Server 2016 to SQL Server 2022',
      description:
        'Migrate dev, test, staging and production from SQL Server 2016 to 2022. Plan the upgrade path, run regression tests in each environment and coordinate the cutover with the application owners.',
      estimate: 21,
    }),
    'PROJECT',
  ],
  [
    'Annual DR Testing: simulating disaster recovery for compliance',
    issue({
      summary: 'Annual DR test for the payments platform',
      description: 'Simulate a disaster recovery failover to the secondary region for the compliance report. Record RTO and RPO.',
      estimate: 5,
    }),
    'KTLO',
  ],
  [
    'Alert Optimization: tuning a few noisy alerts',
    issue({
      summary: 'Tune noisy disk-space alerts on the web servers',
      description: 'A few alerts fire several times a night and clear without anyone acting. Raise the thresholds and add a short delay.',
      estimate: 2,
    }),
    'KTLO',
  ],
  [
    'Alert Optimization: redesigning the entire alerting strategy',
    issue({
      issueType: 'Epic',
      hierarchyLevel: 1,
      summary: 'Redesign the entire alerting strategy',
      description:
        'Review every alert rule with the service owners, define severity levels and routing, agree SLO-based alerting with stakeholders and roll out the new approach team by team.',
      estimate: 20,
    }),
    'PROJECT',
  ],
  [
    'Alert Configuration: setting up alerts for a new application',
    issue({
      summary: 'Set up alerts for the new invoicing application',
      description: "The invoicing app goes live next week. Add CPU, memory, error rate and latency alerts from the usual templates and route them to the team's on-call.",
      estimate: 2,
    }),
    'KTLO',
  ],
  [
    'Security Patch Deployment: monthly patching of servers',
    issue({
      summary: 'Monthly security patching - November',
      description: "Apply this month's OS security patches to all Linux servers, staging first, then production in the maintenance window.",
      estimate: 3,
    }),
    'KTLO',
  ],
];
