import { lozengeEventSchema } from '../contracts/context';
import type { IssuePanelLoad, IssueView } from '../contracts/resolvers';
import { issuePanelRoutes } from '../contracts/routes';
import type { Category } from '../domain/category';
import { isProjectEnabled } from '../domain/config';
import type { EstimateSource } from '../domain/normalize';
import type { JiraClient } from '../jira/client';
import { JiraError } from '../jira/http';
import type { RawIssue } from '../jira/schemas';
import { estimateSource, fieldsFor } from '../reader/fields';
import { ISSUE_NOT_FOUND, readIssue } from '../reader/issue';
import { getClassifications } from '../storage/classification-store';
import { getTeamModel } from '../storage/learned-model-store';
import { changeTime, clearOverride, getOverrides, OverrideConflictError, readRevision, setOverride, type Override, type OverrideRevision } from '../storage/overrides-store';
import { classifyIssues, type Classified } from '../services/classify-issues';
import { appJira, userJira } from '../services/jira-context';
import { canAdministerProject, displayAnswer, hasPermission } from '../services/permissions';
import { configFor, type ConfigInForce } from '../services/settings';
import { suggestRuleFor } from '../services/rule-suggestion';
import { siteFields } from '../services/site-fields';
import { learnFromOverride } from '../services/team-learning';
import { lozengeFor, writeWorkCategory } from '../services/work-category';
import { type CallContext, Refusal, requireIssue, SurfaceResolver } from './common';

/** The issue panel (jira:issueContext): the decision and its reasons, the override, and the lozenge. */

/** The issue of the trusted context, with its project. */
interface ContextIssue {
  id: string;
  key: string;
  projectKey: string;
}

function contextIssue(ctx: CallContext): ContextIssue {
  const ref = requireIssue(ctx);
  if (!/^\d+$/.test(ref.id)) throw new Refusal('INVALID_INPUT', 'The issue in context has no valid id.');
  return { ...ref, projectKey: ctx.extension.project?.key ?? ref.key.slice(0, ref.key.lastIndexOf('-')) };
}

/**
 * Whether the caller may browse the issue: Jira's answer to them (mypermissions answers 404 for an issue they cannot
 * see, as for one that does not exist), kept for display as every permission answer is (src/services/permissions.ts).
 */
