import { failure, type Envelope } from '../contracts/envelope';
import { JiraError } from '../jira/http';
import { NoSprintsError } from './board';
import { FieldSetupError } from './fields';
import { UnreadableIssueError } from './sprint';

/**
 * What went wrong with a read, as the envelope's typed error: the same whether a resolver read Jira or the browser
 * did, so a view shows a typed notice (rate limited until when, Jira unavailable, not found, not allowed) and never
 * partial numbers. A refusal, a missing board or a bad request says what happened and what to do, never Jira's own
 * text (an endpoint and its raw answer mean nothing to a planner). Null for anything that is not an expected outcome
 * of reading (a bug).
 */
export function readFailure<T>(e: unknown): Envelope<T> | null {
  if (e instanceof JiraError) {
    switch (e.code) {
      case 'RATE_LIMITED':
        // The hourly points wall lasts until the top of the hour: say when, rather than "a minute".
        return e.clearsAt === null
          ? failure('RATE_LIMITED', 'Jira is rate limiting requests right now. Try again in a minute.', { data: { clearsAt: null } })
          : failure('RATE_LIMITED', `Jira is rate limiting KTLO Lens until ${e.clearsAt}. Try again then.`, { data: { clearsAt: e.clearsAt } });
      case 'NOT_FOUND':
        return failure('NOT_FOUND', 'Jira did not find the board, sprint or issues this view reads: they may have been deleted or moved, or you may not be allowed to see them. Open the board in Jira to check, or ask its admin for access.');
      case 'FORBIDDEN':
        return failure('FORBIDDEN', 'Jira did not let you read what this view needs. Ask a Jira admin for the Browse projects permission on the board’s projects.');
      case 'BAD_REQUEST':
        return failure('INVALID_INPUT', 'Jira refused a request KTLO Lens made for this view. Reload the page; if it happens again, tell your Jira admin which board it was.');
      default:
        // What did not answer and Jira's text go apart, for support; the message says what happened and what to do.
        return failure('JIRA_UNAVAILABLE', unavailableMessage(e), { diagnostic: { endpoint: e.endpoint, status: e.status, detail: e.detail } });
    }
  }
  if (e instanceof UnreadableIssueError) {
    return failure('JIRA_UNAVAILABLE', 'Jira sent an issue KTLO Lens cannot read (a field holds a value of an unexpected type). Tell your Jira admin which board this was; the details below say what was wrong.', {
      diagnostic: { endpoint: null, status: null, detail: e.message },
    });
  }
  if (e instanceof FieldSetupError) return failure('NOT_FOUND', e.message);
  if (e instanceof NoSprintsError) return failure('INVALID_INPUT', e.message);
  if (e instanceof ViewNotFound) return failure('NOT_FOUND', e.message);
  return null;
}

/** Jira gave no answer in time, answered with an error, or sent what cannot be read: each with what to do. */
function unavailableMessage(e: JiraError): string {
  if (e.code === 'INVALID_RESPONSE') return 'Jira sent an answer KTLO Lens could not read. Try again in a minute; if it keeps happening, tell your Jira admin.';
  if (e.status === null) return 'Jira did not answer in time. Try again in a minute.';
  return 'Jira had an error answering KTLO Lens. Try again in a minute; if it keeps happening, check status.atlassian.com.';
}

/** What a view was asked for is not there for this viewer (no active sprint, a sprint of another board). */
export class ViewNotFound extends Error {}
