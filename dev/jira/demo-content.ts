/**
 * The words of the demo site: what a platform/SRE team (OPS), a product web team (WEB) and a security team (SEC) file.
 * KTLO chores recur (patching, restore tests, certificates, access, alert tuning, DR drills, incidents, on-call) beside
 * project work (epics with stories: migrations, new capabilities, redesigns). demo-site.ts schedules them.
 */

export interface WorkItem {
  summary: string;
  type: 'Story' | 'Task' | 'Bug' | 'Incident';
  description: string;
  /** Story points; absent = not estimated (typical of incidents raised mid-sprint). */
  points?: number;
  labels?: string[];
  components?: string[];
  priority?: string;
  /** Sub-task summaries, done before their parent. */
  subtasks?: string[];
}

export interface Epic {
  summary: string;
  description: string;
  labels?: string[];
  components: string[];
  children: WorkItem[];
}

function story(summary: string, points: number, description: string, subtasks?: string[]): WorkItem {
  return { summary, type: 'Story', points, description, ...(subtasks ? { subtasks } : {}) };
}

function task(summary: string, points: number, description: string): WorkItem {
  return { summary, type: 'Task', points, description };
}

export const OPS_COMPONENTS = ['Kubernetes', 'Databases', 'Networking', 'Observability', 'CI/CD', 'Identity & Access', 'Backups', 'Servers'];