function mayBrowse(jira: JiraClient, ctx: CallContext, issue: ContextIssue): Promise<boolean> {
  return displayAnswer(ctx.accountId, `see-issue:${issue.id}:${issue.key}`, 'display', async () => {
    try {
      return (await jira.myPermissions(['BROWSE_PROJECTS'], { issueKey: issue.key }))['BROWSE_PROJECTS'] === true;
    } catch (e) {
      if (e instanceof JiraError && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN')) return false;
      throw e;
    }
  });
}

/** The stored decision of the parent the issue's own stored decision was made under, when the app holds both. */
async function storedParent(issueId: string): Promise<IssuePanelLoad['parent']> {
  const parentId = (await getClassifications([issueId])).get(issueId)?.parentId;
  if (!parentId) return null;
  const stored = (await getClassifications([parentId])).get(parentId);
  return stored ? { id: parentId, category: stored.category, source: stored.source, confidence: stored.confidence } : null;
}

/** The context's issue as the caller read it, with the settings it is decided under. */
interface IssueRead {
  raw: RawIssue;
  config: ConfigInForce;
  projectKey: string;
  source: EstimateSource;
}

interface Loaded extends IssueRead {
  classified: Classified;
}

/** The issue read as the caller, for the resolvers that write or suggest: one the caller cannot see is not found. */
async function readContextIssue(jira: JiraClient, ctx: CallContext): Promise<IssueRead> {
  const { id, projectKey } = contextIssue(ctx);
  const config = await configFor(projectKey, null);
  const source = estimateSource(config.effective.estimationBasis, null, (await siteFields(jira)).storyPoints);
  const raw = await readIssue(jira, id, fieldsFor(source));
  if (!raw) throw new Refusal('NOT_FOUND', ISSUE_NOT_FOUND);
  return { raw, config, projectKey, source };
}

/** The read issue decided with what the app holds now (its override, its parent's stored decision, the team's model). */
async function decide(read: IssueRead): Promise<Loaded> {
  const [classified] = await classifyIssues([read.raw], read.config.effective, read.source);
  if (!classified) throw new Error('classification returned nothing');
  return { ...read, classified };
}

async function view(jira: JiraClient, ctx: CallContext, loaded: Loaded): Promise<IssueView> {
  const { classified, config, projectKey } = loaded;
  const [canOverride, canSuggestRule] = await displayRights(jira, ctx, { key: classified.issue.key, projectKey });
  const { override } = classified;
  return {
    issueKey: classified.issue.key,
    ...classified.classification,
    override: override && overrideView(override),
    canOverride,
    canSuggestRule,
    projectEnabled: isProjectEnabled(config.global, projectKey),
  };
}

/** Whether the panel offers the override (Edit Issues on the issue) and the rule suggestion (administers the project or Jira). */
function displayRights(jira: JiraClient, ctx: CallContext, issue: Pick<ContextIssue, 'key' | 'projectKey'>): Promise<[boolean, boolean]> {
  return Promise.all([hasPermission(jira, ctx.accountId, 'EDIT_ISSUES', { issueKey: issue.key }, 'display'), canAdministerProject(jira, ctx.accountId, issue.projectKey, 'display')]);
}

function overrideView({ category, by, at, previous }: Override): NonNullable<IssueView['override']> {
  return { category, by, at, previous };
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
  await writeWorkCategory(appJira(), [{ issueId: issue.id, classification, parentId: issue.parent?.id ?? null }], loaded.config.rulesVersion, new Date());
}

const resolver = new SurfaceResolver(issuePanelRoutes);

/**
 * The panel's one invoke: what lives in the app for the context's issue, once Jira says the caller may browse it
 * (kept for display: a repeat view within ten minutes asks Jira nothing); the browser reads the issue as the viewer.
 */
resolver.define(
  issuePanelRoutes.load,
  async (_payload, ctx): Promise<IssuePanelLoad> => {
    const jira = userJira();
    const issue = contextIssue(ctx);
    if (!(await mayBrowse(jira, ctx, issue))) throw new Refusal('NOT_FOUND', ISSUE_NOT_FOUND);
    const [config, fields, overrides, parent, team, [canOverride, canSuggestRule]] = await Promise.all([
      configFor(issue.projectKey, null),
      siteFields(jira),
      getOverrides([issue.id]),
      storedParent(issue.id),
      getTeamModel(),
      displayRights(jira, ctx, issue),
    ]);
    const override = overrides.get(issue.id);
    return {
      issue: { id: issue.id, key: issue.key },
      settings: { effective: config.effective },
      fields: { storyPoints: fields.storyPoints },
      override: override ? overrideView(override) : null,
      parent,
      team: team && { ...team, cases: [...team.cases] },
      canOverride,
      canSuggestRule,
      projectEnabled: isProjectEnabled(config.global, issue.projectKey),
    };
  },
);

/** Changes of one issue decided on a revision another editor changed first are decided again, this many times at most (a dozen editors at once on one issue still all get through, within a few seconds). */
const CHANGE_ATTEMPTS = 16;

function pause(attempt: number): Promise<void> {
  // Random, growing waits: editors that collided do not collide again in lock step.
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** Math.min(attempt, 5)));
}

/**
 * The shared path of setting and clearing an override: the caller's Edit Issues check first, then the issue read once
 * as the caller, and the change decided on it and written on condition that nobody changed its override meanwhile
 * (else decided again on what they wrote, without reading Jira again); once written, the site's learned model takes
 * the override now in force (or its absence) as an example, so a repeated save re-teaches it; then the issue is
 * decided again with the override in force, so the answer (the panel's new state) and the field show the new decision.
 */
async function changeOverride(ctx: CallContext, change: (current: Loaded, read: OverrideRevision) => Promise<Category | null>): Promise<IssueView> {
  const jira = userJira();
  await requireEdit(jira, ctx);
  const { id } = requireIssue(ctx);
  const issue = await readContextIssue(jira, ctx);
  for (let attempt = 1; ; attempt++) {
    const read = await readRevision(id);
    const current = await decide(issue);
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
  const after = await decide(issue);
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
    const loaded = await decide(await readContextIssue(jira, ctx));
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
