import { failure, success, type Envelope } from '../../../src/contracts/envelope';
import type { IssuePanelLoad, IssueView } from '../../../src/contracts/resolvers';
import type { Classification } from '../../../src/domain/category';
import { DEFAULT_GLOBAL_CONFIG, resolveConfig } from '../../../src/domain/config';
import { host } from './fake-bridge';

/**
 * For component tests of how the issue panel renders a decision: stands in for src/frontend/api/issue-decided.ts (the
 * browser's read of the issue and the domain, loaded on demand). The panel's load invoke still goes through the real
 * @forge/bridge to the fake host; this stand-in answers the decision the test set, and takes everything else from
 * the load (the issue's key, the override, the display answers), as the real module does. The browser's real read
 * against a Jira server is tested in real-read.test.tsx. Use with
 * `jest.mock('../../../src/frontend/api/issue-decided', () => jest.requireActual('../support/decided-issue'))`.
 */

let decision: Envelope<Classification> | null = null;
const decided: IssuePanelLoad[] = [];

afterEach(() => {
  decision = null;
  decided.length = 0;
});

/** The loads the panel decided an issue for (one per view). */
export function decidedLoads(): readonly IssuePanelLoad[] {
  return decided;
}

/** What the panel's issue/load answers for a view: the issue of the fake host's context, with the view's app-side parts. */
export function loadOf(view: IssueView): IssuePanelLoad {
  return {
    issue: { id: '10113', key: view.issueKey },
    settings: { effective: resolveConfig(DEFAULT_GLOBAL_CONFIG) },
    fields: { storyPoints: 'customfield_10016' },
    override: view.override,
    parent: null,
    team: null,
    canOverride: view.canOverride,
    canSuggestRule: view.canSuggestRule,
    projectEnabled: view.projectEnabled,
  };
}

/** The view the panel shows next: its load answered by the fake host's issue/load, its decision by the stand-in. */
export function answerView(view: IssueView): void {
  const { category, confidence, source, unsure, reasons } = view;
  decision = success({ category, confidence, source, unsure, reasons });
  host.answer('issue/load', () => success(loadOf(view)));
}

/** The decision the next views get, whatever the load (a failed read, say). */
export function answerDecision(answer: Envelope<Classification>): void {
  decision = answer;
}

export async function decidedIssue(load: IssuePanelLoad): Promise<Envelope<IssueView>> {
  decided.push(load);
  await Promise.resolve();
  if (!decision) return failure('INTERNAL', 'the test did not answer the decision');
  if (!decision.ok) return decision;
  return success({ issueKey: load.issue.key, ...decision.data, override: load.override, canOverride: load.canOverride, canSuggestRule: load.canSuggestRule, projectEnabled: load.projectEnabled });
}
