import type { Category } from '../../domain/category';
import {
  CONFIG_VERSION,
  globalConfigSchema,
  projectConfigSchema,
  rulesSchema,
  type EstimationBasis,
  type GlobalConfig,
  type ProjectConfig,
  type Rules,
} from '../../domain/config';
import { problemsOf, type FieldProblem } from '../../domain/problems';
import { OVERRIDABLE_FIELDS, type OverridableField } from '../../domain/setting-overrides';

/**
 * The settings form as text (what the inputs hold) and back to a settings document, checked with the domain's own
 * schemas before anything is sent. Errors are keyed by the document path of the field they belong to ("band.min",
 * "rules.phrases.2.weight"), the paths the resolver's INVALID_INPUT fields name too, so both land beside the field.
 */

/** The parts a project can override one by one (projectConfigSchema's keys). */
export const SECTIONS = OVERRIDABLE_FIELDS;
export type Section = OverridableField;

export interface PhraseDraft {
  id: string;
  category: Category;
  weight: string;
  reason: string;
  /** Comma-separated. */
  terms: string;
}

export interface NameDraft {
  name: string;
  category: Category;
  weight: string;
}

export const MAPPINGS = ['labels', 'issueTypes', 'components'] as const;
export type Mapping = (typeof MAPPINGS)[number];

export interface Draft {
  enabledProjects: string[];
  bandMin: string;
  bandMax: string;
  estimationBasis: EstimationBasis;
  defaultCategory: Category;
  lowConfidence: string;
  labelsKTLO: string;
  labelsPROJECT: string;
  phrases: PhraseDraft[];
  mappings: Record<Mapping, NameDraft[]>;
  recurrenceWeight: string;
  recurrenceTerms: string;
  /** Global level only: how many days the app keeps each kind of data. */
  retention: { auditDays: string; decisionDays: string; snapshotDays: string };
  /** Global level only: background work's daily points budget. */
  backgroundPointsPerDay: string;
  /** Project level: the sections that follow the global settings (not sent). */
  inherit: Record<Section, boolean>;
}

export type FieldErrors = Record<string, string>;

function percent(share: number): string {
  return String(Math.round(share * 1000) / 10);
}

function list(values: readonly string[]): string {
  return values.join(', ');
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** The draft of a level's settings: the project's own values where it has them, the global ones elsewhere. */
export function draftOf(global: GlobalConfig, project: ProjectConfig | null): Draft {
  const own = project ?? {};
  const band = own.band ?? global.band;
  const labels = own.explicitLabels ?? global.explicitLabels;
  const rules = own.rules ?? global.rules;
  const inherit = Object.fromEntries(SECTIONS.map((s) => [s, project !== null && own[s] === undefined])) as Record<Section, boolean>;
  return {
    enabledProjects: [...global.enabledProjects],
    bandMin: percent(band.min),
    bandMax: percent(band.max),
    estimationBasis: own.estimationBasis ?? global.estimationBasis,
    defaultCategory: own.defaultCategory ?? global.defaultCategory,
    lowConfidence: percent(own.lowConfidenceThreshold ?? global.lowConfidenceThreshold),
    labelsKTLO: list(labels.KTLO),
    labelsPROJECT: list(labels.PROJECT),
    phrases: rules.phrases.map((p) => ({ id: p.id, category: p.category, weight: String(p.weight), reason: p.reason, terms: list(p.terms) })),
    mappings: {
      labels: rules.labels.map((m) => ({ ...m, weight: String(m.weight) })),
      issueTypes: rules.issueTypes.map((m) => ({ ...m, weight: String(m.weight) })),
      components: rules.components.map((m) => ({ ...m, weight: String(m.weight) })),
    },
    recurrenceWeight: String(rules.recurrence.weight),
    recurrenceTerms: list(rules.recurrence.terms),
    retention: {
      auditDays: String(global.retention.auditDays),
      decisionDays: String(global.retention.decisionDays),
      snapshotDays: String(global.retention.snapshotDays),
    },
    backgroundPointsPerDay: String(global.backgroundPointsPerDay),
    inherit,
  };
}

/** Copies one section's values from another draft (a project section switching to or from the global values). */
export function copySection(into: Draft, from: Draft, section: Section): Draft {
  switch (section) {
    case 'band':
      return { ...into, bandMin: from.bandMin, bandMax: from.bandMax };
    case 'estimationBasis':
      return { ...into, estimationBasis: from.estimationBasis };
    case 'defaultCategory':
      return { ...into, defaultCategory: from.defaultCategory };
    case 'lowConfidenceThreshold':
      return { ...into, lowConfidence: from.lowConfidence };
    case 'explicitLabels':
      return { ...into, labelsKTLO: from.labelsKTLO, labelsPROJECT: from.labelsPROJECT };
    case 'rules':
      return { ...into, phrases: from.phrases, mappings: from.mappings, recurrenceWeight: from.recurrenceWeight, recurrenceTerms: from.recurrenceTerms };
  }
}

/** A text box's number; NaN (which every schema refuses) for text that is not one, noted as the field's error. */
function numberOf(text: string, path: string, errors: FieldErrors): number {
  const trimmed = text.trim();
  const n = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(n)) errors[path] = 'Enter a number.';
  return n;
}

