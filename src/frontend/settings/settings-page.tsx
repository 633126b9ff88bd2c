import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { useCallback, useEffect, useId, useState, type CSSProperties, type FormEvent, type ReactNode } from 'react';
import type { ErrorCode } from '../../contracts/envelope';
import type { SettingsView } from '../../contracts/resolvers';
import { parseGlobalConfig, parseProjectConfig, type EstimationBasis, type GlobalConfig, type ProjectConfig } from '../../domain/config';
import { getSettings, saveSettings, type SettingsLevel } from '../api/settings';
import { getViewContext, type ViewContext } from '../api/view';
import { formatWhen, listed } from '../shared/format';
import { Notice } from '../shared/notice';
import { ErrorMessage, Loading } from '../shared/states';
import { AuditExport } from './audit-export';
import { BulkReclassification } from './bulk-reclassification';
import { PersonName } from '../shared/person-name';
import { FieldError, Group, SelectField, TextField, inputId, inputStyle, labelStyle } from './fields';
import { OverriddenBelow } from './overridden-below';
import { PointsUsage } from './points-usage';
import { PreviewPanel } from './preview-panel';
import { CATEGORY_OPTIONS, MappingsEditor, PhraseRulesEditor } from './rules-editor';
import {
  copySection,
  draftOf,
  draftRules,
  errorsFromProblems,
  toGlobalConfig,
  toProjectConfig,
  type Draft,
  type FieldErrors,
  type Section,
} from './settings-form';

/**
 * Settings, one surface for two modules: the admin page (`jira:adminPage`, useAsConfig) edits the global settings, the
 * project settings page (`jira:projectSettingsPage`, its context names the project) a project's overrides, each
 * section either following the global settings or set for the project.
 */

interface Loaded {
  level: SettingsLevel;
  view: SettingsView;
  global: GlobalConfig;
  /** The project's own settings (project level only). */
  project: ProjectConfig | null;
  context: ViewContext;
}

type PageState = { status: 'loading' } | { status: 'failed'; error: { code: ErrorCode; message: string } } | { status: 'ready'; loaded: Loaded };

async function loadSettings(): Promise<PageState> {
  const context = await getViewContext();
  const level: SettingsLevel = context.projectKey ? 'project' : 'global';
  // The project page shows what each section inherits, so it reads the global settings too.
  const [own, global] = await Promise.all([getSettings(level), level === 'project' ? getSettings('global') : null]);
  if (!own.ok) return { status: 'failed', error: own.error };
  const globalView = global ?? own;
  if (!globalView.ok) return { status: 'failed', error: globalView.error };
  const globalConfig = parseGlobalConfig(globalView.data.settings);
  if (!globalConfig.ok) return { status: 'failed', error: { code: 'INTERNAL', message: `The stored global settings are not readable (${globalConfig.error}).` } };
  let project: ProjectConfig | null = null;
  if (level === 'project') {
    const parsed = parseProjectConfig(own.data.settings ?? {});
    if (!parsed.ok) return { status: 'failed', error: { code: 'INTERNAL', message: `The stored project settings are not readable (${parsed.error}).` } };
    project = parsed.value;
  }
  return { status: 'ready', loaded: { level, view: own.data, global: globalConfig.value, project, context } };
}

export interface SettingsPageProps {
  /** How often a running bulk reclassification's progress is read (tests shorten it). */
  bulkPollMs?: number;
}

export function SettingsPage({ bulkPollMs }: SettingsPageProps) {
  const [state, setState] = useState<PageState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    void loadSettings().then((next) => {
      setState(next);
      setGeneration((g) => g + 1);
    });
  }, []);

  useEffect(() => {
    reload();
  }, [reload]);

  return (
    <main aria-label="KTLO Lens settings">
      <Box padding="space.200">
        <Stack space="space.300">
          {state.status === 'loading' ? <Loading label="Loading KTLO Lens settings…" /> : null}
          {state.status === 'failed' ? <ErrorMessage error={state.error} onRetry={reload} /> : null}
          {state.status === 'ready' ? <SettingsScreen key={generation} loaded={state.loaded} onReload={reload} bulkPollMs={bulkPollMs} /> : null}
        </Stack>
      </Box>
    </main>
  );
}

