import type { BulkDryRun } from '../contracts/resolvers';
import { isProjectEnabled } from '../domain/config';
import type { EstimateSource } from '../domain/normalize';
import type { JiraClient } from '../jira/client';
import type { RawIssue } from '../jira/schemas';
import { getClassifications } from '../storage/classification-store';
import { getIssueInputs, putIssueInputs } from '../storage/issue-inputs-store';
import { readGlobal } from '../storage/settings-store';
import { applyChangelog, type ChangelogItem } from './changelog-delta';
import { classifyIssues, type Classified } from './classify-issues';
import { fieldsFor } from '../reader/fields';
import type { ReadOptions } from '../reader/issue-list';
import { reconcileFor } from './issue-list';
import { configFor, type ConfigInForce } from './settings';
import { siteFields } from './site-fields';
import { learnExplicitLabels } from './team-learning';
import { compareWithStored, writeWorkCategory } from './work-category';

/**
 * Classifies issues as the app and writes the "Work category" field where the category changed: the path shared by
 * the issue trigger and bulk reclassification. Issues of projects that are not opted in are skipped.
 */

export interface ReclassifyOutcome {
  processed: number;
  /** Issues that got their first category from the app. */
  firstWrites: number;
  /** Issues whose category changed. */
  changed: number;
}

/** Size only nudges the rules, so background classification reads story points whatever the board estimates in. */
async function backgroundEstimate(jira: JiraClient): Promise<EstimateSource> {
  const points = (await siteFields(jira)).storyPoints;
  return points === null ? { kind: 'none' } : { kind: 'field', fieldId: points };
}

function projectOf(raw: RawIssue): string {
  const project = raw.fields?.['project'];
  if (typeof project === 'object' && project !== null && 'key' in project && typeof project.key === 'string') return project.key;
  return raw.key.slice(0, raw.key.lastIndexOf('-'));
}

/** Fields the classifier reads that an issue event must carry for the app to classify without reading the issue. */
const EVENT_FIELDS = ['summary', 'description', 'issuetype', 'labels', 'components', 'project', 'status'] as const;

function carriesEnough(raw: RawIssue, source: EstimateSource): boolean {
  const fields = raw.fields ?? {};
  const needed: string[] = [...EVENT_FIELDS, ...(source.kind === 'field' ? [source.fieldId] : source.kind === 'originalEstimate' ? ['timeoriginalestimate'] : [])];
  if (!needed.every((f) => f in fields)) return false;
  // A sub-task follows its parent: without the parent in the event, read the issue.
  const type = fields['issuetype'];
  const subtask = typeof type === 'object' && type !== null && 'subtask' in type && type.subtask === true;
  return !subtask || 'parent' in fields;
}

/**
 * `reconcile` names the issues the caller has just seen change (an issue event): search is eventually consistent, and
 * without it Jira may still answer with the issue as it was before the edit that fired the event.
 */
export async function reclassifyIssues(jira: JiraClient, issueIds: readonly string[], now: Date, read: Pick<ReadOptions, 'reconcile'> = {}): Promise<ReclassifyOutcome> {
  const ids = issueIds.filter((id) => /^\d+$/.test(id));
  if (ids.length === 0) return { processed: 0, firstWrites: 0, changed: 0 };
  const source = await backgroundEstimate(jira);
  const found = await jira.search(`id in (${ids.join(',')})`, fieldsFor(source), { reconcile: await reconcileFor(read) });
  return classifyAndWrite(jira, found.issues, source, now);
}

/**
 * An issue event: classified without reading the issue when the event carries every field the rules read, or when
 * its changelog spells out the change to fields the app last read; else read first (reconciling the issue: Jira's
 * search may not have seen the edit yet). Either way the field is written only when the category changed.
 */
export async function reclassifyFromEvent(jira: JiraClient, carried: RawIssue, changes: readonly ChangelogItem[] | null, now: Date): Promise<ReclassifyOutcome> {
  const source = await backgroundEstimate(jira);
  if (carriesEnough(carried, source)) return classifyAndWrite(jira, [carried], source, now);
  const known = changes === null || changes.length === 0 ? null : await getIssueInputs(carried.id);
  const patched = known === null || changes === null ? null : applyChangelog(known, changes, source);
  if (patched !== null) return classifyAndWrite(jira, [patched], source, now);
  return reclassifyIssues(jira, [carried.id], now, { reconcile: [carried.id] });
}

interface ProjectDecisions {
  config: ConfigInForce;
  raws: RawIssue[];
  classified: Classified[];
}

/** The opted-in issues of `raws`, classified with their project's settings in force. */
async function decide(raws: readonly RawIssue[], source: EstimateSource): Promise<ProjectDecisions[]> {
  const global = (await readGlobal()).settings;
  const byProject = new Map<string, RawIssue[]>();
  for (const raw of raws) {
    const key = projectOf(raw);
    if (isProjectEnabled(global, key)) byProject.set(key, [...(byProject.get(key) ?? []), raw]);
  }
  const out: ProjectDecisions[] = [];
  for (const [projectKey, issues] of byProject) {
    const config = await configFor(projectKey, null);
    out.push({ config, raws: issues, classified: await classifyIssues(issues, config.effective, source) });
  }
  return out;
}

const decisionsOf = (classified: readonly Classified[]) => classified.map((c) => ({ issueId: c.issue.id, classification: c.classification, parentId: c.issue.parent?.id ?? null }));

async function classifyAndWrite(jira: JiraClient, raws: readonly RawIssue[], source: EstimateSource, now: Date): Promise<ReclassifyOutcome> {
  const decided = await decide(raws, source);
  await putIssueInputs(decided.flatMap((d) => d.raws));
  const outcome: ReclassifyOutcome = { processed: 0, firstWrites: 0, changed: 0 };
  for (const { config, classified } of decided) {
    await learnExplicitLabels(classified, config.effective);
    const written = await writeWorkCategory(jira, decisionsOf(classified), config.rulesVersion, now);
    outcome.processed += classified.length;
    outcome.firstWrites += written.firstWrites;
    outcome.changed += written.changes;
  }
  return outcome;
}

/** A bulk reclassification's outcome without its writes, over the issues `jql` finds as the caller of `jira`. */
export async function dryRunReclassify(jira: JiraClient, jql: string): Promise<BulkDryRun> {
  const source = await backgroundEstimate(jira);
  const found = await jira.search(jql, fieldsFor(source));
  const decided = await decide(found.issues, source);
  const decisions = decided.flatMap((d) => decisionsOf(d.classified));
  const written = compareWithStored(decisions, await getClassifications(decisions.map((d) => d.issueId)));
  return { examined: decisions.length, ...written };
}
