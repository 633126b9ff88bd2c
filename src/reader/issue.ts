import type { IssuePanelLoad, IssueView } from '../contracts/resolvers';
import { classifyBatch, type Decisions } from '../domain/decide';
import type { NormalizedIssue } from '../domain/issue';
import type { JiraClient } from '../jira/client';
import { JiraError } from '../jira/http';
import type { RawIssue } from '../jira/schemas';
import { ViewNotFound } from './failure';
import { estimateSource, fieldsFor } from './fields';
import { normalize } from './sprint';

/**
 * The issue panel's decision, whoever reads the issue: the browser as the viewer (with the panel's load), or the
 * override resolvers as the caller. The issue is decided as the backend decides a batch of one (classifyIssues):
 * its override, the stored decision of its parent, the team's model, parent-first through classifyBatch.
 */

/** What the panel shows for an issue the caller may not see, whether the load or Jira's read found that out. */
export const ISSUE_NOT_FOUND = 'This issue does not exist or you do not have permission to see it.';

/** One issue as the caller sees it, or null: Jira answers 400 when JQL names an issue the caller cannot see, as it does for one that does not exist. */
export async function readIssue(jira: JiraClient, issueId: string, fields: readonly string[]): Promise<RawIssue | null> {
  if (!/^\d+$/.test(issueId)) throw new Error(`issue id ${issueId} is not numeric`);
  const found = await jira.search(`id = ${issueId}`, fields, { limit: 1 }).catch((e: unknown) => {
    if (e instanceof JiraError && e.code === 'BAD_REQUEST') return { issues: [] };
    throw e;
  });
  return found.issues[0] ?? null;
}

/** The load's decisions for its issue: the override, and the parent's stored decision when Jira names the same parent now. */
export function panelDecisions(load: IssuePanelLoad, issue: NormalizedIssue): Decisions {
  const { parent, override } = load;
  const sameParent = parent !== null && issue.parent?.id === parent.id;
  return {
    overrides: new Map(override && issue.id === load.issue.id ? [[issue.id, { category: override.category }]] : []),
    settled: new Map(),
    parents: new Map(sameParent && issue.parent ? [[issue.parent.key, { category: parent.category, source: parent.source, confidence: parent.confidence }]] : []),
    team: load.team,
  };
}

/** The panel's view of an issue read as the viewer, with what the load answered. */
export function panelView(load: IssuePanelLoad, issue: NormalizedIssue): IssueView {
  const [decided] = classifyBatch([issue], load.settings.effective, panelDecisions(load, issue));
  if (!decided) throw new Error('classification returned nothing');
  return { issueKey: issue.key, ...decided.classification, override: load.override, canOverride: load.canOverride, canSuggestRule: load.canSuggestRule, projectEnabled: load.projectEnabled };
}

/** The panel as the browser takes it: the load's issue read as the viewer, decided here; one the viewer cannot see is not found. */
export async function issuePanelView(jira: JiraClient, load: IssuePanelLoad): Promise<IssueView> {
  const source = estimateSource(load.settings.effective.estimationBasis, null, load.fields.storyPoints);
  const raw = await readIssue(jira, load.issue.id, fieldsFor(source));
  if (!raw) throw new ViewNotFound(ISSUE_NOT_FOUND);
  const [issue] = normalize({ source }, [raw]);
  if (!issue) throw new Error('normalising returned nothing');
  return panelView(load, issue);
}
