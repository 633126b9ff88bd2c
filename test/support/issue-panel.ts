import type { AppHost, Caller } from '../../dev/app-host';
import { envelopeSchema, type Envelope } from '../../src/contracts/envelope';
import { issuePanelLoadSchema, type IssuePanelLoad, type IssueView } from '../../src/contracts/resolvers';
import { readFailure } from '../../src/reader/failure';
import { issuePanelView } from '../../src/reader/issue';
import { viewerOf } from './views';

/**
 * The issue panel's view as the browser takes it, without a browser: the panel's one load invoke through the local
 * Forge runtime, then the issue read from Jira as the viewer (as the local host's requestJira does) and decided by the
 * same reader and domain functions the bundle calls. Failures come back as the envelope's typed errors.
 */

export async function loadIssuePanel(h: AppHost, caller: Caller): Promise<Envelope<IssuePanelLoad>> {
  return envelopeSchema(issuePanelLoadSchema).parse(await h.resolve('issue-panel-resolver', 'issue/load', {}, caller));
}

/** `loadMs` bounds the whole view load, the invoke included (the caller's `timeoutSeconds` bounds the invoke). */
export async function browserIssue(h: AppHost, caller: Caller, loadMs?: number): Promise<Envelope<IssueView>> {
  const started = Date.now();
  const load = await loadIssuePanel(h, caller);
  if (!load.ok) return load;
  try {
    return { ok: true, data: await issuePanelView(viewerOf(h, caller, loadMs === undefined ? undefined : loadMs - (Date.now() - started)), load.data) };
  } catch (e) {
    const typed = readFailure<IssueView>(e);
    if (typed) return typed;
    throw e;
  }
}