type SaveState =
  | { status: 'idle' }
  | { status: 'saving' }
  /** `enabled`: the projects this save turned on, whose existing issues stay unclassified until they change or are reclassified. */
  | { status: 'saved'; message: string; enabled: string[] }
  | { status: 'invalid'; rest: string[] }
  | { status: 'failed'; error: { code: ErrorCode; message: string } };

const ESTIMATION_OPTIONS: readonly { value: EstimationBasis; label: string }[] = [
  { value: 'board', label: 'As the board estimates' },
  { value: 'storyPoints', label: 'Story points' },
  { value: 'originalEstimate', label: 'Original estimate (time)' },
  { value: 'issueCount', label: 'Issue count' },
];

const SECTION_LEGENDS: Record<Section, string> = {
  band: 'Reserved KTLO band',
  estimationBasis: 'Estimation basis',
  defaultCategory: 'Default category',
  lowConfidenceThreshold: 'Low-confidence threshold',
  explicitLabels: 'Explicit labels',
  rules: 'Classification rules',
};

const RETENTION_FIELDS: readonly { key: keyof Draft['retention']; label: string; hint: string }[] = [
  { key: 'auditDays', label: 'Keep override audit entries (days)', hint: 'Also how long older settings revisions and bulk runs are kept.' },
  { key: 'decisionDays', label: 'Keep stored decisions (days)', hint: 'After the issue was last classified; the Work category field keeps its value.' },
  { key: 'snapshotDays', label: 'Keep sprint snapshots (days)', hint: 'After the sprint ended.' },
];

/** The page's sections, each a tab; a field's errors open the tab it is on. */
type TabName = 'band' | 'projects' | 'rules' | 'labels' | 'bulk';

const TAB_TITLES: Record<TabName, string> = {
  band: 'Band and capacity',
  projects: 'Projects',
  rules: 'Rules',
  labels: 'Label mapping',
  bulk: 'Bulk work',
};

/** The tab a document path ("rules.labels.2.weight") is edited on. */
export function tabOf(path: string): TabName {
  if (/^(band|estimationBasis|lowConfidenceThreshold)(\.|$)/.test(path)) return 'band';
  if (/^enabledProjects(\.|$)/.test(path)) return 'projects';
  if (/^(explicitLabels|rules\.(labels|issueTypes|components))(\.|$)/.test(path)) return 'labels';
  if (/^(retention|backgroundPointsPerDay)(\.|$)/.test(path)) return 'bulk';
  return 'rules';
}

