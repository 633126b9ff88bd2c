import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { failure, success } from '../../../src/contracts/envelope';
import type { BulkStatus, PointsUsage, Preview, SettingsView } from '../../../src/contracts/resolvers';
import { DEFAULT_GLOBAL_CONFIG, type GlobalConfig, type Rules } from '../../../src/domain/config';
import { SettingsPage } from '../../../src/frontend/settings/settings-page';
import { startJiraServer, type JiraServer } from '../../../dev/jira/server';
import { ADMIN_ACCOUNT_ID } from '../../../dev/jira/site-model';
import { host } from '../support/fake-bridge';
import { chosenIn, pickOption } from '../support/select';

/** The settings surface against a fake Forge host: the real @forge/bridge, the settings resolver answered by the test. */

// Typing into a form of this size takes jsdom a few seconds on a busy machine.
jest.setTimeout(20_000);

const ADMIN_PAGE = { accountId: 'user-admin-1', cloudId: 'local-cloud', locale: 'en_GB', timezone: 'UTC', moduleKey: 'ktlo-settings', extension: { type: 'jira:adminPage' } };
const PROJECT_SETTINGS_PAGE = {
  accountId: 'user-admin-1',
  cloudId: 'local-cloud',
  locale: 'en_GB',
  timezone: 'UTC',
  moduleKey: 'ktlo-project-settings',
  extension: { type: 'jira:projectSettingsPage', project: { id: '10000', key: 'OPS', type: 'software' } },
};

// A few rules of each kind keep the page small enough for jsdom's label and role queries.
const RULES: Rules = {
  ...DEFAULT_GLOBAL_CONFIG.rules,
  phrases: DEFAULT_GLOBAL_CONFIG.rules.phrases.slice(0, 2),
  issueTypes: DEFAULT_GLOBAL_CONFIG.rules.issueTypes.slice(0, 1),
  labels: DEFAULT_GLOBAL_CONFIG.rules.labels.slice(0, 1),
  components: DEFAULT_GLOBAL_CONFIG.rules.components.slice(0, 1),
};
const GLOBAL: GlobalConfig = { ...DEFAULT_GLOBAL_CONFIG, enabledProjects: ['OPS'], rules: RULES };

function globalView(over: Partial<SettingsView> = {}): SettingsView {
  return { level: 'global', revision: 4, savedBy: 'user-admin-1', savedAt: '2026-11-20T10:00:00.000Z', settings: GLOBAL, canEdit: true, overriddenBelow: [], ...over };
}

function job(over: Partial<BulkStatus> = {}): BulkStatus {
  return { jobId: 'job-1', state: 'running', total: 120, processed: 0, firstWrites: 0, changed: 0, failedBatches: 0, startedAt: '2026-11-27T09:00:00.000Z', startedBy: 'user-admin-1', ...over };
}

const zero = { points: 0, requests: 0 };
function usage(over: Partial<PointsUsage> = {}): PointsUsage {
  const byPurpose = { view: zero, trigger: zero, snapshot: zero, daily: zero, backfill: zero, bulk: zero };
  return {
    hour: { total: { points: 40, requests: 12 }, byPurpose: { ...byPurpose, view: { points: 28, requests: 9 }, trigger: { points: 12, requests: 3 } } },
    today: { total: { points: 640, requests: 80 }, byPurpose: { ...byPurpose, view: { points: 120, requests: 40 }, bulk: { points: 520, requests: 40 } } },
    budget: { backgroundPerDay: 3000, backgroundToday: 520 },
    quota: { quota: 65_000, remaining: null, resetSeconds: null, nearLimit: false, enforced: true, at: '2026-12-01T10:20:00.000Z' },
    wallClearsAt: null,
    asOf: '2026-12-01T10:21:00.000Z',
    ...over,
  };
}

async function renderGlobal(view: SettingsView = globalView(), context: Record<string, unknown> = ADMIN_PAGE, bulk: BulkStatus | null = null, points: PointsUsage = usage()): Promise<void> {
  host.context = context;
  host.answer('settings/get', () => success(view));
  host.answer('settings/bulkStatus', () => success(bulk));
  host.answer('settings/points', () => success(points));
  render(<SettingsPage bulkPollMs={20} />);
  await screen.findByTestId('settings-form');
}

function input(label: string | RegExp, index?: number): HTMLInputElement {
  return (index === undefined ? screen.getByLabelText(label) : screen.getAllByLabelText(label)[index]) as HTMLInputElement;
}

