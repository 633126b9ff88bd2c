import { failure, type Envelope } from '../../contracts/envelope';
import type { IssueView, RuleSuggestion } from '../../contracts/resolvers';
import { issuePanelRoutes } from '../../contracts/routes';
import type { Category } from '../../domain/category';
import { call } from './call';

/**
 * The issue panel's resolvers (function `issue-panel-resolver`). The issue is never named in a payload: the resolver
 * takes it from the trusted invocation context. A view is one load invoke (what lives in the app) and the issue read
 * in the browser as the viewer and decided there (issue-decided.ts, loaded beside the invoke); saves answer the new
 * state themselves.
 */

export async function getIssueView(): Promise<Envelope<IssueView>> {
  const [load, decide] = await Promise.all([call(issuePanelRoutes.load, {}), import('./issue-decided.js').catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))))]);
  if (!load.ok) return load;
  // A chunk the browser could not fetch (the app redeployed meanwhile, the network dropped) is a notice with Retry, not a spinner forever.
  if (decide instanceof Error) return failure('INTERNAL', `KTLO Lens could not load its classifier (${decide.message}).`);
  return decide.decidedIssue(load.data);
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