export const OPS_EPICS: Epic[] = [
  {
    summary: 'Migrate the billing database to PostgreSQL 16',
    description: 'Move billing off the end-of-life PostgreSQL 11 cluster with no downtime for invoicing.\n\n- Logical replication, shadow reads, then cut-over\n- Retire the old cluster and its backups',
    labels: ['migration'],
    components: ['Databases'],
    children: [
      story('Provision the PostgreSQL 16 cluster for billing with Terraform', 5, 'Three nodes across zones, same parameter group as production, sized from last quarter\'s peak.'),
      story('Set up logical replication from the PostgreSQL 11 primary', 8, 'Publication for the billing schema, subscription on the new cluster, lag below 5 seconds at peak.', [
        'Enable wal_level=logical on the PostgreSQL 11 primary',
        'Create the publication for the billing tables',
        'Monitor replication lag during the initial sync',
      ]),
      task('Benchmark billing queries on PostgreSQL 16', 3, 'Replay a day of pg_stat_statements top queries and compare plans and latencies.'),
      story('Shadow-read billing traffic against the new cluster', 5, 'Mirror 10% of reads and diff the results for a week before any cut-over.'),
      task('Update the billing service connection pooling for PgBouncer 1.23', 3, 'Transaction pooling, new auth_query and pool sizes for the new cluster.'),
      story('Cut over billing reads to PostgreSQL 16', 5, 'Switch the read endpoint behind the feature flag; keep the old path for a quick rollback.'),
      story('Cut over billing writes and retire the replication link', 8, 'Freeze writes for the switch, promote, repoint writers, drop the subscription.', [
        'Freeze billing schema changes during cut-over',
        'Run the cut-over checklist with the DBA team',
      ]),
      task('Decommission the PostgreSQL 11 cluster and its backups', 3, 'Final snapshot to cold storage, delete instances, update the CMDB.'),
    ],
  },
  {
    summary: 'Roll out OpenTelemetry tracing across services',
    description: 'Give every team end-to-end traces so incidents are diagnosed in minutes, not hours.',
    labels: ['observability'],
    components: ['Observability'],
    children: [
      story('Deploy the OpenTelemetry collector as a DaemonSet in every cluster', 5, 'Helm chart, resource limits and an OTLP endpoint per node.'),
      story('Instrument the checkout service with OpenTelemetry', 5, 'Auto-instrumentation for HTTP and gRPC plus spans around the payment call.'),
      story('Instrument the payments API with OpenTelemetry', 5, 'Propagate trace context to the payment provider client.'),
      task('Choose a tail-sampling policy for high-volume services', 3, 'Keep all errors and slow traces, sample the rest to stay inside the storage budget.'),
      story('Link traces to logs in Grafana', 3, 'Inject trace ids into structured logs and configure the derived field.'),
      story('Add trace exemplars to the latency dashboards', 3, 'Exemplars on the p99 panels so a spike links straight to a trace.'),
      task('Write the tracing onboarding guide for product teams', 2, 'Which SDK, which attributes, how to find your service in Tempo.'),
      story('Export span metrics to Prometheus', 5, 'RED metrics from spans for services that have no metrics of their own yet.'),
    ],
  },
  {
    summary: 'Self-service database provisioning for product teams',
    description: 'Teams get a production-ready database from a Backstage form instead of a ticket to the platform team.',
    components: ['Databases'],
    children: [
      task('Write the design doc for self-service database requests', 3, 'Scope, guard rails, cost limits and who approves what.'),
      story('Terraform module for tenant PostgreSQL databases', 8, 'One module per tenant database with sane defaults and required tags.', ['Module inputs and validation', 'Integration test with Terratest']),
      story('Backstage template to request a new database', 5, 'Form, validation and a pull request against the infrastructure repo.'),
      story('Default backup and retention policy for provisioned databases', 3, 'Daily snapshots kept 35 days, PITR on by default.'),
      story('Grant teams read-only access to their database metrics', 3, 'Per-team Grafana folder with the standard database dashboard.'),
      story('Cost tags on provisioned databases', 2, 'Team and service tags enforced by the module.'),
      story('Self-service database deletion with a 7-day grace period', 5, 'Soft delete with a final snapshot, hard delete after a week.'),
      task('Pilot self-service provisioning with the catalogue team', 3, 'Provision their new search database through the template and collect feedback.'),
    ],
  },
  {
    summary: 'Redesign alerting around SLOs',
    description: 'Replace hundreds of threshold alerts with SLO burn-rate alerts that page only when users are affected.',
    labels: ['alerting'],
    components: ['Observability'],
    children: [
      task('Define SLOs for the ten busiest services', 5, 'Availability and latency objectives agreed with each owning team.'),
      story('Burn-rate alerts for the checkout availability SLO', 5, 'Multi-window, multi-burn-rate alerts as in the SRE workbook.'),
      story('Burn-rate alerts for the search latency SLO', 5, 'Fast and slow burn windows, paging only on the fast one.'),
      story('SLO dashboard per team in Grafana', 3, 'Error budget remaining and burn rate per service.'),
      task('Map existing threshold alerts to SLOs and mark the ones to retire', 3, 'Spreadsheet of every paging alert with its replacement or reason to keep.'),
      story('Route SLO alerts to the owning team\'s PagerDuty service', 3, 'Service ownership from the catalogue decides the routing.'),
      task('Retire threshold alerts replaced by SLO alerts', 2, 'Delete the alerts marked in the mapping once the SLO alerts have run for two weeks.'),
      story('Monthly SLO report for engineering leadership', 3, 'Error budget spent per team and the incidents that spent it.'),
    ],
  },
  {
    summary: 'Zero-downtime deploys for the payments API',
    description: 'Deploy payments during business hours without failed payments.',
    components: ['CI/CD'],
    children: [
      story('Readiness gates for the payments deployment', 3, 'Pods join the load balancer only after the provider health check passes.'),
      story('Blue/green rollout pipeline for payments', 8, 'Two environments behind one target group, switched by the pipeline.', ['Add the blue/green switch step to the pipeline', 'Write the rollback runbook']),
      story('Automatic rollback on elevated 5xx during rollout', 5, 'Roll back when the 5xx rate doubles in the first ten minutes.'),
      task('Load test a rollout at peak traffic', 3, 'k6 scenario at Black Friday volumes while switching colours.'),
      story('Drain long-lived connections before pod shutdown', 3, 'preStop hook and a longer termination grace period.'),
      task('Document the new payments release process', 2, 'Runbook for on-call and release managers.'),
      story('Database migration checks in the payments pipeline', 5, 'Block deploys whose migrations are not backwards compatible.'),
      story('Canary analysis with Argo Rollouts', 5, 'Automated analysis of error rate and latency for canary steps.'),
    ],
  },
  {
    summary: 'Move CI runners to autoscaling spot instances',
    description: 'Halve CI cost and queue time by running builds on autoscaled spot capacity.',
    components: ['CI/CD'],
    children: [
      task('Spike: spot interruption handling for CI runners', 3, 'What happens to a job when its instance is reclaimed, and how to retry it.'),
      story('Autoscaling group for CI runners on spot instances', 5, 'Mixed instance policy across four instance types.'),
      story('Move build caches to S3', 5, 'Shared cache bucket so fresh runners start warm.'),
      story('Warm pool to keep queue time under 2 minutes', 3, 'Keep a few stopped instances ready during working hours.'),
      task('Dashboard for CI queue time and runner cost', 2, 'Queue time percentiles and daily spend per runner type.'),
      story('Retire the static CI runner fleet', 3, 'Drain and terminate the eight static runners.'),
      story('Per-team CI cost report', 3, 'Monthly cost per team from job tags.'),
      task('Tune runner instance types for the monorepo build', 2, 'Pick the cheapest instance type that keeps the build under 15 minutes.'),
    ],
  },
];