/** Opens one of the page's sections (its fields mount when it is first opened). */
async function openTab(name: string): Promise<void> {
  await userEvent.click(screen.getByRole('tab', { name }));
}

function saved(revision: number) {
  return success({ revision, savedAt: '2026-12-01T12:00:00.000Z', savedBy: 'user-admin-1' });
}

async function replace(label: string | RegExp, text: string): Promise<void> {
  const field = input(label);
  await userEvent.clear(field);
  if (text !== '') await userEvent.type(field, text);
}

/** The Save button of the bar at the foot of the page (a second one sits above the tabs while there are changes). */
function saveButton(name = 'Save settings'): HTMLElement {
  return within(screen.getByTestId('save-bar')).getByRole('button', { name });
}

it('loads the global settings and shows every field with its value', async () => {
  await renderGlobal();

  expect(host.invocationsOf('settings/get')).toEqual([{ level: 'global' }]);
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('KTLO Lens settings');
  expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Band and capacity', 'Projects', 'Rules', 'Label mapping', 'Bulk work']);
  expect(input('Reserved band from (%)').value).toBe('20');
  expect(input('Reserved band to (%)').value).toBe('30');
  expect(await chosenIn('Measure capacity in')).toBe('As the board estimates');
  expect(input('Flag decisions below this confidence (%)').value).toBe('60');
  await openTab('Projects');
  expect(within(screen.getByRole('list', { name: 'Enabled projects' })).getByText('OPS')).toBeTruthy();
  await openTab('Label mapping');
  expect(input('Labels that make an issue KTLO').value).toBe('ktlo, keep-the-lights-on, bau');
  expect(input('Labels that make an issue project work').value).toBe('project-work');
  expect(screen.getAllByTestId('labels-row')).toHaveLength(1);
  // The mappings line up in one table per kind, with their column headers.
  expect(within(screen.getByTestId('labels-table')).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Label', 'Category', 'Weight (0–10)', 'Actions']);
  await openTab('Rules');
  expect(await chosenIn('When no rule decides, an issue is')).toBe('Project work');
  const rules = within(screen.getByTestId('phrase-rules')).getAllByRole('listitem');
  expect(rules).toHaveLength(2);
  // Term lists wrap in a box that grows with them, so no term is cut off.
  expect(input(/^Terms of ktlo-bucket$/).tagName).toBe('TEXTAREA');
  expect(input(/^Terms of ktlo-bucket$/).value).toContain('keep the lights on');
  expect(input('Recurrence words (recurring chores lean KTLO)').value).toBe(DEFAULT_GLOBAL_CONFIG.rules.recurrence.terms.join(', '));
  expect(saveButton()).toBeTruthy();
  expect(screen.queryByTestId('read-only')).toBeNull();
  // Global admins see the bulk reclassification; no job has run.
  await openTab('Bulk work');
  expect(await screen.findByText('No reclassification has run yet.')).toBeTruthy();
});

it('shows an invalid band beside its field and sends nothing', async () => {
  await renderGlobal();
  host.answer('settings/save', () => saved(5));

  await replace('Reserved band from (%)', '40');
  await replace('Reserved band to (%)', '150');
  await userEvent.click(saveButton());

  expect(screen.getByTestId('error-band.max').textContent).toBe('Enter a percentage from 0 to 100.');
  const max = input('Reserved band to (%)');
  expect(max.getAttribute('aria-invalid')).toBe('true');
  expect(max.getAttribute('aria-describedby')).toContain('setting-band-max-error');
  expect(screen.getByTestId('save-invalid').textContent).toContain('Nothing was saved');

  await replace('Reserved band to (%)', '30');
  await userEvent.click(saveButton());
  expect(screen.getByTestId('error-band.min').textContent).toBe('The band must not start above where it ends.');
  expect(document.activeElement).toBe(input('Reserved band from (%)'));

  await replace('Reserved band from (%)', 'lots');
  await userEvent.click(saveButton());
  expect(screen.getByTestId('error-band.min').textContent).toBe('Enter a number.');

  expect(host.invocationsOf('settings/save')).toEqual([]);
});

it('checks the rules too: an empty term list and a weight out of range are named beside their fields', async () => {
  await renderGlobal();
  await openTab('Rules');
  await replace(/^Terms of ktlo-bucket$/, '');
  const weights = screen.getAllByLabelText('Weight (0–10)') as HTMLInputElement[];
  await userEvent.clear(weights[1]!);
  await userEvent.type(weights[1]!, '12');
  await userEvent.click(saveButton());

  expect(screen.getByTestId('error-rules.phrases.0.terms').textContent).toBe('Add at least one term.');
  expect(screen.getByTestId('error-rules.phrases.1.weight').textContent).toBe('Enter a weight from 0 to 10.');
  expect(host.invocationsOf('settings/save')).toEqual([]);
});

it('saves with the revision it read, then with the one the save answered', async () => {
  await renderGlobal();
  let revision = 4;
  host.answer('settings/save', () => saved(++revision));

  await replace('Reserved band from (%)', '25');
  await openTab('Projects');
  await replace('Project key to enable', 'infra');
  await userEvent.click(screen.getByRole('button', { name: 'Add project' }));
  await userEvent.click(screen.getByRole('button', { name: 'Remove OPS' }));
  await userEvent.click(saveButton());
  await screen.findByTestId('save-status');

  const [first] = host.invocationsOf('settings/save');
  expect(first).toMatchObject({ level: 'global', expectedRevision: 4 });
  const sent = (first as { settings: GlobalConfig }).settings;
  expect(sent.band).toEqual({ min: 0.25, max: 0.3 });
  expect(sent.enabledProjects).toEqual(['INFRA']);
  expect(sent.rules).toEqual(RULES);
  expect(sent.version).toBe(DEFAULT_GLOBAL_CONFIG.version);

  await userEvent.click(saveButton());
  await waitFor(() => expect(host.invocationsOf('settings/save')).toHaveLength(2));
  expect(host.invocationsOf('settings/save')[1]).toMatchObject({ expectedRevision: 5 });
});

it('says, after a save that enables projects, that their existing issues are not classified yet, and leads to Bulk work', async () => {
  await renderGlobal();
  let revision = 4;
  host.answer('settings/save', () => saved(++revision));

  await openTab('Projects');
  for (const key of ['web', 'sec']) {
    await replace('Project key to enable', key);
    await userEvent.click(screen.getByRole('button', { name: 'Add project' }));
  }
  await userEvent.click(saveButton());
  const notice = await screen.findByTestId('save-enabled');
  expect(notice.textContent).toContain('WEB and SEC are now enabled. Their existing issues get a category as they change');
  await userEvent.click(within(notice).getByRole('button', { name: 'Go to Bulk work' }));
  expect(screen.getByRole('tab', { name: 'Bulk work' }).getAttribute('aria-selected')).toBe('true');
  expect(within(screen.getByTestId('bulk')).getByRole('button', { name: 'Start reclassification' })).toBeTruthy();
  // On the Bulk work tab the notice no longer offers to go there.
  expect(within(screen.getByTestId('save-enabled')).queryByRole('button', { name: 'Go to Bulk work' })).toBeNull();

  // A save that enables nothing new (only a removal) says only that it saved.
  await openTab('Projects');
  await userEvent.click(screen.getByRole('button', { name: 'Remove SEC' }));
  await userEvent.click(saveButton());
  await waitFor(() => expect(host.invocationsOf('settings/save')).toHaveLength(2));
  await waitFor(() => expect(screen.queryByTestId('save-enabled')).toBeNull());
  expect(screen.getByTestId('save-status').textContent).toBe('Settings saved. New classifications use them now.');
});

it('shows the retention days on the global page, refuses days out of bounds beside the field, and saves them', async () => {
  await renderGlobal();
  host.answer('settings/save', () => saved(5));
  await openTab('Bulk work');
  expect(input('Keep override audit entries (days)').value).toBe('365');
  expect(input('Keep stored decisions (days)').value).toBe('180');
  expect(input('Keep sprint snapshots (days)').value).toBe('730');

  await replace('Keep override audit entries (days)', '5');
  await userEvent.click(saveButton());
  expect(screen.getByTestId('error-retention.auditDays').textContent).toBe('Keep audit entries at least 30 days.');
  expect(host.invocationsOf('settings/save')).toEqual([]);

  await replace('Keep override audit entries (days)', '90');
  await userEvent.click(saveButton());
  await waitFor(() => expect(host.invocationsOf('settings/save')).toHaveLength(1));
  expect(host.invocationsOf('settings/save')[0]).toMatchObject({ level: 'global', settings: { retention: { auditDays: 90, decisionDays: 180, snapshotDays: 730 } } });
});

it('refuses a project key that is not one, beside the field', async () => {
  await renderGlobal();
  await openTab('Projects');
  await replace('Project key to enable', '9lives');
  await userEvent.click(screen.getByRole('button', { name: 'Add project' }));
  expect(screen.getByTestId('error-enabledProjects').textContent).toBe('Enter a Jira project key such as OPS.');
  expect(within(screen.getByRole('list', { name: 'Enabled projects' })).queryByText('9LIVES')).toBeNull();
});

it('says someone else saved first on CONFLICT, and Reload reads the settings again', async () => {
  await renderGlobal();
  host.answer('settings/save', () => failure('CONFLICT', 'Someone else saved these settings first (revision 5). Reload to see their changes, then apply yours again.'));

  await userEvent.click(saveButton());
  const conflict = await screen.findByTestId('settings-conflict');
  expect(conflict.getAttribute('role')).toBe('alert');
  expect(within(conflict).getByRole('heading').textContent).toBe('Someone else saved first');
  expect(conflict.textContent).toContain('revision 5');

  host.answer('settings/get', () => success(globalView({ revision: 5, settings: { ...GLOBAL, band: { min: 0.1, max: 0.2 } } })));
  await userEvent.click(within(conflict).getByRole('button', { name: 'Reload settings' }));
  await waitFor(() => expect(input('Reserved band from (%)').value).toBe('10'));
  expect(host.invocationsOf('settings/get')).toHaveLength(2);
  expect(screen.queryByTestId('settings-conflict')).toBeNull();
});

it('puts the resolver’s INVALID_INPUT message beside the field it names', async () => {
  await renderGlobal();
  host.answer('settings/save', () =>
    failure('INVALID_INPUT', 'invalid config: rules.phrases.0.reason: Too small: expected string to have >=1 characters', {
      fields: [{ path: ['settings', 'rules', 'phrases', 0, 'reason'], code: 'TOO_SHORT', message: 'Too small: expected string to have >=1 characters' }],
    }),
  );
  await userEvent.click(saveButton());
  // The field is on the Rules tab: the page opens it and puts the focus on the field.
  expect((await screen.findByTestId('error-rules.phrases.0.reason')).textContent).toBe('This cannot be empty.');
  expect(screen.getByRole('tab', { name: 'Rules' }).getAttribute('aria-selected')).toBe('true');
  await waitFor(() => expect(document.activeElement).toBe(input('Reason shown', 0)));
});

it('names an unknown project key the resolver refused, on the Projects tab', async () => {
  await renderGlobal();
  host.answer('settings/save', () =>
    failure('INVALID_INPUT', 'invalid config: enabledProjects: Jira has no project NOPE that you can see.', {
      fields: [{ path: ['settings', 'enabledProjects', 1], code: 'NOT_ALLOWED', message: 'Jira has no project NOPE that you can see. Check the key, or remove it.' }],
    }),
  );
  await userEvent.click(saveButton());
  expect((await screen.findByTestId('error-enabledProjects')).textContent).toBe('Jira has no project NOPE that you can see. Check the key, or remove it.');
  expect(screen.getByRole('tab', { name: 'Projects' }).getAttribute('aria-selected')).toBe('true');
});

it('puts a band the resolver refuses as out of order beside the band’s first field, from the error’s fields alone', async () => {
  await renderGlobal();
  // The sentence names no field on purpose: the form reads only the fields' paths and codes, never the message text.
  host.answer('settings/save', () =>
    failure('INVALID_INPUT', 'The settings were refused.', { fields: [{ path: ['settings', 'band', 'min'], code: 'BAND_ORDER', message: 'min must not be greater than max' }] }),
  );
  await userEvent.click(saveButton());
  const error = await screen.findByTestId('error-band.min');
  expect(error.textContent).toBe('The band must not start above where it ends.');
  const min = input('Reserved band from (%)');
  expect(min.getAttribute('aria-invalid')).toBe('true');
  expect(min.getAttribute('aria-describedby')).toContain(error.id);
  expect(screen.getByTestId('save-invalid').textContent).toContain('One field needs a change');
});

it('is read-only for a person who cannot edit, says so, and never saves', async () => {
  await renderGlobal(globalView({ canEdit: false }));

  expect(screen.getByTestId('read-only').textContent).toContain('Only Jira administrators can change');
  expect(screen.queryByRole('button', { name: 'Save settings' })).toBeNull();
  expect(input('Reserved band from (%)').matches(':disabled')).toBe(true);
  expect(screen.queryByTestId('save-bar')).toBeNull();
  // Submitting the form anyway (Enter in a field) sends nothing.
  fireEvent.submit(screen.getByTestId('settings-form-band'));
  await openTab('Rules');
  expect(screen.getByRole('button', { name: 'Add phrase rule' }).matches(':disabled')).toBe(true);
  await new Promise((r) => setTimeout(r, 20));
  expect(host.invocationsOf('settings/save')).toEqual([]);
  // Bulk reclassification is for those who can edit the global settings.
  await openTab('Bulk work');
  expect(screen.queryByTestId('bulk')).toBeNull();
  expect(host.invocationsOf('settings/bulkStatus')).toEqual([]);
});

const PREVIEW: Preview = {
  issues: [
    { key: 'OPS-113', summary: 'Monthly security patching', category: 'KTLO', confidence: 0.93, reasons: ["routine patching: 'patching'"], before: 'KTLO' },
    { key: 'OPS-120', summary: 'Migrate billing to the new queue', category: 'PROJECT', confidence: 0.5, reasons: [], before: 'PROJECT' },
    { key: 'OPS-118', summary: 'Toil: rotate the on-call runbook', category: 'KTLO', confidence: 0.71, reasons: ["toil: 'toil'"], before: 'PROJECT' },
  ],
};

it('previews with the draft rules, not the saved ones, and shows each issue they change, before and after, with a link', async () => {
  await renderGlobal();
  host.answer('settings/preview', () => success(PREVIEW));
  await openTab('Rules');

  expect(input('JQL').value).toBe('');
  await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
  expect(screen.getByRole('alert').textContent).toContain('Enter a JQL query');
  expect(host.invocationsOf('settings/preview')).toEqual([]);

  await replace(/^Terms of ktlo-bucket$/, 'ktlo, toil');
  await userEvent.type(input('JQL'), 'project = OPS');
  await userEvent.click(screen.getByRole('button', { name: 'Preview' }));

  const table = await screen.findByTestId('preview-table');
  const [payload] = host.invocationsOf('settings/preview') as [{ jql: string; rules: Rules }];
  expect(payload.jql).toBe('project = OPS');
  expect(payload.rules.phrases[0]?.terms).toEqual(['ktlo', 'toil']);
  expect(payload.rules.size).toEqual(DEFAULT_GLOBAL_CONFIG.rules.size);
  expect(screen.getByTestId('preview-changes').textContent).toBe('1 of 3 issues change category with the rules on this page.');
  const rows = within(table).getAllByRole('row');
  // The issue the edit flips comes first, with what it was and a marker.
  expect(rows[1]?.getAttribute('data-testid')).toBe('preview-changed');
  expect(rows[1]?.textContent).toContain('OPS-118');
  expect(rows[1]?.textContent).toContain('Project work → KTLO');
  expect(rows[1]?.textContent).toContain('Changes');
  expect(rows[2]?.textContent).toContain('OPS-113');
  expect(rows[2]?.textContent).toContain('Monthly security patching');
  expect(rows[2]?.textContent).toContain('KTLO (unchanged)');
  expect(rows[2]?.textContent).toContain('High confidence (93%)');
  expect(rows[2]?.textContent).toContain("routine patching: 'patching'");
  expect(rows[3]?.textContent).toContain('Project work (unchanged)');
  expect(rows[3]?.textContent).toContain('No rule matched');
  expect(within(table).getByRole('link', { name: 'OPS-118' }).getAttribute('href')).toBe('/browse/OPS-118');
});

it('does not preview rules that do not pass the schema', async () => {
  await renderGlobal();
  host.answer('settings/preview', () => success(PREVIEW));
  await openTab('Rules');
  await replace(/^Terms of ktlo-bucket$/, '');
  await userEvent.type(input('JQL'), 'project = OPS');
  await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
  expect(screen.getByTestId('error-rules.phrases.0.terms').textContent).toBe('Add at least one term.');
  expect(host.invocationsOf('settings/preview')).toEqual([]);
});

it('asks before a bulk reclassification with how many issues would change, then shows its progress, first writes apart from changes, and resumes failed batches', async () => {
  await renderGlobal();
  const statuses = [job({ processed: 60, changed: 7 }), job({ state: 'failed', processed: 100, changed: 9, failedBatches: 1 })];
  host.answer('settings/bulkDryRun', () => success({ examined: 120, firstWrites: 30, changes: 2 }));
  host.answer('settings/startBulk', () => success(job()));
  host.answer('settings/bulkStatus', (payload) => success(payload['jobId'] ? (statuses.shift() ?? job({ state: 'done', processed: 120, firstWrites: 30, changed: 10 })) : null));
  host.answer('settings/resumeBulk', () => success(job({ processed: 100, changed: 9 })));
  await openTab('Bulk work');

  // Asking first: nothing starts until the admin confirms, and Cancel starts nothing.
  await userEvent.click(await screen.findByRole('button', { name: 'Start reclassification' }));
  const confirm = await screen.findByTestId('bulk-confirm');
  expect(within(confirm).getByRole('heading').textContent).toBe('Reclassify 120 issues?');
  expect(screen.getByTestId('bulk-dry-run').textContent).toBe(
    'With the saved rules, 2 issues of 120 would change category and 30 issues would get a category for the first time. Each of them is one write to Jira.',
  );
  await userEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
  expect(screen.queryByTestId('bulk-confirm')).toBeNull();
  expect(host.invocationsOf('settings/startBulk')).toEqual([]);
  await userEvent.click(screen.getByRole('button', { name: 'Start reclassification' }));
  await userEvent.click(within(await screen.findByTestId('bulk-confirm')).getByRole('button', { name: 'Reclassify now' }));
  expect(host.invocationsOf('settings/startBulk')).toEqual([{}]);
  const bar = await screen.findByRole('progressbar', { name: 'Reclassification progress' });
  expect(bar.getAttribute('aria-valuemax')).toBe('120');
  await waitFor(() => expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('60'));
  expect(screen.getByRole('progressbar').getAttribute('aria-valuetext')).toBe('60 of 120 issues processed');

  const resume = await screen.findByRole('button', { name: 'Resume failed batches' });
  expect(screen.getByTestId('bulk-failed').textContent).toBe('1 batch failed. Resume to retry it.');
  // Stopped: no more polling.
  const polls = host.invocationsOf('settings/bulkStatus').length;
  await new Promise((r) => setTimeout(r, 80));
  expect(host.invocationsOf('settings/bulkStatus')).toHaveLength(polls);

  await userEvent.click(resume);
  expect(host.invocationsOf('settings/resumeBulk')).toEqual([{ jobId: 'job-1' }]);
  await waitFor(() => expect(screen.getByTestId('bulk-state').textContent).toContain('Finished: 120 of 120 issues processed: 10 changed category, 30 classified for the first time.'));
  expect(host.invocationsOf('settings/bulkStatus').every((p, i) => (i === 0 ? p['jobId'] === undefined : p['jobId'] === 'job-1'))).toBe(true);
});

it('downloads the override audit as a CSV file', async () => {
  await renderGlobal();
  host.answer('settings/exportAudit', () => success({ filename: 'ktlo-lens-overrides.csv', csv: 'issue,category\nOPS-113,PROJECT\n' }));
  const blobs: Blob[] = [];
  const downloads: string[] = [];
  const created = Object.assign(URL, {
    createObjectURL: (blob: Blob) => {
      blobs.push(blob);
      return 'blob:audit';
    },
    revokeObjectURL: () => undefined,
  });
  const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push(`${this.download} ${this.href}`);
  });
  try {
    await openTab('Bulk work');
    await userEvent.click(screen.getByRole('button', { name: 'Download override audit (CSV)' }));
    expect(await screen.findByText('Downloaded ktlo-lens-overrides.csv.')).toBeTruthy();
    expect(host.invocationsOf('settings/exportAudit')).toEqual([{}]);
    expect(downloads).toEqual(['ktlo-lens-overrides.csv blob:audit']);
    expect(blobs[0]?.type).toBe('text/csv;charset=utf-8');
    expect(blobs[0]?.size).toBe('issue,category\nOPS-113,PROJECT\n'.length);
    expect(created).toBe(URL);
  } finally {
    click.mockRestore();
  }
});

