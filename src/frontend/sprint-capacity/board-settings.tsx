import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { useId, useState, type FormEvent } from 'react';
import type { ErrorCode } from '../../contracts/envelope';
import type { SettingsView } from '../../contracts/resolvers';
import { boardConfigSchema, type BoardConfig, type SettingLevel } from '../../domain/config';
import { problemsOf, type FieldProblem } from '../../domain/problems';
import { saveBoardSettings } from '../api/capacity';
import { BOARD_SETTINGS_ID, LevelLink } from '../shared/level-link';
import { ErrorMessage } from '../shared/states';
import { levelWords } from './capacity-format';

/** The form's fields; the paths `band.min` and friends of a resolver's or the schema's problems map onto them. */
type Field = 'bandMin' | 'bandMax' | 'teamCapacity' | 'wipLimit';
/**
 * The board's own settings, each set or inherited on its own: a board inherits every field until it is set, saving
 * one field pins nothing else, and each field can go back to inheriting.
 */
export type Setting = 'band' | 'teamCapacity' | 'wipLimit';
const SETTINGS: readonly Setting[] = ['band', 'teamCapacity', 'wipLimit'];
const SETTING_OF: Record<Field, Setting> = { bandMin: 'band', bandMax: 'band', teamCapacity: 'teamCapacity', wipLimit: 'wipLimit' };
const SETTING_NAMES: Record<Setting, string> = { band: 'band', teamCapacity: 'team capacity', wipLimit: 'WIP limit' };
type FieldErrors = Partial<Record<Field, string>>;
type Values = Record<Field, string>;

const LABELS: Record<Field, string> = {
  bandMin: 'Reserved band from (%)',
  bandMax: 'Reserved band to (%)',
  teamCapacity: 'Team capacity per sprint',
  wipLimit: 'KTLO WIP limit (Kanban)',
};

const HINTS: Partial<Record<Field, string>> = {
  teamCapacity: 'Leave empty to use the team’s velocity.',
  wipLimit: 'Leave empty for no limit.',
};

/**
 * What each kind of board has use for: a sprint board's capacity check holds the sprint against the band and the team
 * capacity; a Kanban board has no sprints, so no capacity per sprint: its flow holds KTLO work in progress against the
 * WIP limit and its trends hold the KTLO share of finished work against the band.
 */
const FIELDS_OF: Record<'scrum' | 'kanban', readonly Field[]> = {
  scrum: ['bandMin', 'bandMax', 'teamCapacity', 'wipLimit'],
  kanban: ['wipLimit', 'bandMin', 'bandMax'],
};
const KANBAN_HINTS: Partial<Record<Field, string>> = {
  bandMin: 'The board’s trends hold the KTLO share of the issues it finishes each week or month against this band.',
};

/** Where an inherited value comes from, in the hint of its field. */
const INHERITED_FROM: Record<SettingLevel, string> = {
  board: 'the project or global settings once saved',
  project: 'the project settings',
  global: 'the global settings',
  default: 'the defaults (nobody set it)',
};

/** What the schema asks of each field, in words (zod's own messages speak in shares and types). */
const FIELD_RULES: Record<Field, string> = {
  bandMin: 'Enter a percentage from 0 to 100.',
  bandMax: 'Enter a percentage from 0 to 100.',
  teamCapacity: 'Enter a number above 0, or leave it empty to use velocity.',
  wipLimit: 'Enter a whole number of 1 or more, or leave it empty.',
};

const BAND_ORDER = 'The band must not start above where it ends.';

function fieldOf(path: readonly (string | number)[]): Field | null {
  const [head, second] = path;
  if (head === 'band') return second === 'max' ? 'bandMax' : 'bandMin';
  if (path.length === 1 && (head === 'teamCapacity' || head === 'wipLimit')) return head;
  return null;
}

/** Each field's first problem, in the words `wording` gives it. */
function errorsOf(problems: readonly FieldProblem[], wording: (field: Field, problem: FieldProblem) => string): FieldErrors {
  const errors: FieldErrors = {};
  for (const problem of problems) {
    const field = fieldOf(problem.path);
    if (field && !errors[field]) errors[field] = problem.code === 'BAND_ORDER' ? BAND_ORDER : wording(field, problem);
  }
  return errors;
}

