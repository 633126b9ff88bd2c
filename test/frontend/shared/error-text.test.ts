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
    });
    expect(errorText({ code: 'INTERNAL', message: '  ' }).detail).toBeNull();
    expect(errorText({ code: 'INTERNAL', message: 'Something went wrong in KTLO Lens.' }).detail).toBeNull();
  });
});
