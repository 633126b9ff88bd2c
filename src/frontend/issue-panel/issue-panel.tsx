import { token } from '@atlaskit/tokens';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ErrorCode } from '../../contracts/envelope';
import type { IssueView } from '../../contracts/resolvers';
import { clearOverride, getIssueView, setOverride } from '../api/issue-panel';
import { getViewContext, onIssueChanged, type ViewContext } from '../api/view';
import { categoryWords } from '../shared/format';
import { Notice } from '../shared/notice';
import { ErrorMessage, Loading } from '../shared/states';
import { ClassificationSummary } from './classification-summary';
import { OverrideControl, type ApplyResult, type OverrideChoice } from './override-control';
import { RuleSuggestionOffer } from './rule-suggestion';

type Load =
  | { status: 'loading' }
  | { status: 'failed'; error: { code: ErrorCode; message: string } }
  | { status: 'ready'; view: IssueView };

const NO_VIEWER = { accountId: null, locale: undefined, timeZone: undefined };

/**
 * The issue panel (jira:issueContext): the category and why, the override, and for admins a rule suggestion. One
 * resolver call per load; the issue comes from the resolver's trusted context, the host context only styles the
 * answer (who "you" are, dates in the viewer's locale and time zone).
 */
export function IssuePanel() {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [context, setContext] = useState<ViewContext | null>(null);
  const [announcement, setAnnouncement] = useState('');
  // Only the latest request's answer is shown: a slow reload never overwrites a newer load or save.
  const latest = useRef(0);

  const reload = useCallback(async (quiet: boolean): Promise<void> => {
    const id = ++latest.current;
    if (!quiet) setLoad({ status: 'loading' });
    const answer = await getIssueView();
    if (id !== latest.current) return;
    if (answer.ok) setLoad({ status: 'ready', view: answer.data });
    // A background refresh that fails keeps what is on screen; a load the person asked for shows why it failed.
    else if (!quiet) setLoad({ status: 'failed', error: answer.error });
  }, []);

  useEffect(() => {
    let live = true;
    void getViewContext().then((ctx) => live && setContext(ctx));
    void reload(false);
    // Edits to the summary, labels or type can change the decision: follow them while the panel is open.
    const unsubscribe = onIssueChanged(() => void reload(true));
    return () => {
      live = false;
      latest.current++;
      void unsubscribe.then((stop) => stop());
    };
  }, [reload]);

  const apply = useCallback(async (choice: OverrideChoice): Promise<ApplyResult> => {
    const answer = choice === 'AUTO' ? await clearOverride() : await setOverride(choice);
    if (!answer.ok) return answer;
    // The save's answer is the newest state: reloads still in flight may predate it.
    latest.current++;
    const view = answer.data;
    setLoad({ status: 'ready', view });
    setAnnouncement(
      choice === 'AUTO'
        ? `Saved. The override is removed and the rules decide again: ${categoryWords(view.category)}.`
        : `Saved. ${view.issueKey} is now ${categoryWords(view.category)} by override.`,
    );
    return { ok: true };
  }, []);

  const viewer = context ? { accountId: context.accountId, locale: context.locale, timeZone: context.timeZone } : NO_VIEWER;

  return (
    <main aria-label="KTLO Lens classification" style={{ padding: token('space.025') }}>
      {load.status === 'loading' ? <Loading label="Classifying this issue…" /> : null}
      {load.status === 'failed' ? <ErrorMessage error={load.error} onRetry={() => void reload(false)} /> : null}
      {load.status === 'ready' ? (
        <Stack space="space.200">
          {load.view.projectEnabled ? null : <NotEnabledNotice projectKey={context?.projectKey ?? null} />}
          {load.view.unsure && load.view.override === null ? <UnsureNotice view={load.view} /> : null}
          <ClassificationSummary view={load.view} />
          <OverrideControl view={load.view} onApply={apply} viewer={viewer} />
          {load.view.override && load.view.canSuggestRule ? <RuleSuggestionOffer key={load.view.override.at} /> : null}
        </Stack>
      ) : null}
      {/* Always in the page, so screen readers announce what a save changed. */}
      <div role="status" aria-live="polite" data-testid="announcement">
        {announcement ? <Text size="small">{announcement}</Text> : null}
      </div>
    </main>
  );
}

/** An unsure decision asks the team to decide: the override sets the category and teaches the site's classifier. */
function UnsureNotice({ view }: { view: IssueView }) {
  const ask = view.canOverride
    ? 'Which is it? Choose KTLO or Project below: your answer sets the category and teaches KTLO Lens how your team draws the line.'
    : 'Someone who may edit this issue can set its category below; their answer also teaches KTLO Lens how your team draws the line.';
  return (
    <Notice appearance="warning" title="KTLO Lens is unsure about this issue" testId="unsure">
      <p style={{ margin: 0 }}>
        It leans to {view.category === 'KTLO' ? 'KTLO' : 'project work'}, but the evidence is thin or balanced. {ask}
      </p>
    </Notice>
  );
}

function NotEnabledNotice({ projectKey }: { projectKey: string | null }) {
  const project = projectKey ? `project ${projectKey}` : 'this project';
  return (
    <Notice appearance="information" title={`KTLO Lens is not turned on for ${project}`} testId="not-enabled">
      <p style={{ margin: 0 }}>
        This is how KTLO Lens would classify the issue, shown for information. It is not written to the Work category field, so boards,
        search and JQL do not show it yet. Overrides set here are kept. A Jira admin can turn the project on in the KTLO Lens settings.
      </p>
    </Notice>
  );
}
