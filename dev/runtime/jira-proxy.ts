/** Who a product request runs as: the invoking (or impersonated) user for `asUser()`, the app's bot user for `asApp()`. */
export type JiraPrincipal = { kind: 'user'; accountId: string } | { kind: 'app' };

export interface JiraProxyOptions {
  /** The Jira site requests go to, e.g. the local Jira-compatible server or https://your-site.atlassian.net. */
  baseUrl: string;
  /** The Authorization header value for a principal, e.g. 'Basic ' + base64(email:token). */
  authorization(principal: JiraPrincipal): string;
}

/**
 * Sends a product request the way Forge's proxy does: the app's path on the site, the app's method, headers and body,
 * with the platform's credentials in place of any the app set. The answer is the real fetch Response, so status,
 * headers and body reach `requestJira`'s caller untouched. `principal` null is `provider: 'none'` (anonymous).
 */
export function forwardToJira(options: JiraProxyOptions, principal: JiraPrincipal | null, path: string, init: RequestInit | undefined, signal: AbortSignal | undefined): Promise<Response> {
  const headers = new Headers(init?.headers);
  headers.delete('authorization');
  if (principal) headers.set('authorization', options.authorization(principal));
  const url = options.baseUrl.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);
  const signals = [init?.signal, signal].filter((s): s is AbortSignal => s !== undefined && s !== null);
  return fetch(url, {
    method: init?.method ?? 'GET',
    headers,
    body: init?.body ?? null,
    redirect: init?.redirect ?? 'follow',
    signal: signals.length > 0 ? AbortSignal.any(signals) : null,
  });
}
