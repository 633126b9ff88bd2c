import { ERROR_CODES } from '../../../src/contracts/envelope';
import { errorText } from '../../../src/frontend/shared/error-text';

describe('errorText', () => {
  it('gives every envelope code its own sentence', () => {
    const titles = ERROR_CODES.map((code) => errorText({ code, message: '' }).title);
    expect(new Set(titles).size).toBe(ERROR_CODES.length);
    for (const title of titles) expect(title).toMatch(/^[A-Z].*\.$/);
  });

  it("keeps the resolver's message as the detail, unless it adds nothing", () => {
    expect(errorText({ code: 'RATE_LIMITED', message: 'Jira is rate limiting requests right now. Try again in a minute.' })).toEqual({
      title: 'Jira is limiting how many requests KTLO Lens can make. Wait a minute, then try again.',
      detail: 'Jira is rate limiting requests right now. Try again in a minute.',
      diagnostic: null,
    });
    expect(errorText({ code: 'INTERNAL', message: '  ' }).detail).toBeNull();
    expect(errorText({ code: 'INTERNAL', message: 'Something went wrong in KTLO Lens.' }).detail).toBeNull();
  });

  it("puts the call and Jira's own text in a details line, never in the title or the message", () => {
    const text = errorText({
      code: 'JIRA_UNAVAILABLE',
      message: 'Jira had an error answering KTLO Lens. Try again in a minute; if it keeps happening, check status.atlassian.com.',
      diagnostic: { endpoint: '/rest/agile/1.0/board/1/sprint', status: 500, detail: 'unexpected status 500: Internal server error' },
    });
    expect(text).toEqual({
      title: 'Jira is not answering KTLO Lens right now. Try again in a moment.',
      detail: 'Jira had an error answering KTLO Lens. Try again in a minute; if it keeps happening, check status.atlassian.com.',
      diagnostic: 'Details: /rest/agile/1.0/board/1/sprint (status 500): unexpected status 500: Internal server error',
    });
    expect(errorText({ code: 'JIRA_UNAVAILABLE', message: 'Jira did not answer in time. Try again in a minute.', diagnostic: { endpoint: null, status: null, detail: 'x' } }).diagnostic).toBe('Details: Jira (no answer): x');
  });
});
