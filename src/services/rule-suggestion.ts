import type { RuleSuggestion } from '../contracts/resolvers';
import type { Classification } from '../domain/category';
import type { EffectiveConfig } from '../domain/config';
import type { NormalizedIssue } from '../domain/issue';
import type { EstimateSource } from '../domain/normalize';
import { suggestRule } from '../domain/rule-suggestion';
import type { JiraClient } from '../jira/client';
import { getTeamModel } from '../storage/learned-model-store';
import { classifyIssues } from './classify-issues';
import { fieldsFor } from '../reader/fields';

/** The project's most recently updated issues a suggestion is measured on: enough to see a pattern, one search page. */
export const SUGGESTION_SAMPLE = 200;

/**
 * Reads what a rule suggestion is measured on (the project's recent issues, as the caller, classified as they are
 * now), then lets the domain choose the terms that generalise and count what each would flip.
 */
export async function suggestRuleFor(
  jira: JiraClient,
  subject: { issue: NormalizedIssue; classification: Classification },
  projectKey: string,
  config: EffectiveConfig,
  source: EstimateSource,
): Promise<RuleSuggestion> {
  const [found, team] = await Promise.all([
    jira.search(`project = "${projectKey}" ORDER BY updated DESC`, fieldsFor(source), { limit: SUGGESTION_SAMPLE }),
    getTeamModel(),
  ]);
  const others = await classifyIssues(found.issues, config, source);
  return suggestRule(
    subject.issue,
    subject.classification.category,
    { ...config, team },
    others.map((o) => ({ issue: o.issue, current: o.classification, override: o.override })),
  );
}