/** The rules of a draft; `base` keeps what the form does not edit (size, description factor, epic following). */
function rulesOf(draft: Draft, base: Rules, errors: FieldErrors): Rules {
  const mapping = (m: Mapping) =>
    draft.mappings[m].map((row, i) => ({ name: row.name.trim(), category: row.category, weight: numberOf(row.weight, `rules.${m}.${i}.weight`, errors) }));
  return {
    ...base,
    phrases: draft.phrases.map((p, i) => ({
      id: p.id.trim(),
      category: p.category,
      weight: numberOf(p.weight, `rules.phrases.${i}.weight`, errors),
      reason: p.reason.trim(),
      terms: splitList(p.terms),
    })),
    recurrence: { weight: numberOf(draft.recurrenceWeight, 'rules.recurrence.weight', errors), terms: splitList(draft.recurrenceTerms) },
    labels: mapping('labels'),
    issueTypes: mapping('issueTypes'),
    components: mapping('components'),
  };
}

/** The lists of words, whose items are not fields of their own. */
function isWordList(path: readonly PropertyKey[]): boolean {
  const [head, second, third, fourth] = path;
  if (path.length === 1) return head === 'enabledProjects';
  if (path.length === 2) return head === 'explicitLabels' && (second === 'KTLO' || second === 'PROJECT');
  if (head !== 'rules') return false;
  if (path.length === 3) return second === 'recurrence' && third === 'terms';
  return path.length === 4 && second === 'phrases' && typeof third === 'number' && fourth === 'terms';
}

/** Lists of words report one error for the list, not one per word. */
export function fieldKey(path: readonly PropertyKey[]): string {
  const last = path[path.length - 1];
  const field = typeof last === 'number' && isWordList(path.slice(0, -1)) ? path.slice(0, -1) : path;
  return field.map(String).join('.');
}

const PERCENT_FIELDS = new Set(['band.min', 'band.max', 'lowConfidenceThreshold']);

/** A problem in the form's terms: percentages where the document holds shares, plain words elsewhere. */
function messageFor(key: string, problem: FieldProblem): string {
  if (problem.code === 'BAND_ORDER') return 'The band must not start above where it ends.';
  if (PERCENT_FIELDS.has(key)) return 'Enter a percentage from 0 to 100.';
  if (key.endsWith('.weight')) return 'Enter a weight from 0 to 10.';
  if (problem.code === 'TOO_SHORT') return 'This cannot be empty.';
  if (problem.code === 'TOO_FEW') return 'Add at least one term.';
  return problem.message;
}

function collect(problems: readonly FieldProblem[], errors: FieldErrors): void {
  for (const problem of problems) {
    const key = fieldKey(problem.path);
    if (!errors[key]) errors[key] = messageFor(key, problem);
  }
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** The draft's rules alone (the preview sends them before anything is saved). */
export function draftRules(draft: Draft, base: Rules): Checked<Rules> {
  const errors: FieldErrors = {};
  const candidate = rulesOf(draft, base, errors);
  const parsed = rulesSchema.safeParse(candidate);
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, value: parsed.data };
  if (!parsed.success) collect(problemsOf(parsed.error.issues, candidate, ['rules']), errors);
  return { ok: false, errors };
}