const RESTORE_TARGETS = ['orders', 'billing', 'customer-profiles'];

export function weeklyRestoreTest(week: number): WorkItem {
  const db = RESTORE_TARGETS[week % RESTORE_TARGETS.length] ?? 'orders';
  return {
    summary: `Weekly restore test - ${db} database (week ${week})`,
    type: 'Task',
    points: 1,
    labels: ['backup'],
    components: ['Backups'],
    description: `Restore last night's snapshot of the ${db} database into the restore-test account, run the row-count and checksum checks, and record the restore time in the backup log.`,
  };
}

function monthlyPatching(month: string): WorkItem {
  return {
    summary: `Monthly security patching - ${month}`,
    type: 'Task',
    points: 3,
    labels: ['patching', 'security'],
    components: ['Servers'],
    description: `Apply the ${month} OS security updates to the staging and production node pools, one availability zone at a time.\n\n- Staging first, production after a 24-hour soak\n- Confirm no pods are stuck in Pending afterwards\n- Record kernel versions in the patch log`,
  };
}

export function onCallHandover(week: number): WorkItem {
  return {
    summary: `On-call handover notes - week ${week}`,
    type: 'Task',
    points: 1,
    labels: ['on-call'],
    description: 'Summarise the week\'s pages, open incidents and risky changes for the incoming on-call engineer.',
  };
}

function ktlo(summary: string, points: number | undefined, labels: string[], components: string[], description: string, type: WorkItem['type'] = 'Task', priority?: string): WorkItem {
  return { summary, type, ...(points === undefined ? {} : { points }), labels, components, description, ...(priority ? { priority } : {}) };
}