/**
 * The fields a save's INVALID_INPUT names (paths in the payload: the document is its `settings`) -> the message of
 * each: the band's in percent, as the form shows it (the document holds shares), the others as the resolver said.
 */
export function fieldErrorsFromProblems(problems: readonly FieldProblem[]): FieldErrors {
  const inDocument = problems.flatMap((p) => (p.path[0] === 'settings' ? [{ ...p, path: p.path.slice(1) }] : []));
  return errorsOf(inDocument, (field, problem) => (field === 'bandMin' || field === 'bandMax' ? FIELD_RULES[field] : problem.message));
}

function toPercent(share: number | undefined): string {
  return share === undefined ? '' : String(Math.round(share * 1000) / 10);
}

/** What the fields show before anyone types: the board's own values, else those in force. */
function loadedValues(own: BoardConfig, inForce: BoardConfig): Values {
  const band = own.band ?? inForce.band;
  const capacity = own.teamCapacity !== undefined ? own.teamCapacity : inForce.teamCapacity;
  const wip = own.wipLimit !== undefined ? own.wipLimit : inForce.wipLimit;
  return {
    bandMin: toPercent(band?.min),
    bandMax: toPercent(band?.max),
    teamCapacity: capacity == null ? '' : String(capacity),
    wipLimit: wip == null ? '' : String(wip),
  };
}

/**
 * Text fields to the board document, checked with the contract's own schema before anything is sent. Only the
 * settings in `set` are the board's own; the others are left out of the document and inherit.
 */
export function toBoardConfig(values: Values, own: BoardConfig, set: ReadonlySet<Setting>): { ok: true; config: BoardConfig } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const number = (field: Field, optional: boolean): number | null => {
    if (!set.has(SETTING_OF[field])) return null;
    const text = values[field].trim();
    if (text === '') {
      if (!optional) errors[field] = 'Enter a number.';
      return null;
    }
    const n = Number(text);
    if (!Number.isFinite(n)) errors[field] = 'Enter a number.';
    return n;
  };
  const min = number('bandMin', false);
  const max = number('bandMax', false);
  const teamCapacity = number('teamCapacity', true);
  const wipLimit = number('wipLimit', true);
  for (const [field, value] of [['bandMin', min], ['bandMax', max]] as const) {
    if (value !== null && !errors[field] && (value < 0 || value > 100)) errors[field] = FIELD_RULES[field];
  }
  const bandOk = min !== null && max !== null && !errors.bandMin && !errors.bandMax;
  const config: BoardConfig = {
    ...(own.estimationBasis ? { estimationBasis: own.estimationBasis } : {}),
    // A field the form could not read is left out here: it already has its error, the schema checks the rest.
    ...(bandOk ? { band: { min: min / 100, max: max / 100 } } : {}),
    ...(set.has('teamCapacity') && !errors.teamCapacity ? { teamCapacity } : {}),
    ...(set.has('wipLimit') && !errors.wipLimit ? { wipLimit } : {}),
  };
  const parsed = boardConfigSchema.safeParse(config);
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, config: parsed.data };
  const fromSchema = parsed.success ? {} : errorsOf(problemsOf(parsed.error.issues, config), (field) => FIELD_RULES[field]);
  return { ok: false, errors: { ...fromSchema, ...errors } };
}

type SaveState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'failed'; error: { code: ErrorCode; message: string } };

export interface BoardSettingsProps {
  settings: SettingsView;
  /**
   * What the board works with now, own settings and inherited ones together (the sprint answer's settingsInForce);
   * null while that answer is still on its way.
   */
  inForce: BoardConfig | null;
  boardId: number | null;
  /** A Kanban board shows only what applies to it (no team capacity per sprint). */
  kanban: boolean;
  /** The level each setting in force came from; null while the board's load is on its way. */
  levels: Record<Setting, SettingLevel> | null;
  onSaved: (message: string) => void;
  onReload: () => void;
}

/**
 * The board's band, capacity and WIP limit: a form for those who may change them, the values otherwise. Values that
 * arrive after the form (the values in force come with the sprint's answer) fill only the fields nobody has typed in,
 * and the form cannot be saved until they are known.
 */