function sameDraft(a: Draft, b: Draft): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function SettingsScreen({ loaded, onReload, bulkPollMs }: { loaded: Loaded; onReload: () => void; bulkPollMs?: number }) {
  const { level, view, global, project, context } = loaded;
  const tabsId = useId();
  const globalDraft = draftOf(global, null);
  const [savedDraft, setSavedDraft] = useState<Draft>(() => draftOf(global, project));
  const [draft, setDraft] = useState<Draft>(savedDraft);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [revision, setRevision] = useState(view.revision);
  const [lastSave, setLastSave] = useState({ at: view.savedAt, by: view.savedBy });
  const [save, setSave] = useState<SaveState>({ status: 'idle' });
  const [newProject, setNewProject] = useState('');
  const tabs: TabName[] = level === 'global' ? ['band', 'projects', 'rules', 'labels', 'bulk'] : ['band', 'rules', 'labels', 'bulk'];
  const [tab, setTab] = useState(0);
  const [focusAfterTab, setFocusAfterTab] = useState<string | null>(null);
  const readOnly = !view.canEdit;
  const dirty = !readOnly && !sameDraft(draft, savedDraft);

  // Leaving the page (closing it, or Jira navigating away) with changes not saved asks first.
  useEffect(() => {
    if (!dirty) return undefined;
    const guard = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', guard);
    return () => window.removeEventListener('beforeunload', guard);
  }, [dirty]);

  useEffect(() => {
    if (focusAfterTab === null) return;
    document.getElementById(inputId(focusAfterTab))?.focus();
    setFocusAfterTab(null);
  }, [focusAfterTab, tab]);

  const change = (update: (d: Draft) => Draft) => setDraft(update);

  const check = (d: Draft) => (level === 'global' ? toGlobalConfig(d, global) : toProjectConfig(d, project?.rules ?? global.rules));

  const showErrors = (next: FieldErrors) => {
    setErrors(next);
    const first = Object.keys(next)[0];
    if (!first) return;
    const at = tabs.indexOf(tabOf(first));
    if (at >= 0) setTab(at);
    setFocusAfterTab(first === 'enabledProjects' ? 'enabledProjects-new' : first);
  };

  const submit = async (event?: FormEvent): Promise<void> => {
    event?.preventDefault();
    // A person who may not change the settings gets no Save button; nothing is ever sent for them.
    if (readOnly) return;
    const checked = check(draft);
    if (!checked.ok) {
      setSave({ status: 'invalid', rest: [] });
      showErrors(checked.errors);
      return;
    }
    setErrors({});
    setSave({ status: 'saving' });
    const sent = draft;
    const answer = await saveSettings(level, revision, checked.value);
    if (answer.ok) {
      setRevision(answer.data.revision);
      setLastSave({ at: answer.data.savedAt, by: answer.data.savedBy });
      const enabled = level === 'global' ? sent.enabledProjects.filter((key) => !savedDraft.enabledProjects.includes(key)) : [];
      setSavedDraft(sent);
      setSave({ status: 'saved', message: level === 'global' ? 'Settings saved. New classifications use them now.' : 'Project settings saved. New classifications in this project use them now.', enabled });
      return;
    }
    if (answer.error.code === 'INVALID_INPUT') {
      const { fields, rest } = errorsFromProblems(answer.error.fields ?? []);
      if (Object.keys(fields).length > 0) {
        setSave({ status: 'invalid', rest });
        showErrors(fields);
        return;
      }
    }
    setSave({ status: 'failed', error: answer.error });
  };

  const discard = () => {
    setDraft(savedDraft);
    setErrors({});
    setSave({ status: 'idle' });
  };

  const toggleInherit = (section: Section, inherit: boolean) =>
    setDraft((d) => {
      const copied = inherit ? copySection(d, globalDraft, section) : d;
      return { ...copied, inherit: { ...copied.inherit, [section]: inherit } };
    });

  const addProject = () => {
    const key = newProject.trim().toUpperCase();
    if (!/^[A-Z][A-Z0-9_]*$/.test(key)) {
      setErrors((e) => ({ ...e, enabledProjects: 'Enter a Jira project key such as OPS.' }));
      return;
    }
    setErrors(({ enabledProjects: _drop, ...rest }) => rest);
    if (!draft.enabledProjects.includes(key)) setDraft((d) => ({ ...d, enabledProjects: [...d.enabledProjects, key] }));
    setNewProject('');
  };

  const section = (name: Section, body: ReactNode) => {
    const inherited = level === 'project' && draft.inherit[name];
    return (
      <div key={name} data-testid={`section-${name}`}>
        {level === 'project' ? (
          <label style={{ display: 'flex', gap: token('space.100'), alignItems: 'center', marginBottom: token('space.050') }}>
            <input type="checkbox" checked={draft.inherit[name]} onChange={(e) => toggleInherit(name, e.target.checked)} disabled={readOnly} />
            {`${SECTION_LEGENDS[name]}: use the global setting`}
          </label>
        ) : null}
        <Group legend={SECTION_LEGENDS[name]} disabled={readOnly || inherited}>
          {inherited ? <Text color="color.text.subtle">Follows the global settings.</Text> : null}
          <OverriddenBelow overrides={view.overriddenBelow.find((o) => o.field === name)} what={`${SECTION_LEGENDS[name].charAt(0).toLowerCase()}${SECTION_LEGENDS[name].slice(1)}`} />
          {body}
        </Group>
      </div>
    );
  };

  const title = level === 'global' ? 'KTLO Lens settings' : `KTLO Lens settings for ${context.projectKey ?? 'this project'}`;

  /** Each tab's fields are a form of their own (Enter saves, as the save bar does): a form cannot hold the preview's. */
  const fields = (name: TabName, body: ReactNode) => (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label={`${TAB_TITLES[name]}: ${title}`} data-testid={`settings-form-${name}`}>
      <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack space="space.250">{body}</Stack>
      </fieldset>
    </form>
  );

  const panels: Record<TabName, ReactNode> = {
    band: fields(
      'band',
      <>
        {section(
          'band',
          <Inline space="space.200" shouldWrap alignBlock="start">
            <TextField path="band.min" label="Reserved band from (%)" value={draft.bandMin} error={errors['band.min']} onChange={(v) => change((d) => ({ ...d, bandMin: v }))} inputMode="decimal" />
            <TextField path="band.max" label="Reserved band to (%)" value={draft.bandMax} error={errors['band.max']} onChange={(v) => change((d) => ({ ...d, bandMax: v }))} inputMode="decimal" />
          </Inline>,
        )}
        {section(
          'estimationBasis',
          <SelectField path="estimationBasis" label="Measure capacity in" value={draft.estimationBasis} options={ESTIMATION_OPTIONS} onChange={(v) => change((d) => ({ ...d, estimationBasis: v }))} error={errors['estimationBasis']} />,
        )}
        {section(
          'lowConfidenceThreshold',
          <TextField
            path="lowConfidenceThreshold"
            label="Flag decisions below this confidence (%)"
            value={draft.lowConfidence}
            error={errors['lowConfidenceThreshold']}
            onChange={(v) => change((d) => ({ ...d, lowConfidence: v }))}
            inputMode="decimal"
          />,
        )}
      </>,
    ),
    projects: fields(
      'projects',
      <Group legend="Enabled projects" disabled={readOnly}>
        <Text color="color.text.subtle">KTLO Lens classifies and writes only to the projects listed here. Each key is checked with Jira when you save. A newly enabled project's issues are classified as they change; to classify its existing issues at once, save, then use Reclassify existing issues on the Bulk work tab.</Text>
        {draft.enabledProjects.length === 0 ? <p style={{ margin: 0 }}>No project is enabled yet.</p> : null}
        <ul style={{ margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: token('space.050') }} aria-label="Enabled projects">
          {draft.enabledProjects.map((key) => (
            <li key={key}>
              <Inline space="space.100" alignBlock="center">
                <span style={{ font: token('font.body'), minWidth: '6rem' }}>{key}</span>
                <Button spacing="compact" appearance="subtle" onClick={() => setDraft((d) => ({ ...d, enabledProjects: d.enabledProjects.filter((k) => k !== key) }))}>
                  {`Remove ${key}`}
                </Button>
              </Inline>
            </li>
          ))}
        </ul>
        <Inline space="space.100" alignBlock="end">
          <div>
            <label htmlFor={inputId('enabledProjects-new')} style={labelStyle}>
              Project key to enable
            </label>
            <input
              id={inputId('enabledProjects-new')}
              type="text"
              value={newProject}
              onChange={(e) => setNewProject(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  addProject();
                }
              }}
              aria-invalid={errors['enabledProjects'] ? true : undefined}
              aria-describedby={errors['enabledProjects'] ? `${inputId('enabledProjects')}-error` : undefined}
              style={inputStyle(Boolean(errors['enabledProjects']), '8rem', readOnly)}
            />
          </div>
          <Button onClick={addProject}>Add project</Button>
        </Inline>
        <FieldError path="enabledProjects" error={errors['enabledProjects']} />
      </Group>,
    ),
    rules: (
      <Stack space="space.300">
        {fields(
          'rules',
          <>
            {section(
              'defaultCategory',
              <SelectField path="defaultCategory" label="When no rule decides, an issue is" value={draft.defaultCategory} options={CATEGORY_OPTIONS} onChange={(v) => change((d) => ({ ...d, defaultCategory: v }))} error={errors['defaultCategory']} />,
            )}
            {section('rules', <PhraseRulesEditor draft={draft} errors={errors} onChange={change} />)}
          </>,
        )}
        <PreviewPanel
          projectKey={context.projectKey}
          rules={() => {
            const checked = draftRules(draft, project?.rules ?? global.rules);
            if (!checked.ok) showErrors(checked.errors);
            return checked;
          }}
        />
      </Stack>
    ),
    labels: fields(
      'labels',
      <>
        {section(
          'explicitLabels',
          <>
            <TextField
              path="explicitLabels.KTLO"
              label="Labels that make an issue KTLO"
              hint="Separated by commas. A label decides the category outright."
              value={draft.labelsKTLO}
              error={errors['explicitLabels.KTLO']}
              onChange={(v) => change((d) => ({ ...d, labelsKTLO: v }))}
              width="100%"
              multiline
            />
            <TextField
              path="explicitLabels.PROJECT"
              label="Labels that make an issue project work"
              value={draft.labelsPROJECT}
              error={errors['explicitLabels.PROJECT']}
              onChange={(v) => change((d) => ({ ...d, labelsPROJECT: v }))}
              width="100%"
              multiline
            />
          </>,
        )}
        {/* The mappings are part of the project's classification rules: they follow the Rules tab's choice. */}
        <Group legend="Label, issue type and component mappings" disabled={readOnly || (level === 'project' && draft.inherit.rules)}>
          {level === 'project' && draft.inherit.rules ? <Text color="color.text.subtle">Part of the classification rules, which follow the global settings (see Rules).</Text> : null}
          <MappingsEditor draft={draft} errors={errors} onChange={change} />
        </Group>
      </>,
    ),
    bulk: (
      <Stack space="space.300">
        {level === 'global'
          ? fields(
              'bulk',
              <>
                <Group legend="Jira points budget" disabled={readOnly}>
                  <TextField
                    path="backgroundPointsPerDay"
                    label="Points background work may spend per day"
                    hint="Snapshots, backfill, bulk reclassification and the daily run. Past it, they wait for the next daily run."
                    value={draft.backgroundPointsPerDay}
                    error={errors['backgroundPointsPerDay']}
                    onChange={(v) => change((d) => ({ ...d, backgroundPointsPerDay: v }))}
                    inputMode="decimal"
                  />
                </Group>
                <Group legend="Data retention" disabled={readOnly}>
                  <Text color="color.text.subtle">
                    The daily run deletes what is older. Uninstalling the app leaves its data with Forge for 28 days, then it is deleted.
                  </Text>
                  <Inline space="space.200" shouldWrap alignBlock="start">
                    {RETENTION_FIELDS.map(({ key, label, hint }) => (
                      <TextField
                        key={key}
                        path={`retention.${key}`}
                        label={label}
                        hint={hint}
                        value={draft.retention[key]}
                        error={errors[`retention.${key}`]}
                        onChange={(v) => change((d) => ({ ...d, retention: { ...d.retention, [key]: v } }))}
                        inputMode="numeric"
                      />
                    ))}
                  </Inline>
                </Group>
              </>,
            )
          : null}
        {level === 'global' && view.canEdit ? <BulkReclassification pollMs={bulkPollMs} locale={context.locale} timeZone={context.timeZone} unsaved={dirty} /> : null}
        {level === 'global' && view.canEdit ? <PointsUsage locale={context.locale} timeZone={context.timeZone} /> : null}
        <AuditExport projectKey={level === 'project' ? context.projectKey : null} />
      </Stack>
    ),
  };

  // The same controls at the foot of the page and, while there is something to save, above the tabs (see saveBarStyle).
  const saveControls = (lineId: string) => (
    <Inline space="space.100" alignBlock="center" spread="space-between" shouldWrap>
      <span data-testid={lineId} aria-live={lineId === 'unsaved' ? 'polite' : undefined} style={{ font: token('font.body'), color: dirty ? token('color.text.warning') : token('color.text.subtle') }}>
        {dirty ? 'You have changes that are not saved yet.' : 'No unsaved changes.'}
      </span>
      <Inline space="space.100">
        <Button onClick={discard} isDisabled={!dirty || save.status === 'saving'}>
          Discard changes
        </Button>
        <Button appearance="primary" onClick={() => void submit()} isLoading={save.status === 'saving'}>
          {level === 'global' ? 'Save settings' : 'Save project settings'}
        </Button>
      </Inline>
    </Inline>
  );

  return (
    <Stack space="space.300">
      <Stack space="space.100">
        <Heading size="medium" as="h1">
          {title}
        </Heading>
        <Text color="color.text.subtle">
          {level === 'global'
            ? 'These settings apply to every enabled project unless a project sets its own.'
            : 'Each section follows the global settings unless you set it for this project.'}{' '}
          <span data-testid="last-saved">
            {lastSave.at ? (
              <>
                {`Last saved ${formatWhen(lastSave.at, context.locale, context.timeZone)}`}
                {lastSave.by ? (
                  <>
                    {' by '}
                    <PersonName accountId={lastSave.by} />
                  </>
                ) : null}
                .
              </>
            ) : (
              'Not saved yet: the defaults apply.'
            )}
          </span>
        </Text>
      </Stack>

      {readOnly ? (
        <Notice appearance="information" title="You can view these settings, but not change them" testId="read-only">
          Only Jira administrators can change the global KTLO Lens settings. Ask one of them to make the change.
        </Notice>
      ) : null}

      {readOnly || !dirty ? null : (
        <div data-testid="save-bar-top" role="region" aria-label="Unsaved settings" style={{ ...saveBarStyle, borderBottom: `${token('border.width')} solid ${token('color.border')}` }}>
          {saveControls('unsaved-top')}
        </div>
      )}

      <div data-testid="settings-form">
        <Tabs id={tabsId} selected={tab} onChange={setTab}>
          <TabList>
            {tabs.map((name) => (
              <Tab key={name} testId={`tab-${name}`}>
                {TAB_TITLES[name]}
              </Tab>
            ))}
          </TabList>
          {tabs.map((name) => (
            <TabPanel key={name} testId={`panel-${name}`}>
              <div style={{ paddingTop: token('space.200'), width: '100%' }}>{panels[name]}</div>
            </TabPanel>
          ))}
        </Tabs>
      </div>

      {readOnly ? null : (
        <div data-testid="save-bar" role="region" aria-label="Save settings" style={{ ...saveBarStyle, position: 'sticky', bottom: 0, borderTop: `${token('border.width')} solid ${token('color.border')}` }}>
          <Stack space="space.100">
            <SaveFeedback save={save} errorCount={Object.keys(errors).length} onReload={onReload} onBulkWork={tabs[tab] === 'bulk' ? null : () => setTab(tabs.indexOf('bulk'))} />
            {saveControls('unsaved')}
          </Stack>
        </div>
      )}
    </Stack>
  );
}

