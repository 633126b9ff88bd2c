import type { BulkStatus } from '../contracts/resolvers';
import { settingsRoutes } from '../contracts/routes';
import { parseGlobalConfig, parseProjectConfig, type GlobalConfig, type ProjectConfig } from '../domain/config';
import type { JiraClient } from '../jira/client';
import { BACKGROUND_PURPOSES } from '../jira/points';
import { issueProjectFieldsSchema } from '../jira/schemas';
import { batchResults, getJob, latestJobId } from '../storage/bulk-store';
import { auditCsv, auditTrail, type AuditEntry } from '../storage/overrides-store';
import { ledgerSummary } from '../storage/points-ledger';
import { readGlobal, readProject, saveSettings } from '../storage/settings-store';
import { classifyIssues } from '../services/classify-issues';
import { fieldsFor } from '../reader/fields';
import { userJira } from '../services/jira-context';
import { canAdministerProject, hasPermission, type Freshness } from '../services/permissions';
import { displayNames, FORMER_USER } from '../services/display-names';
import { unknownProjectKeys } from '../services/project-keys';
import { dryRunReclassify } from '../services/reclassify';
import { configFor, overriddenBelow } from '../services/settings';
import { siteFields } from '../services/site-fields';
import { bulkScopeJql, enqueue, resumeBulk, startBulk } from '../triggers/work-queue';
import { type CallContext, Refusal, requireProject, SurfaceResolver, underPayload } from './common';

/**
 * Settings (jira:adminPage for the global level, jira:projectSettingsPage for a project): read, save with conflict
 * detection, preview the rules, bulk reclassification and the override audit export. Every resolver here starts by
 * asking Jira, as the caller, whether they may.
 */

// Reads of settings and bulk status may use recent permission answers ('display'); saves, bulk runs and the audit
// export ask Jira now ('fresh').

async function isJiraAdmin(jira: JiraClient, ctx: CallContext, freshness: Freshness): Promise<boolean> {
  return hasPermission(jira, ctx.accountId, 'ADMINISTER', {}, freshness);
}

async function requireJiraAdmin(jira: JiraClient, ctx: CallContext, freshness: Freshness): Promise<void> {
  if (!(await isJiraAdmin(jira, ctx, freshness))) throw new Refusal('FORBIDDEN', 'Only Jira administrators can do this.');
}

async function requireProjectAdmin(jira: JiraClient, ctx: CallContext, freshness: Freshness): Promise<string> {
  const { key } = requireProject(ctx);
  if (!(await canAdministerProject(jira, ctx.accountId, key, freshness))) throw new Refusal('FORBIDDEN', `Only administrators of project ${key} can change its KTLO settings.`);
  return key;
}

/** Admins of Jira, or of the project in context (the project settings page shows what it inherits). */
async function requireSomeAdmin(jira: JiraClient, ctx: CallContext): Promise<void> {
  if (await isJiraAdmin(jira, ctx, 'display')) return;
  if (ctx.extension.project && (await canAdministerProject(jira, ctx.accountId, ctx.extension.project.key, 'display'))) return;
  throw new Refusal('FORBIDDEN', 'Only Jira or project administrators can see KTLO Lens settings.');
}

/** The enabled projects of a parsed global document (a project's document has none). */
function enabledProjectsOf(settings: GlobalConfig | ProjectConfig): string[] {
  return 'enabledProjects' in settings ? settings.enabledProjects : [];
}

/**
 * Every enabled project must be one the saver can see in Jira: an unknown key is refused as a field problem at the
 * key's own place in the document (['settings', 'enabledProjects', 1]), naming the key.
 */
async function requireKnownProjects(jira: JiraClient, ctx: CallContext, keys: readonly string[]): Promise<void> {
  const unknown = new Set(await unknownProjectKeys(jira, ctx.accountId, keys));
  if (unknown.size === 0) return;
  const problems = keys.flatMap((key, index) =>
    unknown.has(key) ? [{ path: ['enabledProjects', index], code: 'NOT_ALLOWED' as const, message: `Jira has no project ${key} that you can see. Check the key, or remove it.` }] : [],
  );
  const listed = [...unknown].join(', ');
  throw new Refusal('INVALID_INPUT', `invalid config: enabledProjects: Jira has no ${unknown.size === 1 ? 'project' : 'projects'} ${listed} that you can see.`, underPayload('settings', problems));
}