export function BoardSettings({ settings, inForce, boardId, kanban, levels, onSaved, onReload }: BoardSettingsProps) {
  const headingId = useId();
  const own = boardConfigSchema.safeParse(settings.settings ?? {});
  const ownConfig: BoardConfig = own.success ? own.data : {};
  const [edited, setEdited] = useState<Partial<Values>>({});
  // The settings the board sets itself: those it has, and those the person types in; the rest inherit.
  const [set, setSet] = useState<ReadonlySet<Setting>>(() => new Set(SETTINGS.filter((k) => ownConfig[k] !== undefined)));
  // A setting the board had and goes back to inheriting: what it inherits is known only once saved.
  const [released, setReleased] = useState<ReadonlySet<Setting>>(new Set());
  const loaded = loadedValues(ownConfig, inForce ?? {});
  const shown = (field: Field): string => edited[field] ?? (released.has(SETTING_OF[field]) ? '' : loaded[field]);
  const values: Values = { bandMin: shown('bandMin'), bandMax: shown('bandMax'), teamCapacity: shown('teamCapacity'), wipLimit: shown('wipLimit') };
  const edit = (field: Field, value: string) => {
    setEdited((old) => ({ ...old, [field]: value }));
    setSet((old) => new Set([...old, SETTING_OF[field]]));
  };
  const inherit = (setting: Setting) => {
    setSet((old) => new Set([...old].filter((k) => k !== setting)));
    setEdited((old) => Object.fromEntries(Object.entries(old).filter(([f]) => SETTING_OF[f as Field] !== setting)));
    if (ownConfig[setting] !== undefined) setReleased((old) => new Set([...old, setting]));
    setErrors((old) => Object.fromEntries(Object.entries(old).filter(([f]) => SETTING_OF[f as Field] !== setting)));
  };
  const [errors, setErrors] = useState<FieldErrors>({});
  const [save, setSave] = useState<SaveState>({ status: 'idle' });

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const checked = toBoardConfig(values, ownConfig, set);
    if (!checked.ok) {
      setErrors(checked.errors);
      setSave({ status: 'idle' });
      focusFirstError(checked.errors);
      return;
    }
    setErrors({});
    setSave({ status: 'saving' });
    const answer = await saveBoardSettings(boardId, settings.revision, checked.config);
    if (answer.ok) {
      setSave({ status: 'idle' });
      onSaved(kanban ? 'Board settings saved. The flow and trends now use them.' : 'Board settings saved. The capacity check now uses them.');
      return;
    }
    if (answer.error.code === 'INVALID_INPUT') {
      const fromServer = fieldErrorsFromProblems(answer.error.fields ?? []);
      if (Object.keys(fromServer).length > 0) {
        setErrors(fromServer);
        setSave({ status: 'idle' });
        focusFirstError(fromServer);
        return;
      }
    }
    setSave({ status: 'failed', error: answer.error });
  };

  const fields = FIELDS_OF[kanban ? 'kanban' : 'scrum'];
  const settable = SETTINGS.filter((k) => fields.some((f) => SETTING_OF[f] === k));
  return (
    <section aria-labelledby={headingId} id={BOARD_SETTINGS_ID} tabIndex={-1}>
      <Stack space="space.150">
        <Heading size="xsmall" as="h2" id={headingId}>
          Board settings
        </Heading>
        {settings.canEdit ? (
          <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby={headingId} data-testid="board-settings-form">
            <Stack space="space.150">
              {fields.map((field) => (
                <SettingField
                  key={field}
                  field={field}
                  value={values[field]}
                  error={errors[field]}
                  inheritedFrom={set.has(SETTING_OF[field]) ? null : levels?.[SETTING_OF[field]] ?? 'default'}
                  hint={(kanban ? KANBAN_HINTS[field] : undefined) ?? HINTS[field]}
                  onChange={(v) => edit(field, v)}
                />
              ))}
              {settable.some((k) => set.has(k)) ? (
                <Inline space="space.100" shouldWrap>
                  {settable.filter((k) => set.has(k)).map((k) => (
                    <Button key={k} spacing="compact" appearance="subtle" onClick={() => inherit(k)} testId={`inherit-${k}`}>
                      {`Inherit the ${SETTING_NAMES[k]} again`}
                    </Button>
                  ))}
                </Inline>
              ) : null}
              {save.status === 'failed' ? (
                save.error.code === 'CONFLICT' ? (
                  <ConflictMessage message={save.error.message} onReload={onReload} />
                ) : (
                  <ErrorMessage error={save.error} headingLevel="h3" />
                )
              ) : null}
              <Inline space="space.100">
                <Button type="submit" appearance="primary" isLoading={save.status === 'saving'} isDisabled={inForce === null}>
                  Save board settings
                </Button>
              </Inline>
            </Stack>
          </form>
        ) : (
          <Stack space="space.100" testId="board-settings-readonly">
            <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: token('space.200'), rowGap: token('space.050') }}>
              {fields.map((field) => (
                <div key={field} style={{ display: 'contents' }}>
                  <dt style={{ color: token('color.text.subtle') }}>{LABELS[field]}</dt>
                  <dd style={{ margin: 0 }} data-testid={`board-value-${field}`}>
                    {`${values[field] === '' ? (field === 'teamCapacity' ? 'Velocity' : 'None') : values[field]} (`}
                    <ValueLevel level={set.has(SETTING_OF[field]) ? 'board' : levels?.[SETTING_OF[field]] ?? 'default'} />
                    {')'}
                  </dd>
                </div>
              ))}
            </dl>
            <Text size="small" color="color.text.subtle">
              Only admins of this board or its project can change these settings.
            </Text>
          </Stack>
        )}
      </Stack>
    </section>
  );
}

