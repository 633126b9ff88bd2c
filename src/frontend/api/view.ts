import { events, view } from '@forge/bridge';
import { viewContextSchema } from '../../contracts/view-context';

/**
 * What the host page tells a surface about where it runs. This context is for display only (locale, time zone, who
 * "you" are): the browser can alter it, so resolvers never trust ids from it and take theirs from the invocation.
 */

export interface ViewContext {
  accountId: string | null;
  locale: string | undefined;
  timeZone: string | undefined;
  moduleKey: string | null;
  issueKey: string | null;
  projectKey: string | null;
}

const NO_CONTEXT: ViewContext = { accountId: null, locale: undefined, timeZone: undefined, moduleKey: null, issueKey: null, projectKey: null };

/** The host's context, or an empty one when the host gives none usable: nothing on screen depends on it. */
export async function getViewContext(): Promise<ViewContext> {
  let raw: unknown;
  try {
    raw = await view.getContext();
  } catch {
    return NO_CONTEXT;
  }
  const parsed = viewContextSchema.safeParse(raw);
  if (!parsed.success) return NO_CONTEXT;
  const { accountId, locale, timezone, moduleKey, extension } = parsed.data;
  return {
    accountId: accountId ?? null,
    // Forge gives locales as en_US; Intl wants en-US.
    locale: locale?.replace('_', '-'),
    timeZone: timezone,
    moduleKey: moduleKey ?? null,
    issueKey: extension?.issue?.key ?? null,
    projectKey: extension?.project?.key ?? null,
  };
}

/** Follows Jira's light/dark theme (design tokens switch with it). A host without theming leaves the light defaults. */
export async function enableTheming(): Promise<void> {
  try {
    await view.theme.enable();
  } catch {
    // The tokens' fallbacks are the light theme: the surface still renders.
  }
}

/**
 * Calls `listener` when the issue in view is edited (Jira's JIRA_ISSUE_CHANGED event of issue view modules). Returns
 * the unsubscribe function; a host without events gives a no-op.
 */
export async function onIssueChanged(listener: () => void): Promise<() => void> {
  try {
    const subscription = await events.on('JIRA_ISSUE_CHANGED', () => listener());
    return () => subscription?.unsubscribe?.();
  } catch {
    return () => undefined;
  }
}
