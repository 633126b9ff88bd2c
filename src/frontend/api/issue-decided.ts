import { failure, type Envelope } from '../../contracts/envelope';
import type { IssuePanelLoad, IssueView } from '../../contracts/resolvers';
import { issuePanelView } from '../../reader/issue';
import { readFailure } from '../../reader/failure';
import { viewerJira } from './jira';

/**
 * The issue panel's decision in the browser: the load's issue read from Jira as the viewer (requestJira), decided by
 * the domain with what the load answered. Loaded on demand (a dynamic import from issue-panel.ts), so the reader and
 * the classifier are not part of the panel's initial load. A read that fails is a typed error, never a guess.
 */
export async function decidedIssue(load: IssuePanelLoad): Promise<Envelope<IssueView>> {
  try {
    return { ok: true, data: await issuePanelView(viewerJira(), load) };
  } catch (e) {
    return readFailure<IssueView>(e) ?? failure('INTERNAL', `KTLO Lens could not classify this issue (${e instanceof Error ? e.message : String(e)}).`);
  }
}