const resolver = new SurfaceResolver(settingsRoutes);

resolver.define(
  settingsRoutes.get,
  async ({ level }, ctx) => {
    const jira = userJira();
    if (level === 'global') {
      await requireSomeAdmin(jira, ctx);
      const [stored, canEdit] = await Promise.all([readGlobal(), isJiraAdmin(jira, ctx, 'display')]);
      // Which projects and boards set their own values is for Jira admins: a project admin reads the global level only to see what it inherits.
      return { level, ...stored, canEdit, overriddenBelow: canEdit ? await overriddenBelow({ kind: 'global' }) : [] };
    }
    if (level === 'project') {
      const key = await requireProjectAdmin(jira, ctx, 'display');
      const [stored, below] = await Promise.all([readProject(key), overriddenBelow({ kind: 'project', projectKey: key })]);
      return { level, ...stored, canEdit: true, overriddenBelow: below };
    }
    throw new Refusal('INVALID_INPUT', 'Board settings are read and saved from the capacity view of the board.');
  },
);

resolver.define(
  settingsRoutes.save,
  async ({ level, expectedRevision, settings }, ctx) => {
    const jira = userJira();
    if (level === 'board') throw new Refusal('INVALID_INPUT', 'Board settings are saved from the capacity view of the board.');
    let key: string | null = null;
    if (level === 'global') await requireJiraAdmin(jira, ctx, 'fresh');
    else key = await requireProjectAdmin(jira, ctx, 'fresh');
    const parsed = key === null ? parseGlobalConfig(settings) : parseProjectConfig(settings);
    if (!parsed.ok) throw new Refusal('INVALID_INPUT', parsed.error, underPayload('settings', parsed.problems));
    if (key === null) await requireKnownProjects(jira, ctx, enabledProjectsOf(parsed.value));
    const target = key === null ? ({ kind: 'global' } as const) : ({ kind: 'project', projectKey: key } as const);
    const now = new Date();
    const saved = await saveSettings(target, expectedRevision, parsed.value, ctx.accountId, now);
    if (!saved.ok) {
      throw new Refusal('CONFLICT', `Someone else saved these settings first (revision ${saved.conflict.revision}). Reload to see their changes, then apply yours again.`);
    }
    // Newly enabled projects get their sprint history measured in the background.
    if (key === null) await enqueue([{ type: 'backfill' }]);
    return { revision: saved.revision, savedAt: now.toISOString(), savedBy: ctx.accountId };
  },
);

const PREVIEW_LIMIT = 50;

resolver.define(
  settingsRoutes.preview,
  async ({ jql, rules }, ctx) => {
    const jira = userJira();
    await requireSomeAdmin(jira, ctx);
    const config = await configFor(ctx.extension.project?.key ?? null, null);
    const effective = rules ? { ...config.effective, rules } : config.effective;
    const points = (await siteFields(jira)).storyPoints;
    const source = points === null ? ({ kind: 'none' } as const) : ({ kind: 'field', fieldId: points } as const);
    const ordered = /\border\s+by\b/i.test(jql) ? jql : `${jql} ORDER BY created DESC`;
    // As the caller: the preview shows only issues they may browse.
    const found = await jira.search(ordered, fieldsFor(source), { limit: PREVIEW_LIMIT });
    const [classified, saved] = await Promise.all([classifyIssues(found.issues, effective, source), classifyIssues(found.issues, config.effective, source)]);
    const before = new Map(saved.map((c) => [c.issue.id, c.classification.category]));
    return {
      issues: classified.map(({ issue, classification }) => ({ key: issue.key, summary: issue.summary, ...classification, before: before.get(issue.id) ?? classification.category })),
    };
  },
);

async function bulkStatus(jobId: string): Promise<BulkStatus> {
  const job = await getJob(jobId);
  if (!job) throw new Refusal('NOT_FOUND', `No bulk reclassification ${jobId}.`);
  const results = [...(await batchResults(jobId)).values()];
  const failedBatches = results.filter((r) => r.state === 'failed').length;
  const finished = job.batches !== null && results.length >= job.batches;
  return {
    jobId,
    state: job.planError !== null || (finished && failedBatches > 0) ? 'failed' : finished ? 'done' : 'running',
    total: job.total ?? 0,
    processed: results.reduce((n, r) => n + r.processed, 0),
    firstWrites: results.reduce((n, r) => n + r.firstWrites, 0),
    changed: results.reduce((n, r) => n + r.changed, 0),
    failedBatches,
    startedAt: job.startedAt,
    startedBy: job.startedBy,
  };
}

