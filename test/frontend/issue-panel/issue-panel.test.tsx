import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { failure, success } from '../../../src/contracts/envelope';
import type { IssueView, RuleSuggestion } from '../../../src/contracts/resolvers';
import { IssuePanel } from '../../../src/frontend/issue-panel/issue-panel';
import { formatWhen } from '../../../src/frontend/shared/format';
import { startJiraServer } from '../../../dev/jira/server';
import { ADMIN_ACCOUNT_ID, DEV_ACCOUNT_ID } from '../../../dev/jira/site-model';
import { ISSUE_NOT_FOUND } from '../../../src/reader/issue';
import { answerDecision, answerView, decidedLoads, loadOf } from '../support/decided-issue';
import { FakeHost, host } from '../support/fake-bridge';

jest.mock('../../../src/frontend/api/issue-decided', () => jest.requireActual('../support/decided-issue'));

/**
 * The issue panel against a fake Forge host: the real @forge/bridge, the resolvers answered by the test, the browser's
 * read and decision of the issue by a stand-in (support/decided-issue.ts; the real read is in real-read.test.tsx).
 */

const ME = 'user-dev-1';

function patchingTask(over: Partial<IssueView> = {}): IssueView {
  return {
    issueKey: 'OPS-113',
    category: 'KTLO',
    confidence: 0.93,
    source: 'rules',
    unsure: false,
    reasons: ["recurring maintenance: 'monthly security patching'", "issue type 'Task' leans KTLO"],
    override: null,
    canOverride: true,
    canSuggestRule: false,
    projectEnabled: true,
    ...over,
  };
}

function overridden(view: IssueView, category: IssueView['category'], by: string, at: string): IssueView {
  return {
    ...view,
    category,
    confidence: 1,
    source: 'override',
    unsure: false,
    reasons: [`set to ${category === 'KTLO' ? 'KTLO' : 'project work'} by a team member's override`],
    override: { category, by, at, previous: view.category },
  };
}

