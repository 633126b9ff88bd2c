import { isProjectEnabled } from '../domain/config';
import type { EstimateSource } from '../domain/normalize';
import type { JiraClient } from '../jira/client';
import type { RawIssue } from '../jira/schemas';
import { readGlobal } from '../storage/settings-store';
import { classifyIssues } from './classify-issues';
import { fieldsFor } from './fields';
import { reconcileFor, type ReadOptions } from './issue-list';
import { configFor } from './settings';
import { siteFields } from './site-fields';
import { learnExplicitLabels } from './team-learning';
import { writeWorkCategory } from './work-category';

/**
 * Classifies issues as the app and writes the "Work category" field where the category changed: the path shared by
 * the issue trigger and bulk reclassification. Issues of projects that are not opted in are skipped.
 */

export interface ReclassifyOutcome {
  processed: number;
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

/**
 * `reconcile` names the issues the caller has just seen change (an issue event): search is eventually consistent, and
 * without it Jira may still answer with the issue as it was before the edit that fired the event.
 */
export async function reclassifyIssues(jira: JiraClient, issueIds: readonly string[], now: Date, read: Pick<ReadOptions, 'reconcile'> = {}): Promise<ReclassifyOutcome> {
  const ids = issueIds.filter((id) => /^\d+$/.test(id));
  if (ids.length === 0) return { processed: 0, changed: 0 };
  const global = (await readGlobal()).settings;
  const source = await backgroundEstimate(jira);
  const found = await jira.search(`id in (${ids.join(',')})`, fieldsFor(source), { reconcile: await reconcileFor(read) });
  const byProject = new Map<string, RawIssue[]>();
  for (const raw of found.issues) {
    const key = projectOf(raw);
    if (isProjectEnabled(global, key)) byProject.set(key, [...(byProject.get(key) ?? []), raw]);
  }
  let processed = 0;
  let changed = 0;
  for (const [projectKey, issues] of byProject) {
    const config = await configFor(projectKey, null);
    const classified = await classifyIssues(issues, config.effective, source);
    await learnExplicitLabels(classified, config.effective);
    changed += await writeWorkCategory(
      jira,
      classified.map((c) => ({ issueId: c.issue.id, classification: c.classification })),
      config.rulesVersion,
      now,
    );
    processed += issues.length;
  }
  return { processed, changed };
}