resolver.define(
  settingsRoutes.bulkDryRun,
  async (_payload, ctx) => {
    const jira = userJira();
    await requireJiraAdmin(jira, ctx, 'display');
    const { enabledProjects } = (await readGlobal()).settings;
    if (enabledProjects.length === 0) return { examined: 0, firstWrites: 0, changes: 0 };
    // As the admin who asks: the count covers the issues they can see, which for a Jira admin is the bulk run's scope.
    return dryRunReclassify(jira, bulkScopeJql(enabledProjects));
  },
);

resolver.define(
  settingsRoutes.startBulk,
  async (_payload, ctx) => {
    const jira = userJira();
    await requireJiraAdmin(jira, ctx, 'fresh');
    const job = await startBulk(ctx.accountId, new Date());
    return bulkStatus(job.jobId);
  },
);

resolver.define(
  settingsRoutes.resumeBulk,
  async ({ jobId }, ctx) => {
    const jira = userJira();
    await requireJiraAdmin(jira, ctx, 'fresh');
    const job = await getJob(jobId);
    if (!job) throw new Refusal('NOT_FOUND', `No bulk reclassification ${jobId}.`);
    await resumeBulk(job);
    return bulkStatus(jobId);
  },
);

resolver.define(
  settingsRoutes.bulkStatus,
  async ({ jobId }, ctx) => {
    const jira = userJira();
    await requireJiraAdmin(jira, ctx, 'display');
    const id = jobId ?? (await latestJobId());
    return id === null ? null : bulkStatus(id);
  },
);

/**
 * The entries of issues that are in `projectKey` now and that the caller may browse, read as the caller in bulk: an
 * entry follows its issue when it moves (the key it was recorded under is history), and an issue the caller cannot
 * see, or that no longer exists, is left out.
 */
async function entriesOfProject(jira: JiraClient, entries: readonly AuditEntry[], projectKey: string): Promise<AuditEntry[]> {
  const issues = await jira.issuesById([...new Set(entries.map((e) => e.issueId))], ['project']);
  const inProject = new Set(issues.filter((i) => issueProjectFieldsSchema.safeParse(i.fields).data?.project.key === projectKey).map((i) => i.id));
  return entries.filter((e) => inProject.has(e.issueId));
}

resolver.define(
  settingsRoutes.points,
  async (_payload, ctx) => {
    await requireJiraAdmin(userJira(), ctx, 'display');
    const now = new Date();
    const [summary, global] = await Promise.all([ledgerSummary(now), readGlobal()]);
    const backgroundToday = [...BACKGROUND_PURPOSES].reduce((n, p) => n + summary.today.byPurpose[p].points, 0);
    return {
      hour: summary.hour,
      today: summary.today,
      budget: { backgroundPerDay: global.settings.backgroundPointsPerDay, backgroundToday },
      quota: summary.latestSignal,
      wallClearsAt: summary.wallClearsAt,
      asOf: now.toISOString(),
    };
  },
);

resolver.define(
  settingsRoutes.exportAudit,
  async (_payload, ctx) => {
    const jira = userJira();
    const admin = await isJiraAdmin(jira, ctx, 'fresh');
    if (!admin && !ctx.extension.project) throw new Refusal('FORBIDDEN', 'Only Jira administrators, or a project administrator from the project settings, can export the override audit.');
    // Jira admins export the whole trail; project admins the entries of issues in their project now.
    const projectKey = admin ? null : await requireProjectAdmin(jira, ctx, 'fresh');
    const trail = await auditTrail();
    const entries = projectKey === null ? trail : await entriesOfProject(jira, trail, projectKey);
    // Names as the exporting admin may see them; a person Jira no longer shows them is "a former user", never an id alone.
    const names = await displayNames(jira, ctx.accountId, entries.map((e) => e.by));
    const csv = auditCsv(entries, (id) => names.get(id) ?? FORMER_USER);
    return { filename: `ktlo-lens-overrides${projectKey ? `-${projectKey}` : ''}.csv`, csv };
  },
);

export const settingsHandler = resolver.getDefinitions();