/** Planned KTLO for each OPS sprint (index 0 = the oldest closed sprint, 6 = active, 7 = future), besides the weekly chores. */
export const OPS_PLANNED_KTLO: WorkItem[][] = [
  [
    ktlo('Renew the TLS certificate for grafana.internal.example.com', 2, ['certificates'], ['Networking'], 'The certificate expires on 2026-09-20. Renew through the internal CA and reload the ingress.'),
    ktlo('Tune the noisy disk-usage alert on the logging nodes', 2, ['alerting'], ['Observability'], 'Fires every night during log compaction. Raise the threshold to 90% for 30 minutes.'),
  ],
  [
    monthlyPatching('September'),
    ktlo('Remove leavers from the production Kubernetes RBAC groups', 2, ['access'], ['Identity & Access'], 'Monthly leaver sweep against the HR export.'),
    ktlo('Upgrade ingress-nginx to the latest patch release', 2, ['dependencies'], ['Kubernetes'], 'Patch release with two CVE fixes; no configuration changes expected.'),
  ],
  [
    ktlo('Renew the wildcard certificate for *.staging.example.com', 2, ['certificates'], ['Networking'], 'Expires on 2026-10-15. Renew and roll out to the staging ingress and the load balancers.'),
    ktlo('Raise the p99 latency threshold on the search API alert', 1, ['alerting'], ['Observability'], 'Pages twice a week for latency that stays inside the SLO.'),
    ktlo('Clean up orphaned EBS volumes and snapshots', 2, ['housekeeping', 'cost'], ['Servers'], 'Delete unattached volumes older than 30 days and snapshots of deleted instances.'),
    ktlo('Update the on-call rota for October', 1, ['on-call'], [], 'Swap weeks for the two people on leave and publish the rota in PagerDuty.'),
  ],
  [
    monthlyPatching('October'),
    ktlo('Quarterly DR drill: fail over the orders database to eu-west-2', 5, ['dr'], ['Databases'], 'Promote the cross-region replica, run the smoke tests, fail back, and record RTO and RPO.'),
    ktlo('Quarterly access review for the production AWS accounts', 2, ['access', 'compliance'], ['Identity & Access'], 'Export IAM users and roles, get each owner to confirm, remove the rest.'),
  ],
  [
    ktlo('Renew the TLS certificate for vpn.example.com', 2, ['certificates'], ['Networking'], 'Expires on 2026-11-12. Coordinate the restart of the VPN concentrators with the service desk.'),
    ktlo('Silence the flapping health-check alert for the Redis cache', 1, ['alerting'], ['Observability'], 'The check times out during failover tests; add a two-minute pending period.'),
    ktlo('Purge container images older than 90 days from the registry', 2, ['housekeeping'], ['CI/CD'], 'Apply the retention policy to the untagged and feature-branch images.'),
    ktlo('Update the on-call rota for November', 1, ['on-call'], [], 'Publish the November rota and confirm the holiday cover.'),
  ],
  [
    monthlyPatching('November'),
    ktlo('Rotate the CI deploy keys for the infrastructure repositories', 2, ['access', 'security'], ['Identity & Access'], 'Yearly rotation of the deploy keys used by the pipelines.'),
    ktlo('Bump the base container images to Debian 12.8', 2, ['dependencies', 'patching'], ['CI/CD'], 'Rebuild the base images and open the update pull requests for every service.'),
  ],
  [
    ktlo('Renew the TLS certificate for api.example.com', 2, ['certificates'], ['Networking'], 'Expires on 2026-12-10. Renew and roll out to the edge load balancers.'),
    ktlo('Add alerts for the new shipping-rates service', 2, ['alerting'], ['Observability'], 'Standard availability, latency and saturation alerts for the service launched last sprint.'),
    ktlo('Update the on-call rota for December', 1, ['on-call'], [], 'Publish the December rota including the holiday shifts.'),
  ],
  [
    monthlyPatching('December'),
    ktlo('Renew the TLS certificate for status.example.com', 2, ['certificates'], ['Networking'], 'Expires on 2026-12-30.'),
  ],
];

