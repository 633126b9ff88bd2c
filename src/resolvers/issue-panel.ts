import Resolver from '@forge/resolver';
import { z } from 'zod';
import { emptyPayloadSchema, setOverridePayloadSchema, type IssueView, type RuleSuggestion } from '../contracts/resolvers';
import { isProjectEnabled } from '../domain/config';
import { tokenize } from '../domain/text';
import type { JiraClient } from '../jira/client';
import { JiraError } from '../jira/http';
import { getClassifications } from '../storage/classification-store';
import { clearOverride, setOverride } from '../storage/overrides-store';
import { classifyIssues, type Classified } from '../services/classify-issues';
import { estimateSource, fieldsFor } from '../services/fields';
import { appJira, userJira } from '../services/jira-context';
import { metered } from '../services/metering';
import { canAdministerProject, hasPermission } from '../services/permissions';
import { configFor, type ConfigInForce } from '../services/settings';
import { lozengeFor, writeWorkCategory } from '../services/work-category';
import { endpoint, Refusal, requireIssue, type CallContext } from './common';

/** The issue panel (jira:issueContext): the decision and its reasons, the override, and the lozenge. */

interface Loaded {
  classified: Classified;
  config: ConfigInForce;
  projectKey: string;
}

async function loadIssue(jira: JiraClient, ctx: CallContext): Promise<Loaded> {
  const ref = requireIssue(ctx);
  if (!/^\d+$/.test(ref.id)) throw new Refusal('INVALID_INPUT', 'The issue in context has no valid id.');
  const projectKey = ctx.extension.project?.key ?? ref.key.slice(0, ref.key.lastIndexOf('-'));
  const config = await configFor(projectKey, null);
  const source = await estimateSource(config.effective.estimationBasis, null, jira);
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
  return { classified, config, projectKey };
}

async function view(jira: JiraClient, ctx: CallContext, loaded: Loaded): Promise<IssueView> {
  const { classified, config, projectKey } = loaded;
  const [canOverride, canSuggestRule] = await Promise.all([
    hasPermission(jira, ctx.accountId, 'EDIT_ISSUES', { issueKey: classified.issue.key }),
    canAdministerProject(jira, ctx.accountId, projectKey),
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
  if (!(await hasPermission(jira, ctx.accountId, 'EDIT_ISSUES', { issueKey: issue.key }))) {
    throw new Refusal('FORBIDDEN', 'You need the Edit Issues permission on this issue to change its category.');
  }
}

/** After an override changes the decision, the field follows (only in enabled projects: the app is opt-in). */
async function syncField(loaded: Loaded): Promise<void> {
  if (!isProjectEnabled(loaded.config.global, loaded.projectKey)) return;
  const { issue, classification } = loaded.classified;
  await writeWorkCategory(appJira(), [{ issueId: issue.id, classification }], loaded.config.rulesVersion, new Date());
}

const STOP_WORDS = new Set(['the', 'a', 'an', 'and', 'or', 'of', 'for', 'to', 'in', 'on', 'at', 'by', 'with', 'from', 'is', 'be', 'as', 'it', 'this', 'that']);

/** Labels and two-word phrases of the issue that the rules do not know yet, for an admin to adopt as a rule. */
function suggestRule(loaded: Loaded): RuleSuggestion {
  const { issue, classification } = loaded.classified;
  const rules = loaded.config.effective.rules;
  const known = new Set(rules.labels.map((l) => l.name.toLowerCase()));
  const labels = issue.labels.filter((l) => !known.has(l.toLowerCase()));
  const words = tokenize(issue.summary).words.filter((w) => !STOP_WORDS.has(w) && !/^\d+$/.test(w));
  const terms = new Set(rules.phrases.flatMap((p) => p.terms.map((t) => t.toLowerCase())));
  const phrases: string[] = [];
  for (let i = 0; i + 1 < words.length && phrases.length < 3; i++) {
    const phrase = `${words[i]} ${words[i + 1]}`;
    if (!terms.has(phrase)) phrases.push(phrase);
  }
  return { category: classification.category, labels, phrases };
}

const resolver = new Resolver();

resolver.define(
  'issue/get',
  endpoint(emptyPayloadSchema, async (_payload, ctx) => {
    const jira = userJira();
    return view(jira, ctx, await loadIssue(jira, ctx));
  }),
);

/**
 * The shared path of setting and clearing an override: the caller's Edit Issues check first, the change against the
 * issue as it is now, then the issue read again so the answer and the field show the new decision.
 */
async function changeOverride(ctx: CallContext, change: (current: Loaded) => Promise<void>): Promise<IssueView> {
  const jira = userJira();
  await requireEdit(jira, ctx);
  await change(await loadIssue(jira, ctx));
  const after = await loadIssue(jira, ctx);
  await syncField(after);
  return view(jira, ctx, after);
}

resolver.define(
  'issue/setOverride',
  endpoint(setOverridePayloadSchema, ({ category }, ctx) =>
    changeOverride(ctx, async ({ classified: { issue, classification, override } }) => {
      if (classification.source === 'override' && override?.category === category) return;
      await setOverride({ issueId: issue.id, issueKey: issue.key, category, by: ctx.accountId, at: new Date().toISOString(), previous: classification.category });
    }),
  ),
);

resolver.define(
  'issue/clearOverride',
  endpoint(emptyPayloadSchema, (_payload, ctx) =>
    changeOverride(ctx, async ({ classified: { override } }) => {
      if (override) await clearOverride(override, ctx.accountId, new Date().toISOString());
    }),
  ),
);

resolver.define(
  'issue/suggestRule',
  endpoint(emptyPayloadSchema, async (_payload, ctx) => {
    const jira = userJira();
    const issue = requireIssue(ctx);
    const projectKey = ctx.extension.project?.key ?? issue.key.slice(0, issue.key.lastIndexOf('-'));
    if (!(await canAdministerProject(jira, ctx.accountId, projectKey))) {
      throw new Refusal('FORBIDDEN', 'Only Jira or project administrators can turn an override into a rule.');
    }
    return suggestRule(await loadIssue(jira, ctx));
  }),
);

export const issuePanelHandler = resolver.getDefinitions();

const lozengeEventSchema = z.looseObject({
  extension: z.looseObject({
    issue: z.looseObject({ id: z.union([z.string(), z.number()]).transform(String), key: z.string() }),
    project: z.looseObject({ key: z.string() }).optional(),
  }),
});
const invocationSchema = z.looseObject({ principal: z.looseObject({ accountId: z.string().min(1) }).optional() });

/**
 * `dynamicProperties` of the issue panel: the lozenge Jira shows on the collapsed panel. It answers from the stored
 * decision when there is one (no Jira call); otherwise it classifies the issue as the viewer, who may browse it.
 */
export async function issueLozenge(event: unknown, invocation: unknown): Promise<ReturnType<typeof lozengeFor>> {
  const parsed = lozengeEventSchema.safeParse(event);
  if (!parsed.success) return lozengeFor(null);
  const { issue, project } = parsed.data.extension;
  const stored = (await getClassifications([issue.id])).get(issue.id);
  if (stored) return lozengeFor(stored.category);
  const accountId = invocationSchema.safeParse(invocation).data?.principal?.accountId;
  if (!accountId) return lozengeFor(null);
  try {
    const loaded = await metered('view', () => loadIssue(userJira(), { accountId, extension: { issue, ...(project ? { project } : {}) } }));
    return lozengeFor(loaded.classified.classification.category);
  } catch {
    // A lozenge is decoration: when Jira cannot answer, show the neutral one rather than fail the panel.
    return lozengeFor(null);
  }
}
