import type { Envelope } from '../../contracts/envelope';
import { issueViewSchema, ruleSuggestionSchema, type IssueView, type RuleSuggestion } from '../../contracts/resolvers';
import type { Category } from '../../domain/category';
import { call } from './call';

/**
 * The issue panel's resolvers (function `issue-panel-resolver`). The issue is never named in a payload: the resolver
 * takes it from the trusted invocation context.
 */

export function getIssueView(): Promise<Envelope<IssueView>> {
  return call('issue/get', {}, issueViewSchema);
}

export function setOverride(category: Category): Promise<Envelope<IssueView>> {
  return call('issue/setOverride', { category }, issueViewSchema);
}

export function clearOverride(): Promise<Envelope<IssueView>> {
  return call('issue/clearOverride', {}, issueViewSchema);
}

export function suggestRule(): Promise<Envelope<RuleSuggestion>> {
  return call('issue/suggestRule', {}, ruleSuggestionSchema);
}