/**
 * The save bars. In a frame that scrolls (a fixed-height frame, the local host), the bar at the foot sticks to the
 * bottom of the view. Jira may instead grow a Custom UI frame to its content: then the frame never scrolls, Jira's page
 * does, and nothing inside the frame can stick (the bridge does not tell a frame where Jira's page is scrolled to). So
 * as soon as there is something to save, a second bar sits above the tabs, where every tab starts: on the long Rules
 * tab, Save is at hand at its top and at its foot. That one does not stick, so a frame that scrolls shows one bar.
 */
const saveBarStyle: CSSProperties = {
  zIndex: 1,
  backgroundColor: token('elevation.surface.raised'),
  boxShadow: token('elevation.shadow.overflow'),
  padding: token('space.150'),
};

function SaveFeedback({ save, errorCount, onReload, onBulkWork }: { save: SaveState; errorCount: number; onReload: () => void; onBulkWork: (() => void) | null }) {
  switch (save.status) {
    case 'saved':
      return (
        <div role="status" data-testid="save-status">
          {save.enabled.length === 0 ? (
            <Notice appearance="information" title={save.message} headingLevel="h2" />
          ) : (
            <Notice appearance="information" title={save.message} headingLevel="h2" actions={onBulkWork ? [{ label: 'Go to Bulk work', onClick: onBulkWork }] : []} testId="save-enabled">
              <p style={{ margin: 0 }}>
                {`${listed(save.enabled)} ${save.enabled.length === 1 ? 'is' : 'are'} now enabled. ${save.enabled.length === 1 ? 'Its' : 'Their'} existing issues get a category as they change; to classify them all now, use Reclassify existing issues on the Bulk work tab, which first says how many issues it would write.`}
              </p>
            </Notice>
          )}
        </div>
      );
    case 'invalid':
      return (
        <Notice appearance="error" role="alert" title="Nothing was saved" testId="save-invalid">
          <p style={{ margin: 0 }}>
            {errorCount === 1 ? 'One field needs a change: see the message beside it.' : `${errorCount} fields need a change: see the messages beside them.`}
          </p>
          {save.rest.map((r) => (
            <p key={r} style={{ margin: 0 }}>
              {r}
            </p>
          ))}
        </Notice>
      );
    case 'failed':
      return save.error.code === 'CONFLICT' ? (
        <Notice appearance="warning" role="alert" title="Someone else saved first" actions={[{ label: 'Reload settings', onClick: onReload }]} testId="settings-conflict">
          <p style={{ margin: 0 }}>{save.error.message}</p>
          <p style={{ margin: 0 }}>Your changes on this page were not saved. Reload to see theirs, then make yours again.</p>
        </Notice>
      ) : (
        <ErrorMessage error={save.error} headingLevel="h2" />
      );
    default:
      return null;
  }
}