function documentOf(draft: Draft, base: Rules, errors: FieldErrors) {
  return {
    band: { min: numberOf(draft.bandMin, 'band.min', errors) / 100, max: numberOf(draft.bandMax, 'band.max', errors) / 100 },
    estimationBasis: draft.estimationBasis,
    defaultCategory: draft.defaultCategory,
    lowConfidenceThreshold: numberOf(draft.lowConfidence, 'lowConfidenceThreshold', errors) / 100,
    explicitLabels: { KTLO: splitList(draft.labelsKTLO), PROJECT: splitList(draft.labelsPROJECT) },
    rules: rulesOf(draft, base, errors),
  };
}

export function toGlobalConfig(draft: Draft, base: GlobalConfig): Checked<GlobalConfig> {
  const errors: FieldErrors = {};
  const retention = {
    auditDays: numberOf(draft.retention.auditDays, 'retention.auditDays', errors),
    decisionDays: numberOf(draft.retention.decisionDays, 'retention.decisionDays', errors),
    snapshotDays: numberOf(draft.retention.snapshotDays, 'retention.snapshotDays', errors),
  };
  const candidate = {
    version: CONFIG_VERSION,
    enabledProjects: draft.enabledProjects,
    ...documentOf(draft, base.rules, errors),
    retention,
    backgroundPointsPerDay: numberOf(draft.backgroundPointsPerDay, 'backgroundPointsPerDay', errors),
  };
  const parsed = globalConfigSchema.strict().safeParse(candidate);
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, value: parsed.data };
  if (!parsed.success) collect(problemsOf(parsed.error.issues, candidate), errors);
  return { ok: false, errors };
}

/** Only the sections the project overrides; the others are left out and follow the global settings. */
export function toProjectConfig(draft: Draft, base: Rules): Checked<ProjectConfig> {
  const errors: FieldErrors = {};
  const full = documentOf(draft, base, errors);
  const candidate = Object.fromEntries(SECTIONS.filter((s) => !draft.inherit[s]).map((s) => [s, full[s]]));
  // Errors of inherited sections (NaN never reaches them: their inputs hold the global values) are not the project's.
  for (const key of Object.keys(errors)) if (draft.inherit[sectionOf(key)]) delete errors[key];
  const parsed = projectConfigSchema.safeParse(candidate);
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, value: parsed.data };
  if (!parsed.success) collect(problemsOf(parsed.error.issues, candidate), errors);
  return { ok: false, errors };
}

export function sectionOf(key: string): Section {
  const head = key.split('.')[0] ?? '';
  return (SECTIONS as readonly string[]).includes(head) ? (head as Section) : 'rules';
}

/**
 * The fields a save's INVALID_INPUT names (paths in the payload: the document is its `settings`) -> the form's fields.
 * What names no field of the form (the document as a whole, a key the schema does not know) is returned apart, to
 * show above the Save button.
 */
export function errorsFromProblems(problems: readonly FieldProblem[]): { fields: FieldErrors; rest: string[] } {
  const fields: FieldErrors = {};
  const rest: string[] = [];
  for (const problem of problems) {
    const [head, ...inDocument] = problem.path;
    const path = head === 'settings' ? inDocument : problem.path;
    if (head === 'settings' && path.length > 0 && problem.code !== 'UNKNOWN_FIELD') collect([{ ...problem, path }], fields);
    else rest.push(path.length > 0 ? `${path.join('.')}: ${problem.message}` : problem.message);
  }
  return { fields, rest };
}

/** A rule id not yet used in the draft. */
export function newRuleId(phrases: readonly PhraseDraft[]): string {
  const used = new Set(phrases.map((p) => p.id));
  let n = phrases.length + 1;
  while (used.has(`rule-${n}`)) n += 1;
  return `rule-${n}`;
}