it('on a project settings page: inherited sections follow the global settings, and only overrides are saved', async () => {
  host.context = PROJECT_SETTINGS_PAGE;
  host.answer('settings/get', (payload) =>
    success(
      payload['level'] === 'project'
        ? { level: 'project', revision: 2, savedBy: null, savedAt: null, settings: { band: { min: 0.1, max: 0.2 } }, canEdit: true, overriddenBelow: [] }
        : globalView({ canEdit: false }),
    ),
  );
  host.answer('settings/save', () => saved(3));
  render(<SettingsPage bulkPollMs={20} />);
  await screen.findByTestId('settings-form');

  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('KTLO Lens settings for OPS');
  expect(host.invocationsOf('settings/get')).toEqual([{ level: 'project' }, { level: 'global' }]);
  expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Band and capacity', 'Rules', 'Label mapping', 'Bulk work']);
  expect(input('Reserved band from (%)').value).toBe('10');
  expect(input('Reserved band from (%)').matches(':disabled')).toBe(false);
  expect((screen.getByLabelText('Reserved KTLO band: use the global setting') as HTMLInputElement).checked).toBe(false);
  // A section that follows the global settings is switched off, and looks it: its fields are disabled, not merely ignored.
  expect(input('Flag decisions below this confidence (%)').disabled).toBe(true);
  await openTab('Rules');
  const inheritRules = screen.getByLabelText('Classification rules: use the global setting') as HTMLInputElement;
  expect(inheritRules.checked).toBe(true);
  expect(input(/^Terms of ktlo-bucket$/).disabled).toBe(true);
  expect(input('JQL').value).toBe('project = OPS ORDER BY created DESC');
  await openTab('Label mapping');
  expect(input('Label 1').disabled).toBe(true);
  await openTab('Bulk work');
  expect(screen.queryByTestId('bulk')).toBeNull();

  // Override the default category, let the band follow the global settings again.
  await openTab('Rules');
  await userEvent.click(screen.getByLabelText('Default category: use the global setting'));
  await pickOption(userEvent.setup(), 'When no rule decides, an issue is', 'KTLO');
  await openTab('Band and capacity');
  await userEvent.click(screen.getByLabelText('Reserved KTLO band: use the global setting'));
  expect(input('Reserved band from (%)').value).toBe('20');
  expect(input('Reserved band from (%)').disabled).toBe(true);
  await userEvent.click(saveButton('Save project settings'));

  await screen.findByTestId('save-status');
  expect(host.invocationsOf('settings/save')).toEqual([{ level: 'project', expectedRevision: 2, settings: { defaultCategory: 'KTLO' } }]);
});

