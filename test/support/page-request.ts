/**
 * `Request` as a page has it: a relative URL resolves against the page's address (in a browser `new Request('')` is
 * the page itself; Node's own Request has no page and refuses it). @forge/bridge's requestJira builds one that way.
 */
export function pageRequestClass(pageUrl: () => string): typeof Request {
  return class PageRequest extends Request {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(typeof input === 'string' ? new URL(input, pageUrl()).href : input, init);
    }
  };
}