/** Unplanned KTLO: raised and pulled into a sprint after it started. `day` = days after the sprint's start. */
export const OPS_UNPLANNED: { day: number; item: WorkItem }[][] = [
  [
    { day: 2, item: ktlo('Incident: payments API returning 502s after the node pool rotation', undefined, ['incident'], ['Kubernetes'], 'Pods were scheduled on the new pool before the security group allowed the provider IPs.', 'Incident', 'Highest') },
    { day: 6, item: ktlo('Grant the new SRE contractor read access to the production logs', 1, ['access'], ['Identity & Access'], 'Approved by the head of platform; expires with the contract on 2026-12-31.') },
  ],
  [
    { day: 1, item: ktlo('Incident: disk full on ci-runner-03 blocked all builds', undefined, ['incident'], ['CI/CD'], 'Docker layer cache filled the root volume.', 'Incident', 'High') },
    { day: 4, item: ktlo('Emergency renewal: the internal Grafana certificate expired', 1, ['certificates'], ['Networking'], 'The renewal ticket was closed but the new certificate never reached the ingress.', 'Task', 'High') },
    { day: 8, item: ktlo('Backup job for the customer-profiles database failed twice', 2, ['backup'], ['Backups'], 'Snapshot quota exceeded in the backup account.', 'Bug', 'High') },
  ],
  [
    { day: 3, item: ktlo('Incident: Kafka consumer lag on the order-events topic', 3, ['incident'], ['Kubernetes'], 'Consumers crash-looped after the memory limit change.', 'Incident', 'High') },
    { day: 5, item: ktlo('Restore the accidentally deleted staging namespace', 2, ['backup'], ['Kubernetes'], 'Restore from the Velero backup taken at 02:00.') },
    { day: 7, item: { summary: 'Spike: compare managed Kafka offerings for the order events', type: 'Task', points: 3, components: ['Kubernetes'], description: 'Leadership asked for a recommendation before the budget round: MSK, Confluent Cloud and Aiven.' } },
  ],
  [
    { day: 2, item: ktlo('Incident: DNS resolution failures in the staging cluster', undefined, ['incident'], ['Networking'], 'CoreDNS pods were evicted under memory pressure.', 'Incident', 'High') },
    { day: 4, item: ktlo('Give the auditors read-only access to the CloudTrail bucket', 1, ['access', 'compliance'], ['Identity & Access'], 'Time-boxed access for the external audit, ends 2026-11-15.') },
    { day: 9, item: ktlo('Flapping 5xx alert on the status page check', 1, ['alerting'], ['Observability'], 'The synthetic check hits a rate limit on the status page provider.', 'Bug') },
  ],
  [
    { day: 1, item: ktlo('Incident: expired client certificate broke the bank settlement upload', undefined, ['incident', 'certificates'], ['Networking'], 'The SFTP client certificate for the settlement upload expired; payouts were delayed by a day.', 'Incident', 'Highest') },
    { day: 6, item: ktlo('Rotate the leaked Slack webhook for the deploy bot', 1, ['security'], ['CI/CD'], 'The webhook URL was pasted in a public channel.', 'Task', 'High') },
  ],
  [
    { day: 2, item: ktlo('Incident: Redis failover left the session cache read-only', undefined, ['incident'], ['Databases'], 'The sentinel promoted a replica that still had replica-read-only set.', 'Incident', 'Highest') },
    { day: 3, item: ktlo('Patch OpenSSL on the edge proxies for the new advisory', 2, ['patching', 'security'], ['Networking'], 'Out-of-band patch for the high-severity OpenSSL advisory published this morning.', 'Task', 'Highest') },
    { day: 8, item: ktlo('Add the new joiner to the on-call rota and PagerDuty', 1, ['on-call', 'access'], [], 'Shadow shifts first, then the regular rotation from December.') },
  ],
  [
    { day: 1, item: ktlo('Incident: checkout latency spike after the CDN config change', undefined, ['incident'], ['Networking'], 'Cache keys started to include the session cookie; hit ratio dropped to 4%.', 'Incident', 'Highest') },
    { day: 2, item: ktlo('Renew the expiring Apple Push certificate for the notifications service', 1, ['certificates'], ['Networking'], 'Expires on 2026-11-30; renewal needs the Apple developer account owner.', 'Task', 'High') },
    { day: 5, item: ktlo('Grant the data team read access to the orders replica', 1, ['access'], ['Identity & Access', 'Databases'], 'Read-only role on the replica for the churn analysis.') },
    { day: 7, item: ktlo('Incident: nightly backup of the billing database timed out', 2, ['incident', 'backup'], ['Backups'], 'The backup window overlaps with the new replication job.', 'Incident', 'High') },
  ],
];

