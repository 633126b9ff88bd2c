import type { Category } from '../domain/category';
import { readIssue, type ClassifyConfig } from '../domain/classify';
import type { NormalizedIssue } from '../domain/issue';
import { addExample, removeExample } from '../domain/team-model';
import { updateTeamStats } from '../storage/learned-model-store';

/** Each override teaches the site's classifier (domain/team-model.ts); clearing it takes the example back out. */

export async function learnOverride(issue: NormalizedIssue, category: Category, config: ClassifyConfig): Promise<void> {
  await updateTeamStats((stats) => addExample(stats, { id: issue.id, issue, category }, (i) => readIssue(i, config)));
}

export async function forgetOverride(issueId: string): Promise<void> {
  await updateTeamStats((stats) => removeExample(stats, issueId));
}
