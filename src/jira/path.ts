/**
 * Jira REST paths as plain strings, built safely: the client runs over @forge/api in the backend and over
 * @forge/bridge `requestJira` (which takes a string path) in the browser, so it cannot use @forge/api's `route`.
 * Like `route`, a value interpolated into the path part must be one path segment (no `/`, `\`, `?`, `#` or dot
 * segments: a path-manipulation attempt is an error, not a request) and is percent-encoded; after the `?`, a
 * URLSearchParams is written as its query string and anything else percent-encoded. dev/lint/scopes.ts reads every
 * `jiraPath` template to derive the app's scopes, so paths are written with this tag where they are sent.
 */

const DOUBLE_DOT = /(^|[^%])(\.|%2e)(\.|%2e)/i;

export class JiraPath {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

function segment(value: unknown): string {
  const text = String(value);
  if (text === '' || /[/\\?#]/.test(text) || DOUBLE_DOT.test(text)) throw new Error(`Refusing a path segment that could change the path: '${text}'`);
  return encodeURIComponent(text);
}

function queryPart(value: unknown): string {
  return value instanceof URLSearchParams ? value.toString() : encodeURIComponent(String(value));
}

export function jiraPath(template: TemplateStringsArray, ...values: ReadonlyArray<string | number | URLSearchParams>): JiraPath {
  let inQuery = false;
  let out = '';
  template.forEach((fragment, i) => {
    if (/[?#]/.test(fragment)) inQuery = true;
    out += fragment;
    if (i < values.length) out += inQuery ? queryPart(values[i]) : segment(values[i]);
  });
  return new JiraPath(out);
}