/** OPS backlog: not in any sprint yet. */
export const OPS_BACKLOG_KTLO: WorkItem[] = [
  ktlo('Upgrade the Kubernetes clusters from 1.30.4 to 1.30.6', 3, ['patching'], ['Kubernetes'], 'Patch release; node pools roll one at a time.'),
  ktlo('Clean up unused IAM roles', 2, ['access', 'housekeeping'], ['Identity & Access'], 'Roles not assumed in 90 days, after confirming with their owners.'),
  ktlo('Review firewall rules for the VPN concentrators', 2, ['security'], ['Networking'], 'Quarterly review of the allow-list.'),
  ktlo('Document the restore procedure for the billing database', 2, ['backup', 'documentation'], ['Backups'], 'The last restore test took an hour longer because the steps were out of date.'),
  ktlo('Archive the 2024 CloudWatch log groups to S3', 1, ['housekeeping', 'cost'], ['Observability'], 'Export and delete to stop paying for hot storage.'),
  ktlo('Investigate intermittent timeouts from the image resizer', 2, [], ['Kubernetes'], 'About 0.3% of requests time out after 30 seconds; no pattern found yet.', 'Bug'),
  ktlo('Update the runbook for Kafka broker replacement', 1, ['documentation'], ['Kubernetes'], 'The runbook still refers to the ZooKeeper-based cluster.'),
];

export const WEB_COMPONENTS = ['Checkout', 'Catalogue', 'Accounts', 'Marketing site', 'Frontend platform'];

export const WEB_EPICS: Epic[] = [
  {
    summary: 'Redesign the checkout flow',
    description: 'A one-page checkout to lift conversion on mobile, where two thirds of baskets are abandoned.',
    labels: ['redesign'],
    components: ['Checkout'],
    children: [
      story('One-page checkout layout behind a feature flag', 5, 'Single page with collapsible steps; old flow stays the default.'),
      story('Address autocomplete in checkout', 3, 'Use the address lookup service with a manual fallback.'),
      story('Show delivery dates before payment', 3, 'Dates from the shipping-rates service per delivery option.'),
      story('Apple Pay and Google Pay buttons on the payment step', 5, 'Express wallets through the payment provider\'s SDK.'),
      story('Inline validation for the card form', 2, 'Validate as the customer types, with accessible error messages.'),
      task('A/B test the new checkout against the old flow', 3, 'Two weeks at 50/50, conversion and payment errors as the success metrics.'),
      story('Guest checkout without account creation', 5, 'Offer account creation after the order instead of before.'),
      task('Remove the old multi-step checkout code', 2, 'After the A/B test is won and the flag is at 100%.'),
    ],
  },
  {
    summary: 'Migrate the marketing site to Next.js',
    description: 'Move www off the legacy PHP CMS templates to Next.js with the headless CMS.',
    labels: ['migration'],
    components: ['Marketing site'],
    children: [
      task('Set up the Next.js project and CI pipeline', 3, 'Repository, preview deployments and Lighthouse checks in CI.'),
      story('Port the home page and campaign landing pages', 5, 'Pixel-perfect against the current design.'),
      story('Port the blog with MDX content', 5, 'Export posts from the CMS into MDX with their images.'),
      story('Redirect map from old URLs to new routes', 3, 'Keep every indexed URL working with 301s.'),
      story('Image optimisation with next/image and the CDN', 3, 'Responsive images and modern formats.'),
      task('Cut over DNS for www to the new site', 2, 'Low TTL the day before, switch, watch 404s.'),
    ],
  },
  {
    summary: 'Product recommendations on the basket page',
    description: 'Show relevant products in the basket to raise the average order value.',
    components: ['Catalogue'],
    children: [
      story('Recommendations API client with caching', 3, 'Client for the new recommendations API with a five-minute cache.'),
      story('"You may also like" carousel on the basket page', 5, 'Lazy-loaded carousel below the basket lines.'),
      story('Track recommendation clicks in analytics', 2, 'Events for impressions and clicks with the model version.'),
      task('Tune the carousel for mobile breakpoints', 2, 'Two cards visible on small screens, swipe to scroll.'),
      story('Exclude out-of-stock products from recommendations', 2, 'Filter with the stock service before rendering.'),
    ],
  },
  {
    summary: 'Order history v2 in customer accounts',
    description: 'Faster order history with tracking, invoices and reorder.',
    components: ['Accounts'],
    children: [
      story('Paginated order history API', 3, 'Cursor pagination; the current endpoint times out for large accounts.'),
      story('Order detail page with tracking links', 3, 'Carrier tracking links per parcel.'),
      story('Download invoices as PDF', 3, 'Invoices rendered by the billing service.'),
      story('Reorder button on past orders', 2, 'Add all still-available items of an order to the basket.'),
      task('Accessibility review of the new order pages', 2, 'Screen reader and keyboard pass with the accessibility champion.'),
    ],
  },
];