it('names, beside each section, the projects and boards below that set their own value, so a change here will not reach them', async () => {
  await renderGlobal(
    globalView({
      overriddenBelow: [
        { field: 'band', projects: ['WEB'], boards: [{ id: 1, name: 'OPS board' }, { id: 7, name: null }] },
        { field: 'estimationBasis', projects: [], boards: [{ id: 1, name: 'OPS board' }] },
      ],
    }),
  );
  expect(screen.getByTestId('overridden-below-band').textContent).toBe('Project WEB, board “OPS board” and board 7 set their own reserved KTLO band, so a change here does not reach them.');
  expect(screen.getByTestId('overridden-below-estimationBasis').textContent).toBe('Board “OPS board” sets its own estimation basis, so a change here does not reach it.');
  // A section nobody below overrides says nothing of it.
  expect(screen.queryByTestId('overridden-below-lowConfidenceThreshold')).toBeNull();
  await openTab('Rules');
  expect(screen.queryByTestId('overridden-below-rules')).toBeNull();
});

it('shows the resolver’s refusal when the settings cannot be read, without a Retry that cannot help', async () => {
  host.context = PROJECT_SETTINGS_PAGE;
  host.answer('settings/get', () => failure('FORBIDDEN', 'Only administrators of project OPS can change its KTLO settings.'));
  render(<SettingsPage />);
  const error = await screen.findByTestId('error-message');
  expect(error.textContent).toContain('You do not have permission to do this.');
  expect(error.textContent).toContain('Only administrators of project OPS');
  expect(within(error).queryByRole('button', { name: 'Retry' })).toBeNull();
  expect(host.invocationsOf('settings/save')).toEqual([]);
});

