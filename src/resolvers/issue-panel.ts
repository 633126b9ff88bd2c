import { lozengeEventSchema } from '../contracts/context';
import type { IssueView } from '../contracts/resolvers';
import { issuePanelRoutes } from '../contracts/routes';
import type { Category } from '../domain/category';
import { isProjectEnabled } from '../domain/config';
import type { EstimateSource } from '../domain/normalize';
import type { JiraClient } from '../jira/client';
import { JiraError } from '../jira/http';
import { getClassifications } from '../storage/classification-store';
import { changeTime, clearOverride, getOverrides, OverrideConflictError, readRevision, setOverride, type OverrideRevision } from '../storage/overrides-store';
import { classifyIssues, type Classified } from '../services/classify-issues';
import { estimateSource, fieldsFor } from '../reader/fields';
import { appJira, userJira } from '../services/jira-context';
import { canAdministerProject, hasPermission } from '../services/permissions';
import { configFor, type ConfigInForce } from '../services/settings';
import { suggestRuleFor } from '../services/rule-suggestion';
import { siteFields } from '../services/site-fields';
import { learnFromOverride } from '../services/team-learning';
import { lozengeFor, writeWorkCategory } from '../services/work-category';
import { type CallContext, Refusal, requireIssue, SurfaceResolver } from './common';

/** The issue panel (jira:issueContext): the decision and its reasons, the override, and the lozenge. */

interface Loaded {
  classified: Classified;
  config: ConfigInForce;
  projectKey: string;
  source: EstimateSource;
}

async function loadIssue(jira: JiraClient, ctx: CallContext): Promise<Loaded> {
  const ref = requireIssue(ctx);
  if (!/^\d+$/.test(ref.id)) throw new Refusal('INVALID_INPUT', 'The issue in context has no valid id.');
  const projectKey = ctx.extension.project?.key ?? ref.key.slice(0, ref.key.lastIndexOf('-'));
  const config = await configFor(projectKey, null);
  const source = estimateSource(config.effective.estimationBasis, null, (await siteFields(jira)).storyPoints);
  // As the caller: an issue they cannot browse is simply not found.
  // Jira answers 400 when JQL names an issue the caller cannot see, as it does for one that does not exist.
  const found = await jira.search(`id = ${ref.id}`, fieldsFor(source), { limit: 1 }).catch((e: unknown) => {
    if (e instanceof JiraError && e.code === 'BAD_REQUEST') return { issues: [] };
    throw e;
  });
  const raw = found.issues[0];
  if (!raw) throw new Refusal('NOT_FOUND', 'This issue does not exist or you do not have permission to see it.');
  const [classified] = await classifyIssues([raw], config.effective, source);
  if (!classified) throw new Error('classification returned nothing');
  return { classified, config, projectKey, source };
}

async function view(jira: JiraClient, ctx: CallContext, loaded: Loaded): Promise<IssueView> {
  const { classified, config, projectKey } = loaded;
  const [canOverride, canSuggestRule] = await Promise.all([
    hasPermission(jira, ctx.accountId, 'EDIT_ISSUES', { issueKey: classified.issue.key }, 'display'),
    canAdministerProject(jira, ctx.accountId, projectKey, 'display'),
  ]);
  const { override } = classified;
  return {
    issueKey: classified.issue.key,
    ...classified.classification,
    override: override && { category: override.category, by: override.by, at: override.at, previous: override.previous },
    canOverride,
    canSuggestRule,
    projectEnabled: isProjectEnabled(config.global, projectKey),
  };
}

async function requireEdit(jira: JiraClient, ctx: CallContext): Promise<void> {
  const issue = requireIssue(ctx);
  if (!(await hasPermission(jira, ctx.accountId, 'EDIT_ISSUES', { issueKey: issue.key }, 'fresh'))) {
    throw new Refusal('FORBIDDEN', 'You need the Edit Issues permission on this issue to change its category.');
  }
}

/** After an override changes the decision, the field follows (only in enabled projects: the app is opt-in). */
async function syncField(loaded: Loaded): Promise<void> {
  if (!isProjectEnabled(loaded.config.global, loaded.projectKey)) return;
  const { issue, classification } = loaded.classified;
  await writeWorkCategory(appJira(), [{ issueId: issue.id, classification }], loaded.config.rulesVersion, new Date());
}

