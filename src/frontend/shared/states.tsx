import Spinner from '@atlaskit/spinner';
import { Inline, Text } from '@atlaskit/primitives/compiled';
import type { ErrorCode, ErrorData } from '../../contracts/envelope';
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

export interface ErrorMessageProps {
  error: { code: ErrorCode; message: string; data?: ErrorData };
  /** Offered as the message's action; omitted when nothing can be retried. */
  onRetry?: () => void;
  retryLabel?: string;
  headingLevel?: 'h2' | 'h3';
}

/** An envelope's error: the code's human sentence as the title, the resolver's specifics below, and Retry. */
export function ErrorMessage({ error, onRetry, retryLabel = 'Retry', headingLevel = 'h2' }: ErrorMessageProps) {
  const { title, detail } = errorText(error);
  return (
    <Notice
      appearance="error"
      role="alert"
      title={title}
      headingLevel={headingLevel}
      actions={onRetry ? [{ label: retryLabel, onClick: onRetry }] : []}
      testId="error-message"
    >
      {detail ? <p style={{ margin: 0 }}>{detail}</p> : null}
    </Notice>
  );
}