it("shows admins the Jira points spent this hour and today by purpose, the budget, and the wall while it holds", async () => {
  await renderGlobal(globalView(), ADMIN_PAGE, null, usage({ wallClearsAt: '2026-12-01T11:00:00.000Z' }));
  await openTab('Bulk work');
  const table = await screen.findByRole('table', { name: 'Points by purpose' });
  const row = (name: string) => within(table).getByText(name).closest('tr')?.textContent;
  expect(row('Views (people opening the app)')).toBe('Views (people opening the app)28120');
  expect(row('Bulk reclassification')).toBe('Bulk reclassification0520');
  expect(screen.getByTestId('points-hour').textContent).toBe('40');
  expect(screen.getByTestId('points-today').textContent).toBe('640');
  expect(screen.getByTestId('points-budget').textContent).toBe('Background work today: 520 of 3000 points.');
  expect(screen.getByTestId('points-quota').textContent).toContain('Enforced by Jira: 65000 points an hour');
  expect(screen.getByTestId('points-wall').textContent).toContain('resumes by itself after');
  expect(input('Points background work may spend per day').value).toBe('3000');
});

it('keeps the Save bar with the page, says when changes are not saved, discards them, and guards leaving the page', async () => {
  await renderGlobal();
  host.answer('settings/save', () => saved(5));
  expect(screen.getByTestId('save-bar').style.position).toBe('sticky');
  expect(screen.getByTestId('unsaved').textContent).toBe('No unsaved changes.');
  const leaving = () => {
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  };
  expect(leaving()).toBe(false);

  await replace('Reserved band from (%)', '22');
  expect(screen.getByTestId('unsaved').textContent).toBe('You have changes that are not saved yet.');
  expect(leaving()).toBe(true);
  // While there is something to save, the controls also sit above the tabs (a frame Jira grows to its content never
  // scrolls, so nothing in it sticks): the same line and buttons, on every tab.
  const top = screen.getByTestId('save-bar-top');
  expect(top.style.position).toBe('');
  expect(within(top).getByTestId('unsaved-top').textContent).toBe('You have changes that are not saved yet.');
  await openTab('Rules');
  expect(screen.getByTestId('save-bar-top')).toBe(top);
  await userEvent.click(within(top).getByRole('button', { name: 'Discard changes' }));
  expect(screen.queryByTestId('save-bar-top')).toBeNull();
  await openTab('Band and capacity');
  expect(input('Reserved band from (%)').value).toBe('20');
  expect(leaving()).toBe(false);

  await replace('Reserved band from (%)', '22');
  await userEvent.click(within(screen.getByTestId('save-bar-top')).getByRole('button', { name: 'Save settings' }));
  await screen.findByTestId('save-status');
  expect(screen.getByTestId('unsaved').textContent).toBe('No unsaved changes.');
  expect(screen.queryByTestId('save-bar-top')).toBeNull();
  expect(leaving()).toBe(false);
});