export const WEB_FEATURES: WorkItem[] = [
  story('Wishlist sharing via link', 3, 'Customers share a read-only wishlist link with friends and family.'),
  story('Size guide overlay on product pages', 2, 'Size charts per brand in an accessible dialog.'),
  story('Dark mode for the storefront', 5, 'Follow the system preference, with a toggle in the footer.'),
  story('Save for later in the basket', 3, 'Move items out of the basket without losing them.'),
  story('Product comparison table', 5, 'Compare up to four products side by side.'),
  story('Store locator with opening hours', 3, 'Map and list of stores with today\'s opening hours.'),
];

export function weeklyDependencyBatch(week: number): WorkItem {
  return {
    summary: `Weekly dependency update batch - week ${week}`,
    type: 'Task',
    points: 1,
    labels: ['dependencies'],
    components: ['Frontend platform'],
    description: 'Merge the week\'s Renovate pull requests for patch and minor updates once CI is green; park anything that needs code changes.',
  };
}

export function sentryTriage(week: number): WorkItem {
  return {
    summary: `Triage new Sentry errors - week ${week}`,
    type: 'Task',
    points: 1,
    labels: ['triage'],
    components: ['Frontend platform'],
    description: 'Assign or ignore every new error group from the last seven days; file bugs for the ones with real users affected.',
  };
}

export function accessibilityCheck(month: string): WorkItem {
  return {
    summary: `Monthly accessibility regression check - ${month}`,
    type: 'Task',
    points: 2,
    labels: ['accessibility'],
    components: ['Frontend platform'],
    description: 'Run the axe suite and a keyboard-only pass over the top ten journeys; file bugs for regressions.',
  };
}

export const WEB_KTLO: WorkItem[] = [
  ktlo('Broken link to the returns policy in the footer', 1, [], ['Marketing site'], 'The footer still points to /help/returns-2024.', 'Bug', 'Low'),
  ktlo('Product images not loading on Safari 17 for some users', 2, [], ['Catalogue'], 'AVIF images without a fallback for older Safari versions.', 'Bug', 'High'),
  ktlo('Wishlist page returns 500 for users with deleted products', 2, [], ['Accounts'], 'Null product reference in the wishlist serializer.', 'Bug', 'High'),
  ktlo('Clear the CDN cache after the pricing update', 1, ['cdn'], ['Catalogue'], 'Prices on category pages are stale for up to a day.'),
  ktlo('Grant the design agency access to the CMS staging space', 1, ['access'], ['Marketing site'], 'Editor role on staging only, until the end of the campaign.'),
  ktlo('Remove ex-employees from the Contentful workspace', 1, ['access'], ['Marketing site'], 'Quarterly clean-up of CMS users.'),
  ktlo('Update the cookie banner text for the new privacy policy', 1, ['compliance'], ['Marketing site'], 'Legal sent the new wording; it must be live by the 1st.'),
  ktlo('Set up uptime checks for the new store locator page', 1, ['monitoring'], ['Frontend platform'], 'Synthetic check every minute from three regions.'),
  ktlo('Tune the synthetic checkout check to stop paging at night', 1, ['monitoring'], ['Checkout'], 'The check fails during the payment provider\'s maintenance window.'),
  ktlo('Incident: checkout down for 12 minutes after the payment provider changed their API', undefined, ['incident'], ['Checkout'], 'A required field was added to the payment request without notice.', 'Incident', 'Highest'),
  ktlo('Incident: search returned no results after the index rebuild', undefined, ['incident'], ['Catalogue'], 'The alias was switched before the new index finished building.', 'Incident', 'Highest'),
  ktlo('Bump Next.js to the latest patch release for the security advisory', 1, ['dependencies', 'security'], ['Frontend platform'], 'Patch release fixing a cache poisoning issue.', 'Task', 'High'),
  ktlo('Discount codes with lowercase letters are rejected', 1, [], ['Checkout'], 'Codes are compared case-sensitively since the last release.', 'Bug', 'High'),
  ktlo('Rotate the API key for the address lookup service', 1, ['security'], ['Checkout'], 'Yearly key rotation.'),
  ktlo('Basket total rounding error for prices in JPY', 2, [], ['Checkout'], 'Zero-decimal currencies are rounded twice.', 'Bug'),
  ktlo('Newsletter signup form shows success on failure', 1, [], ['Marketing site'], 'The form ignores 4xx answers from the mailing provider.', 'Bug'),
  ktlo('Archive old campaign landing pages', 1, ['housekeeping'], ['Marketing site'], 'Unpublish campaign pages older than a year and redirect them to the home page.'),
  ktlo('Renew the TLS certificate for www.example-shop.com', 1, ['certificates'], ['Frontend platform'], 'Expires on 2026-10-30.'),
  ktlo('Renew the Apple Pay merchant identity certificate', 1, ['certificates'], ['Checkout'], 'Expires on 2026-11-20; renewal needs a new CSR from the payment provider.'),
];