/** A resolver answer the test releases when it wants, to see the loading state. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

async function renderLoaded(view: IssueView): Promise<void> {
  answerView(view);
  render(<IssuePanel />);
  await screen.findByTestId('category-lozenge');
}

it('shows a spinner while loading, then the category, confidence, source and reasons', async () => {
  const answer = deferred<unknown>();
  answerView(patchingTask());
  host.answer('issue/load', () => answer.promise);
  render(<IssuePanel />);

  const loading = await screen.findByTestId('loading');
  expect(loading.getAttribute('role')).toBe('status');
  expect(loading.textContent).toBe('Classifying this issue…');
  expect(screen.queryByTestId('category-lozenge')).toBeNull();

  await act(async () => answer.resolve(success(loadOf(patchingTask()))));

  expect(screen.getByTestId('category-lozenge').textContent).toBe('KTLO');
  expect(screen.getByTestId('confidence').textContent).toBe('High confidence (93%)');
  expect(screen.getByTestId('source').textContent).toBe('Decided by the classification rules.');
  const reasons = within(screen.getByRole('list', { name: 'Why' })).getAllByRole('listitem').map((li) => li.textContent);
  expect(reasons).toEqual(["recurring maintenance: 'monthly security patching'", "issue type 'Task' leans KTLO"]);
  expect(screen.queryByTestId('loading')).toBeNull();
  // One resolver call per load, with an empty payload: the issue comes from the resolver's trusted context, and the
  // browser decides the issue the load names.
  expect(host.invocations).toEqual([{ functionKey: 'issue/load', payload: {} }]);
  expect(decidedLoads().map((load) => load.issue)).toEqual([{ id: '10113', key: 'OPS-113' }]);
});

it('overriding to Project calls issue/setOverride, then shows the new category and who set it when', async () => {
  const at = '2026-11-27T10:14:00.000Z';
  await renderLoaded(patchingTask());
  host.answer('issue/setOverride', () => success(overridden(patchingTask(), 'PROJECT', ME, at)));
  const user = userEvent.setup();

  const group = screen.getByRole('radiogroup', { name: 'Category override' });
  expect(within(group).getByRole('radio', { name: 'Automatic (the rules decide)' })).toHaveProperty('checked', true);
  const save = screen.getByRole('button', { name: 'Save' });
  expect(save).toHaveProperty('disabled', true);

  await user.click(within(group).getByRole('radio', { name: 'Project' }));
  expect(host.invocationsOf('issue/setOverride')).toEqual([]); // choosing is not saving
  await user.click(screen.getByRole('button', { name: 'Save' }));

  expect(await screen.findByTestId('override-by')).toBeTruthy();
  expect(host.invocationsOf('issue/setOverride')).toEqual([{ category: 'PROJECT' }]);
  expect(screen.getByTestId('category-lozenge').textContent).toBe('Project');
  expect(screen.getByTestId('confidence').textContent).toBe('Certain (100%)');
  expect(screen.getByTestId('override-by').textContent).toBe(
    `Set to Project work by you on ${formatWhen(at, 'en-GB', 'UTC')} (it was KTLO before).`,
  );
  expect(formatWhen(at, 'en-GB', 'UTC')).toBe('27 Nov 2026, 10:14');
  expect(within(group).getByRole('radio', { name: 'Project' })).toHaveProperty('checked', true);
  expect(screen.getByTestId('announcement').textContent).toBe('Saved. OPS-113 is now Project work by override.');
});

it('names another person as the viewer may see them (never by account id), and Automatic clears the override', async () => {
  const jira = await startJiraServer();
  try {
    host.serveJira(jira);
    host.context = FakeHost.issueContext(DEV_ACCOUNT_ID);
    const at = '2026-11-20T08:00:00.000Z';
    await renderLoaded(overridden(patchingTask(), 'PROJECT', ADMIN_ACCOUNT_ID, at));
    await waitFor(() => expect(screen.getByTestId('override-by').textContent).toBe('Set to Project work by Ana Admin on 20 Nov 2026, 08:00 (it was KTLO before).'));
  } finally {
    await jira.close();
  }
  cleanup();
  await renderLoaded(overridden(patchingTask(), 'PROJECT', 'user-other-9', '2026-11-20T08:00:00.000Z'));
  host.answer('issue/clearOverride', () => success(patchingTask()));
  const user = userEvent.setup();

  // No Jira to ask: "someone", not the id.
  await waitFor(() => expect(screen.getByTestId('override-by').textContent).toBe('Set to Project work by someone on 20 Nov 2026, 08:00 (it was KTLO before).'));
  expect(screen.getByTestId('source').textContent).toBe('Decided by a team member’s override.');

  await user.click(screen.getByRole('radio', { name: 'Automatic (the rules decide)' }));
  await user.click(screen.getByRole('button', { name: 'Save' }));

  await waitFor(() => expect(screen.getByTestId('category-lozenge').textContent).toBe('KTLO'));
  expect(host.invocationsOf('issue/clearOverride')).toEqual([{}]);
  expect(screen.queryByTestId('override-by')).toBeNull();
  expect(screen.getByTestId('announcement').textContent).toBe('Saved. The override is removed and the rules decide again: KTLO.');
});

it('can be driven by keyboard alone: arrow keys choose, Enter saves', async () => {
  await renderLoaded(patchingTask());
  host.answer('issue/setOverride', (payload) =>
    success(overridden(patchingTask(), payload['category'] === 'KTLO' ? 'KTLO' : 'PROJECT', ME, '2026-11-27T10:14:00.000Z')),
  );
  const user = userEvent.setup();

  await user.tab();
  expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'Automatic (the rules decide)' }));
  await user.keyboard('{ArrowDown}{ArrowDown}');
  expect(screen.getByRole('radio', { name: 'Project' })).toHaveProperty('checked', true);
  expect(host.invocationsOf('issue/setOverride')).toEqual([]); // walking the group saves nothing
  await user.tab();
  expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Save' }));
  await user.keyboard('{Enter}');

  await waitFor(() => expect(host.invocationsOf('issue/setOverride')).toEqual([{ category: 'PROJECT' }]));
  expect(await screen.findByTestId('override-by')).toBeTruthy();
});

it('an error envelope shows its human sentence and the detail, and Retry loads again', async () => {
  host.answer('issue/load', () => failure('JIRA_UNAVAILABLE', 'Jira answered 503 Service Unavailable.'));
  render(<IssuePanel />);
  const user = userEvent.setup();

  const alert = await screen.findByRole('alert');
  expect(within(alert).getByRole('heading').textContent).toBe('Jira is not answering KTLO Lens right now. Try again in a moment.');
  expect(alert.textContent).toContain('Jira answered 503 Service Unavailable.');
  expect(screen.queryByTestId('category-lozenge')).toBeNull();

  answerView(patchingTask());
  await user.click(within(alert).getByRole('button', { name: 'Retry' }));

  expect((await screen.findByTestId('category-lozenge')).textContent).toBe('KTLO');
  expect(screen.queryByRole('alert')).toBeNull();
  expect(host.invocationsOf('issue/load')).toHaveLength(2);
});

it('an issue the viewer cannot read in Jira shows the not-found message, and no decision', async () => {
  answerView(patchingTask());
  answerDecision(failure('NOT_FOUND', ISSUE_NOT_FOUND));
  render(<IssuePanel />);
  const alert = await screen.findByRole('alert');
  expect(alert.textContent).toContain(ISSUE_NOT_FOUND);
  expect(screen.queryByTestId('category-lozenge')).toBeNull();
  expect(screen.queryByTestId('override-form')).toBeNull();
});

it('an answer that breaks the contract, or a failed invoke, is an error too, never a half-drawn panel', async () => {
  host.answer('issue/load', () => ({ ok: true, data: { issue: { id: '10113', key: 'OPS-113' }, override: 'MAYBE' } }));
  const first = render(<IssuePanel />);
  const alert = await screen.findByRole('alert');
  expect(within(alert).getByRole('heading').textContent).toBe('Something went wrong in KTLO Lens.');
  expect(alert.textContent).toContain("KTLO Lens answered 'issue/load' in an unexpected shape");
  first.unmount();

  host.answer('issue/load', () => {
    throw new Error('Function timed out after 25 seconds');
  });
  render(<IssuePanel />);
  expect((await screen.findByRole('alert')).textContent).toContain('KTLO Lens could not be reached (Function timed out after 25 seconds).');
});

it('a refused save keeps the panel and says why, with no Try again that cannot help', async () => {
  await renderLoaded(patchingTask());
  host.answer('issue/setOverride', () => failure('FORBIDDEN', 'You need the Edit Issues permission on this issue to change its category.'));
  const user = userEvent.setup();

  await user.click(screen.getByRole('radio', { name: 'KTLO' }));
  await user.click(screen.getByRole('button', { name: 'Save' }));

  const alert = await screen.findByRole('alert');
  expect(within(alert).getByRole('heading').textContent).toBe('You do not have permission to do this.');
  expect(alert.textContent).toContain('Edit Issues permission');
  expect(within(alert).queryByRole('button', { name: 'Try again' })).toBeNull();
  expect(screen.getByTestId('category-lozenge').textContent).toBe('KTLO');
  expect(screen.getByRole('radio', { name: 'KTLO' })).toHaveProperty('checked', true);
});

it('a save Jira did not answer keeps the panel, and Try again repeats it', async () => {
  await renderLoaded(patchingTask());
  host.answer('issue/setOverride', () => failure('JIRA_UNAVAILABLE', 'Jira answered 503.'));
  const user = userEvent.setup();

  await user.click(screen.getByRole('radio', { name: 'KTLO' }));
  await user.click(screen.getByRole('button', { name: 'Save' }));

  const alert = await screen.findByRole('alert');
  expect(within(alert).getByRole('heading').textContent).toBe('Jira is not answering KTLO Lens right now. Try again in a moment.');
  expect(screen.getByRole('radio', { name: 'KTLO' })).toHaveProperty('checked', true);

  host.answer('issue/setOverride', () => success(overridden(patchingTask(), 'KTLO', ME, '2026-11-27T10:14:00.000Z')));
  await user.click(within(alert).getByRole('button', { name: 'Try again' }));
  await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  expect(host.invocationsOf('issue/setOverride')).toEqual([{ category: 'KTLO' }, { category: 'KTLO' }]);
  expect(screen.getByTestId('override-by').textContent).toContain('Set to KTLO by you');
});

it('without permission to edit the issue the control is disabled and says why', async () => {
  await renderLoaded(patchingTask({ canOverride: false }));

  const radios = within(screen.getByRole('radiogroup', { name: 'Category override' })).getAllByRole('radio');
  expect(radios).toHaveLength(3);
  expect(radios.every((radio) => (radio as HTMLInputElement).disabled)).toBe(true);
  expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
  const group = screen.getByRole('group', { name: 'Category override' });
  expect(group.getAttribute('aria-describedby')).toBeTruthy();
  expect(document.getElementById(group.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
    'You need permission to edit this issue to change its category.',
  );
});

it('offers a rule suggestion after an override to admins, and shows what issue/suggestRule proposes', async () => {
  const suggestion: RuleSuggestion = {
    category: 'PROJECT',
    labels: [{ term: 'platform-v2', matches: 4, flips: 3 }],
    phrases: [
      { term: 'security patching', matches: 2, flips: 0 },
      { term: 'patching rollout', matches: 1, flips: 1 },
    ],
    examined: 200,
  };
  await renderLoaded(overridden(patchingTask({ canSuggestRule: true }), 'PROJECT', ME, '2026-11-27T10:14:00.000Z'));
  host.answer('issue/suggestRule', () => success(suggestion));
  const user = userEvent.setup();

  const offer = screen.getByRole('region', { name: 'Turn this override into a rule' });
  expect(host.invocationsOf('issue/suggestRule')).toEqual([]); // asked for only on request
  await user.click(within(offer).getByRole('button', { name: 'Suggest a rule' }));

  const details = await within(offer).findByTestId('suggestion');
  expect(details.textContent).toContain('classifies issues as Project work');
  expect(within(details).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
    'the label platform-v2 (in 4 of the 200 other issues looked at; would make 3 of them Project work)',
    'the phrase “security patching” in the summary or description (in 2 of the 200 other issues looked at; would change none of them)',
    'the phrase “patching rollout” in the summary or description (in 1 of the 200 other issues looked at; would make 1 of them Project work)',
  ]);
  expect(host.invocationsOf('issue/suggestRule')).toEqual([{}]);
});

it('offers no rule suggestion to non-admins, nor before there is an override', async () => {
  await renderLoaded(overridden(patchingTask({ canSuggestRule: false }), 'PROJECT', ME, '2026-11-27T10:14:00.000Z'));
  expect(screen.queryByRole('region', { name: 'Turn this override into a rule' })).toBeNull();
  expect(screen.queryByRole('button', { name: 'Suggest a rule' })).toBeNull();
});

it('an admin without an override sees no offer, and an empty suggestion says so', async () => {
  const view = patchingTask({ canSuggestRule: true });
  answerView(view);
  const first = render(<IssuePanel />);
  await screen.findByTestId('category-lozenge');
  expect(screen.queryByRole('button', { name: 'Suggest a rule' })).toBeNull();
  first.unmount();

  await renderLoaded(overridden(view, 'PROJECT', ME, '2026-11-27T10:14:00.000Z'));
  host.answer('issue/suggestRule', () => success({ category: 'PROJECT', labels: [], phrases: [], examined: 12 }));
  await userEvent.setup().click(screen.getByRole('button', { name: 'Suggest a rule' }));
  expect((await screen.findByTestId('suggestion-empty')).textContent).toContain('no labels or phrases that the rules do not already know');
});

it('explains when the project is not opted in, and still shows the classification', async () => {
  await renderLoaded(patchingTask({ projectEnabled: false }));

  const notice = screen.getByRole('region', { name: 'KTLO Lens is not turned on for project OPS' });
  expect(notice.textContent).toContain('not written to the Work category field');
  expect(screen.getByTestId('category-lozenge').textContent).toBe('KTLO');
});

it('when no rule matched, says the default applies instead of an empty list', async () => {
  await renderLoaded(patchingTask({ source: 'default', confidence: 0.5, reasons: [], category: 'PROJECT' }));

  expect(screen.queryByRole('list', { name: 'Why' })).toBeNull();
  expect(screen.getByTestId('no-reasons').textContent).toContain('No rule matched anything in this issue');
  expect(screen.getByTestId('confidence').textContent).toBe('Low confidence (50%)');
  expect(screen.getByTestId('source').textContent).toBe('No rule decided, so the default category applies.');
});

it('reloads quietly when Jira says the issue changed', async () => {
  await renderLoaded(patchingTask());
  answerView(patchingTask({ category: 'PROJECT', confidence: 0.71, reasons: ["new capability: 'self-service portal'"] }));

  await act(async () => host.emit('JIRA_ISSUE_CHANGED', { issueId: '10113', projectId: '10000', changes: [{ changeType: 'updated', atlassianId: ME }] }));

  await waitFor(() => expect(screen.getByTestId('category-lozenge').textContent).toBe('Project'));
  expect(screen.queryByTestId('loading')).toBeNull();
  expect(host.invocationsOf('issue/load')).toHaveLength(2);
});

it('an unsure decision asks the team to decide, and the ask goes once an override settles it', async () => {
  const unsure = patchingTask({ category: 'PROJECT', confidence: 0.5, source: 'default', unsure: true, reasons: ["unsure: only its issue type 'Bug' speaks, and the type alone never decides; leaning to the default category (project work) until someone sets it"] });
  await renderLoaded(unsure);
  const notice = screen.getByTestId('unsure');
  expect(notice.textContent).toContain('KTLO Lens is unsure about this issue');
  expect(notice.textContent).toContain('It leans to project work');
  expect(notice.textContent).toContain('Choose KTLO or Project below');
  host.answer('issue/setOverride', () => success(overridden(unsure, 'KTLO', ME, '2026-11-27T10:14:00.000Z')));
  const user = userEvent.setup();
  await user.click(screen.getByRole('radio', { name: 'KTLO' }));
  await user.click(screen.getByRole('button', { name: /save/i }));
  await waitFor(() => expect(screen.getByTestId('category-lozenge').textContent).toBe('KTLO'));
  expect(screen.queryByTestId('unsure')).toBeNull();
});

it('says who may decide when the viewer cannot override', async () => {
  await renderLoaded(patchingTask({ unsure: true, confidence: 0.55, canOverride: false }));
  expect(screen.getByTestId('unsure').textContent).toContain('Someone who may edit this issue can set its category below');
});

it('a sure decision asks nothing', async () => {
  await renderLoaded(patchingTask());
  expect(screen.queryByTestId('unsure')).toBeNull();
});
