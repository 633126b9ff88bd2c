import JSDOMEnvironment from 'jest-environment-jsdom';
import { pageRequestClass } from '../../support/page-request';

/**
 * jsdom as the components' page, with the fetch classes a browser has and jsdom lacks: @forge/bridge's requestJira
 * builds a `Request` and answers a `Response` (out/fetch/fetch.js). They are Node's own; a `Request` resolves a
 * relative URL against the page's address, as in a browser (`new Request('')` is the page itself). jsdom keeps its own
 * Blob, FormData and URL, which its FileReader and the components' tests rely on. jsdom's `performance` lacks the user
 * timing marks every browser has (a sprint view marks its reads and its measurement): Node's own are lent to it.
 */
export default class PageEnvironment extends JSDOMEnvironment {
  constructor(...args: ConstructorParameters<typeof JSDOMEnvironment>) {
    super(...args);
    const page = this.global;
    Object.assign(page, { Request: pageRequestClass(() => page.location.href), Response, TextEncoder, TextDecoder, ReadableStream });
    Object.assign(page.performance, { mark: performance.mark.bind(performance), getEntriesByType: performance.getEntriesByType.bind(performance) });
  }
}
