import type { EnvelopeError, ErrorCode } from '../../contracts/envelope';
import type { Diagnostic } from '../../domain/problems';

/** The envelope's error codes in words a Jira user can act on. The resolver's own message adds the specifics. */
const SENTENCES: Record<ErrorCode, string> = {
  INVALID_INPUT: 'KTLO Lens could not use that request.',
  FORBIDDEN: 'You do not have permission to do this.',
  NOT_FOUND: 'KTLO Lens could not find this, or you do not have permission to see it.',
  CONFLICT: 'Someone else changed this at the same time. Load it again to see their change, then retry.',
  JIRA_UNAVAILABLE: 'Jira is not answering KTLO Lens right now. Try again in a moment.',
  RATE_LIMITED: 'Jira is limiting how many requests KTLO Lens can make. Wait a minute, then try again.',
  INTERNAL: 'Something went wrong in KTLO Lens.',
};

export interface ErrorText {
  /** One sentence for the code. */
  title: string;
  /** The resolver's message, when it says more than the title. */
  detail: string | null;
  /** What failed, for support (the call, Jira's status and text): a small "details" line, never the message. */
  diagnostic: string | null;
}

function diagnosticText(d: Diagnostic): string {
  const answer = d.status === null ? 'no answer' : `status ${d.status}`;
  return `Details: ${d.endpoint ?? 'Jira'} (${answer}): ${d.detail}`;
}

/** "until 11:00": when Jira said its limit clears, in the viewer's own clock. */
function clearsAtSentence(clearsAt: string): string | null {
  const at = new Date(clearsAt);
  if (Number.isNaN(at.getTime())) return null;
  return `Jira is limiting how many requests KTLO Lens can make until ${at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}. Try again then.`;
}

export function errorText(error: Pick<EnvelopeError, 'code' | 'message' | 'data' | 'diagnostic'>): ErrorText {
  const clearsAt = error.code === 'RATE_LIMITED' && error.data?.clearsAt ? clearsAtSentence(error.data.clearsAt) : null;
  const title = clearsAt ?? SENTENCES[error.code];
  const detail = error.message.trim();
  return { title, detail: detail === '' || detail === title ? null : detail, diagnostic: error.diagnostic ? diagnosticText(error.diagnostic) : null };
}
