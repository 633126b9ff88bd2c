import type { Category } from '../domain/category';
import { readIssue, type ClassifyConfig } from '../domain/classify';
import type { NormalizedIssue } from '../domain/issue';
import { addExample, removeExample, type TeamStats } from '../domain/team-model';
import { StoredLearningError, updateTeamStats } from '../storage/learned-model-store';
import type { Classified } from './classify-issues';

/**
 * Each override and each explicit label teaches the site's classifier (domain/team-model.ts); clearing an override or
 * removing the label takes the example back out.
 */

async function learnOverride(issue: NormalizedIssue, category: Category, config: ClassifyConfig): Promise<void> {
  await updateTeamStats((stats) => addExample(stats, { id: issue.id, issue, category }, (i) => readIssue(i, config)));
}

async function forgetOverride(issueId: string): Promise<void> {
  await updateTeamStats((stats) => removeExample(stats, issueId));
}

/**
 * After an override was set or cleared: the override now in force becomes the site's example (or the issue's example
 * goes). The override is already saved and audited; a learned model that stays busy with other editors' updates is
 * logged and catches up at the issue's next change rather than failing the person's override.
 */
export async function learnFromOverride(issue: NormalizedIssue, inForce: Category | null, config: ClassifyConfig): Promise<void> {
  try {
    if (inForce) await learnOverride(issue, inForce, config);
    else await forgetOverride(issue.id);
  } catch (e) {
    if (!(e instanceof StoredLearningError)) throw e;
    console.warn('KTLO Lens could not update the learned model', issue.key, e.message);
  }
}

/**
 * After background classification: issues decided by an explicit label become examples, and an issue that no longer
 * has one (nor an override) gives its example back. One kvs write per batch, none when nothing changed.
 */
export async function learnExplicitLabels(classified: readonly Classified[], config: ClassifyConfig): Promise<void> {
  const read = (issue: NormalizedIssue) => readIssue(issue, config);
  await updateTeamStats((stats) => {
    let next: TeamStats = stats;
    for (const c of classified) {
      if (c.override !== null) continue;
      const known = next.examples.find((e) => e.id === c.issue.id);
      const labelled = c.classification.source === 'override';
      if (labelled && known?.category !== c.classification.category) next = addExample(next, { id: c.issue.id, issue: c.issue, category: c.classification.category }, read);
      else if (!labelled && known) next = removeExample(next, c.issue.id);
    }
    return next;
  });
}