export const SEC_COMPONENTS = ['Vulnerability management', 'Incident response', 'Compliance'];

/** Restricted work: these summaries must never reach someone who cannot browse SEC. */
export const SEC_ITEMS: WorkItem[] = [
  ktlo('Rotate the HSM master key for the payment tokeniser', 3, ['crypto'], ['Compliance'], 'Annual key ceremony with two custodians.'),
  ktlo('Pen test finding: stored XSS in the admin order notes', 3, ['pentest'], ['Vulnerability management'], 'Order notes are rendered unescaped in the admin console.', 'Bug', 'Highest'),
  ktlo('Pen test finding: IDOR on the invoice download endpoint', 3, ['pentest'], ['Vulnerability management'], 'Invoice ids are sequential and not checked against the session.', 'Bug', 'Highest'),
  ktlo('Investigate suspicious logins to the finance SSO tenant from a new ASN', undefined, ['investigation'], ['Incident response'], 'Impossible-travel alerts for three finance accounts.', 'Incident', 'Highest'),
  ktlo('Quarterly vulnerability scan of the DMZ hosts', 2, ['scanning'], ['Vulnerability management'], 'Authenticated scan and triage of the findings.'),
  ktlo('Incident: leaked API key for the shipping provider found in a public gist', undefined, ['secrets'], ['Incident response'], 'Revoked within 20 minutes; check the provider logs for use.', 'Incident', 'Highest'),
  ktlo('Review the access of the payroll export service account', 1, ['access'], ['Compliance'], 'It can read every HR table; it needs two.'),
  { summary: 'Security review of the new recommendations API', type: 'Story', points: 3, components: ['Vulnerability management'], description: 'Threat model and review before the public launch.' },
  ktlo('Patch the VPN concentrators for the critical firmware advisory', 2, ['patching'], ['Vulnerability management'], 'Vendor advisory with active exploitation.', 'Task', 'Highest'),
  { summary: 'Design the secrets-management rollout with Vault', type: 'Story', points: 8, components: ['Compliance'], description: 'Replace environment-variable secrets with short-lived Vault credentials.' },
  ktlo('Annual PCI DSS evidence collection', 3, ['compliance'], ['Compliance'], 'Collect the evidence the assessor asked for, by requirement.'),
  ktlo('Disable TLS 1.0 and 1.1 on the partner SFTP endpoint', 2, ['hardening'], ['Vulnerability management'], 'Two partners still negotiate TLS 1.1; warn them first.'),
];
