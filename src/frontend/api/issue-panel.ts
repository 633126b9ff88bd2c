import type { Envelope } from '../../contracts/envelope';
import type { IssueView, RuleSuggestion } from '../../contracts/resolvers';
import { issuePanelRoutes } from '../../contracts/routes';
import type { Category } from '../../domain/category';
import { call } from './call';

/**
 * The issue panel's resolvers (function `issue-panel-resolver`). The issue is never named in a payload: the resolver
 * takes it from the trusted invocation context.
 */

export function getIssueView(): Promise<Envelope<IssueView>> {
  return call(issuePanelRoutes.get, {});
}

export function setOverride(category: Category): Promise<Envelope<IssueView>> {
  return call(issuePanelRoutes.setOverride, { category });
}

export function clearOverride(): Promise<Envelope<IssueView>> {
  return call(issuePanelRoutes.clearOverride, {});
}

export function suggestRule(): Promise<Envelope<RuleSuggestion>> {
  return call(issuePanelRoutes.suggestRule, {});
}