describe('names, as the viewer may see them', () => {
  let jira: JiraServer;
  beforeAll(async () => {
    jira = await startJiraServer();
  });
  afterAll(() => jira.close());

  it('names who saved last, and says so after a first save instead of "the defaults apply"', async () => {
    host.serveJira(jira);
    await renderGlobal(globalView({ revision: 0, savedAt: null, savedBy: null }), { ...ADMIN_PAGE, accountId: ADMIN_ACCOUNT_ID });
    host.answer('settings/save', () => success({ revision: 1, savedAt: '2026-12-01T12:00:00.000Z', savedBy: ADMIN_ACCOUNT_ID }));
    expect(screen.getByTestId('last-saved').textContent).toBe('Not saved yet: the defaults apply.');
    await replace('Reserved band to (%)', '35');
    await userEvent.click(saveButton());
    await waitFor(() => expect(screen.getByTestId('last-saved').textContent).toBe('Last saved 1 Dec 2026, 12:00 by Ana Admin.'));
    // One bulk lookup, as the viewer.
    expect(host.productRequests.map((r) => [r.method, r.path, r.accountId, r.status])).toEqual([
      ['GET', '/rest/api/3/user/bulk', ADMIN_ACCOUNT_ID, 200],
    ]);
  });

  it('says "someone" for an account Jira does not show the viewer, never its id', async () => {
    host.serveJira(jira);
    await renderGlobal(globalView({ savedBy: '557058:f0a1b2c3-deleted' }), { ...ADMIN_PAGE, accountId: ADMIN_ACCOUNT_ID });
    await waitFor(() => expect(screen.getByTestId('last-saved').textContent).toMatch(/ by someone\.$/));
    expect(screen.getByTestId('last-saved').textContent).not.toContain('557058:f0a1b2c3-deleted');
  });
});