/** In the board settings themselves a board level is plain words; a level above links to where it is set. */
function ValueLevel({ level }: { level: SettingLevel }) {
  return level === 'board' ? <>{levelWords(level)}</> : <LevelLink level={level} field="band" />;
}

function focusFirstError(errors: FieldErrors): void {
  const first = (['bandMin', 'bandMax', 'teamCapacity', 'wipLimit'] as const).find((f) => errors[f]);
  if (first) document.getElementById(`board-setting-${first}`)?.focus();
}

function SettingField({ field, value, error, inheritedFrom, hint: own, onChange }: { field: Field; value: string; error: string | undefined; inheritedFrom: SettingLevel | null; hint: string | undefined; onChange: (value: string) => void }) {
  const id = `board-setting-${field}`;
  const inherited = inheritedFrom !== null;
  // An inherited field says where from; typing in it makes it the board's own.
  // Where a band is inherited from links to the page that sets it; capacity and WIP limit only a board sets.
  const hint = inherited ? (
    <>
      {'Inherited from '}
      {SETTING_OF[field] === 'band' ? (
        <LevelLink level={inheritedFrom} field="band">
          {INHERITED_FROM[inheritedFrom]}
        </LevelLink>
      ) : (
        INHERITED_FROM[inheritedFrom]
      )}
      {`: type a value to set it for this board.${field === 'bandMin' && own ? ` ${own}` : ''}`}
    </>
  ) : (
    own
  );
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label htmlFor={id} style={{ display: 'block', font: token('font.body.small'), fontWeight: token('font.weight.semibold'), color: token('color.text.subtle') }}>
        {LABELS[field]}
      </label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        style={{
          font: token('font.body'),
          color: inherited ? token('color.text.subtle') : token('color.text'),
          backgroundColor: token('color.background.input'),
          border: `${token('border.width')} solid ${error ? token('color.border.danger') : token('color.border.input')}`,
          borderRadius: token('radius.small'),
          padding: `${token('space.050')} ${token('space.100')}`,
          width: '10rem',
        }}
      />
      {hint ? (
        <div id={`${id}-hint`} style={{ font: token('font.body.small'), color: token('color.text.subtle') }}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div id={`${id}-error`} data-testid={`${field}-error`} style={{ font: token('font.body.small'), color: token('color.text.danger') }}>
          {error}
        </div>
      ) : null}
    </div>
  );
}

function ConflictMessage({ message, onReload }: { message: string; onReload: () => void }) {
  return (
    <div data-testid="settings-conflict">
      <ErrorMessage error={{ code: 'CONFLICT', message }} onRetry={onReload} retryLabel="Reload settings" headingLevel="h3" />
    </div>
  );
}
