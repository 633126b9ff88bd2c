import { render, screen, within } from '@testing-library/react';
import { failure } from '../../../src/contracts/envelope';
import { ErrorMessage } from '../../../src/frontend/shared/states';

/** The shared error notice: the code's sentence, the message, and what failed only as a small details line. */

it("shows Jira's text and the call only in the details line, with Retry for a Jira that did not answer", () => {
  const answer = failure('JIRA_UNAVAILABLE', 'Jira had an error answering KTLO Lens. Try again in a minute; if it keeps happening, check status.atlassian.com.', {
    diagnostic: { endpoint: '/rest/agile/1.0/board/1/sprint', status: 500, detail: 'unexpected status 500: Internal server error' },
  });
  if (answer.ok) throw new Error('a failure was expected');
  const retry = jest.fn();
  render(<ErrorMessage error={answer.error} onRetry={retry} />);
  const notice = screen.getByTestId('error-message');
  const details = within(notice).getByTestId('error-diagnostic');
  expect(details.textContent).toBe('Details: /rest/agile/1.0/board/1/sprint (status 500): unexpected status 500: Internal server error');
  // Everything else in the notice is free of the endpoint and Jira's text.
  expect(notice.textContent?.replace(details.textContent ?? '', '')).not.toMatch(/\/rest\/|Internal server error/);
  expect(within(notice).getByRole('button', { name: 'Retry' })).toBeTruthy();
});

it('has no details line when the error carries no diagnostic', () => {
  const answer = failure('FORBIDDEN', 'Only admins of this board or its project can change the board’s KTLO settings.');
  if (answer.ok) throw new Error('a failure was expected');
  render(<ErrorMessage error={answer.error} onRetry={jest.fn()} />);
  expect(screen.queryByTestId('error-diagnostic')).toBeNull();
  expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
});
