import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import { TestEnvironment } from 'jest-environment-jsdom';

/**
 * jsdom, with the fetch API's classes browsers have and jsdom lacks: @forge/bridge's requestJira builds a `Request`
 * (with the URL '', which a browser resolves against the page) and wraps the host's answer in a `Response`.
 */
export default class JsdomWithFetch extends TestEnvironment {
  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    const page = (): string => String(this.global.location.href);
    class PageRequest extends Request {
      constructor(input: string | URL | Request, init?: RequestInit) {
        super(typeof input === 'string' ? new URL(input, page()) : input, init);
      }
    }
    Object.assign(this.global, { Request: PageRequest, Response, Headers });
  }
}