const resolver = new SurfaceResolver(issuePanelRoutes);

resolver.define(
  issuePanelRoutes.get,
  async (_payload, ctx) => {
    const jira = userJira();
    return view(jira, ctx, await loadIssue(jira, ctx));
  },
);

/** Changes of one issue decided on a revision another editor changed first are decided again, this many times at most (a dozen editors at once on one issue still all get through, within a few seconds). */
const CHANGE_ATTEMPTS = 16;

function pause(attempt: number): Promise<void> {
  // Random, growing waits: editors that collided do not collide again in lock step.
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** Math.min(attempt, 5)));
}

/**
 * The shared path of setting and clearing an override: the caller's Edit Issues check first, then the change decided
 * on the issue as it is now and written on condition that nobody changed it meanwhile (else decided again on what they
 * wrote); once written, the site's learned model takes the override now in force (or its absence) as an example, so
 * a repeated save re-teaches it; then the issue is read again so the answer and the field show the new decision.
 */
async function changeOverride(ctx: CallContext, change: (current: Loaded, read: OverrideRevision) => Promise<Category | null>): Promise<IssueView> {
  const jira = userJira();
  await requireEdit(jira, ctx);
  const { id } = requireIssue(ctx);
  for (let attempt = 1; ; attempt++) {
    const read = await readRevision(id);
    const current = await loadIssue(jira, ctx);
    try {
      const inForce = await change(current, read);
      await learnFromOverride(current.classified.issue, inForce, current.config.effective);
      break;
    } catch (e) {
      if (!(e instanceof OverrideConflictError)) throw e;
      if (attempt === CHANGE_ATTEMPTS) throw new Refusal('CONFLICT', "Others are changing this issue's category right now. Reload the panel and try again.");
      await pause(attempt);
    }
  }
  const after = await loadIssue(jira, ctx);
  await syncField(after);
  return view(jira, ctx, after);
}

resolver.define(
  issuePanelRoutes.setOverride,
  ({ category }, ctx) =>
    changeOverride(ctx, async ({ classified: { issue, classification, override } }, read) => {
      if (classification.source !== 'override' || override?.category !== category) {
        const at = changeTime(read, new Date());
        await setOverride({ issueId: issue.id, issueKey: issue.key, category, by: ctx.accountId, at, previous: classification.category }, read);
      }
      return category;
    }),
);

resolver.define(
  issuePanelRoutes.clearOverride,
  (_payload, ctx) =>
    changeOverride(ctx, async ({ classified: { override } }, read) => {
      if (override) await clearOverride(override, ctx.accountId, changeTime(read, new Date()), read);
      return null;
    }),
);

resolver.define(
  issuePanelRoutes.suggestRule,
  async (_payload, ctx) => {
    const jira = userJira();
    const issue = requireIssue(ctx);
    const projectKey = ctx.extension.project?.key ?? issue.key.slice(0, issue.key.lastIndexOf('-'));
    if (!(await canAdministerProject(jira, ctx.accountId, projectKey, 'display'))) {
      throw new Refusal('FORBIDDEN', 'Only Jira or project administrators can turn an override into a rule.');
    }
    const loaded = await loadIssue(jira, ctx);
    return suggestRuleFor(jira, loaded.classified, loaded.projectKey, loaded.config.effective, loaded.source);
  },
);

export const issuePanelHandler = resolver.getDefinitions();

/**
 * `dynamicProperties` of the issue panel: the lozenge Jira shows on the collapsed panel, which Jira asks for each time
 * the panel is collapsed. It answers from what the app stored, with no Jira read: a person's override, else the
 * decision the triggers wrote to the Work category field; an issue not classified yet (a project not turned on, an
 * issue the triggers have not reached) gets the neutral "Not classified" lozenge.
 */
export async function issueLozenge(event: unknown): Promise<ReturnType<typeof lozengeFor>> {
  const parsed = lozengeEventSchema.safeParse(event);
  if (!parsed.success) return lozengeFor(null);
  const issueId = parsed.data.extension.issue.id;
  const [overrides, stored] = await Promise.all([getOverrides([issueId]), getClassifications([issueId])]);
  return lozengeFor(overrides.get(issueId)?.category ?? stored.get(issueId)?.category ?? null);
}
