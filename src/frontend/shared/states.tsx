import Spinner from '@atlaskit/spinner';
import { Inline, Text } from '@atlaskit/primitives/compiled';
import type { EnvelopeError, ErrorCode } from '../../contracts/envelope';
import { errorText } from './error-text';
import { Notice } from './notice';

/** The loading and error states every surface shares. */

export function Loading({ label }: { label: string }) {
  return (
    <Inline space="space.100" alignBlock="center" role="status" testId="loading">
      {/* Decorative: the text beside it is what assistive technology reads. */}
      <Spinner size="medium" />
      <Text color="color.text.subtle">{label}</Text>
    </Inline>
  );
}

/** The codes a second try can fix: Jira limiting or not answering passes, and a CONFLICT reloads what someone else saved. */
const PASSING: ReadonlySet<ErrorCode> = new Set(['RATE_LIMITED', 'JIRA_UNAVAILABLE', 'CONFLICT']);

export interface ErrorMessageProps {
  error: Pick<EnvelopeError, 'code' | 'message' | 'data' | 'diagnostic'>;
  /** Offered as the message's action when trying again can help (PASSING). */
  onRetry?: () => void;
  retryLabel?: string;
  headingLevel?: 'h2' | 'h3';
}

/**
 * An envelope's error: the code's human sentence as the title, the resolver's specifics below, and Retry only where
 * trying again can help; a refusal, a missing board or a bad request offers none.
 */
export function ErrorMessage({ error, onRetry, retryLabel = 'Retry', headingLevel = 'h2' }: ErrorMessageProps) {
  const { title, detail, diagnostic } = errorText(error);
  const retry = onRetry && PASSING.has(error.code) ? onRetry : null;
  return (
    <Notice
      appearance="error"
      role="alert"
      title={title}
      headingLevel={headingLevel}
      actions={retry ? [{ label: retryLabel, onClick: retry }] : []}
      testId="error-message"
    >
      {detail ? <p style={{ margin: 0 }}>{detail}</p> : null}
      {diagnostic ? (
        <Text as="p" size="small" color="color.text.subtle" testId="error-diagnostic">
          {diagnostic}
        </Text>
      ) : null}
    </Notice>
  );
}
