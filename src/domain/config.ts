import { z } from 'zod';
import { CATEGORIES } from './category';
import { DEFAULT_RULES } from './default-rules';
import { problemsOf } from './problems';
import { invalid, ok, type Invalid, type Ok } from './result';

/**
 * Settings, in three levels that each override the one above: global (the Jira admin) -> project (a project admin)
 * -> board (the scrum master). Stored documents carry a `version`; `parseGlobalConfig` migrates older versions
 * before validating, so a document saved by an earlier release keeps working.
 */

export const CONFIG_VERSION = 2;

const category = z.enum(CATEGORIES);
const weight = z.number().min(0).max(10);
const share = z.number().min(0).max(1);
const nonEmpty = z.string().trim().min(1);

export const bandSchema = z
  .object({ min: share, max: share })
  .refine((b) => b.min <= b.max, { message: 'min must not be greater than max', path: ['min'], params: { code: 'BAND_ORDER' } });

export const phraseRuleSchema = z.object({
  /** Stable id, so an admin's edits and the audit can name the rule. */
  id: nonEmpty,
  category,
  weight,
  /** How the reason reads, e.g. "routine patching" -> "routine patching: 'patch'". */
  reason: nonEmpty,
  /** Words or phrases; "a ... b" matches "a" followed within five words by "b". */
  terms: z.array(nonEmpty).min(1),
});

const nameRule = z.object({ name: nonEmpty, category, weight });

export const rulesSchema = z.object({
  phrases: z.array(phraseRuleSchema),
  /** Recurrence words (monthly, nightly, ...): recurring chores lean KTLO. */
  recurrence: z.object({ weight, terms: z.array(nonEmpty) }),
  issueTypes: z.array(nameRule),
  labels: z.array(nameRule),
  components: z.array(nameRule),
  /** A large estimate leans to project work. */
  size: z.object({ largePoints: z.number().positive(), largeHours: z.number().positive(), weight }),
  /** Description matches count for this fraction of a summary match: descriptions ramble, summaries say what the work is. */
  descriptionFactor: share,
  /** A child of an epic follows the epic, whatever its own words, when the epic's confidence reaches this (or its category is explicit); below it, only while the epic is not unsure and the child reports no fault of its own. */
  epicFollowConfidence: share,
});

export const estimationBasisSchema = z.enum(['board', 'storyPoints', 'originalEstimate', 'issueCount']);

export const explicitLabelsSchema = z.object({ KTLO: z.array(nonEmpty), PROJECT: z.array(nonEmpty) });

/** A Jira project key: a capital letter, then capitals, digits or underscores. */
export const projectKeySchema = z.string().regex(/^[A-Z][A-Z0-9_]{0,254}$/, 'must be a Jira project key such as OPS');

const days = (what: string, min: number, max: number) =>
  z
    .number()
    .int(`Enter a whole number of days.`)
    .min(min, `Keep ${what} at least ${min} days.`)
    .max(max, `Keep ${what} at most ${max} days.`);

/**
 * How long the app keeps what it stores, in days; the daily run deletes what is older. Audit entries (who changed an
 * issue's category) count from when they were recorded, stored decisions from when the issue was last classified
 * (the "Work category" field in Jira keeps its value), sprint snapshots from when the sprint ended.
 */
export const retentionSchema = z.object({
  auditDays: days('audit entries', 30, 3650),
  decisionDays: days('decisions', 7, 3650),
  snapshotDays: days('sprint snapshots', 90, 3650),
});
export type Retention = z.infer<typeof retentionSchema>;

export const globalConfigSchema = z.object({
  version: z.literal(CONFIG_VERSION),
  /** Opt-in: keys of the projects the app classifies and writes to. Nothing else is touched. */
  enabledProjects: z.array(projectKeySchema),
  band: bandSchema,
  estimationBasis: estimationBasisSchema,
  defaultCategory: category,
  lowConfidenceThreshold: share,
  explicitLabels: explicitLabelsSchema,
  rules: rulesSchema,
  retention: retentionSchema,
  /**
   * Jira points that background work (snapshots, backfill, bulk reclassification, the daily run) may spend per UTC day
   * on this site; past it, that work waits for the next daily run. The app's hourly quota is shared by every site.
   */
  backgroundPointsPerDay: z.number().int('must be a whole number of points').min(0).max(65_000),
});

/** A project may override everything but the list of enabled projects, how long the app keeps its data, and the site's points budget. */
export const projectConfigSchema = globalConfigSchema.omit({ version: true, enabledProjects: true, retention: true, backgroundPointsPerDay: true }).partial().strict();

/** What a scrum master sets for a board. */
export const boardConfigSchema = z
  .object({
    band: bandSchema,
    estimationBasis: estimationBasisSchema,
    /** Team capacity per sprint in the board's estimation unit; null to use velocity. */
    teamCapacity: z.number().positive().nullable(),
    /** KTLO work-in-progress limit for Kanban; null for none. */
    wipLimit: z.number().int().positive().nullable(),
  })
  .partial()
  .strict();

export type Rules = z.infer<typeof rulesSchema>;
export type PhraseRule = z.infer<typeof phraseRuleSchema>;
export type EstimationBasis = z.infer<typeof estimationBasisSchema>;
export type GlobalConfig = z.infer<typeof globalConfigSchema>;
export type ProjectConfig = z.infer<typeof projectConfigSchema>;
export type BoardConfig = z.infer<typeof boardConfigSchema>;

/** The settings in force for one board of one project. */
export interface EffectiveConfig {
  band: { min: number; max: number };
  estimationBasis: EstimationBasis;
  defaultCategory: GlobalConfig['defaultCategory'];
  lowConfidenceThreshold: number;
  explicitLabels: GlobalConfig['explicitLabels'];
  rules: Rules;
  teamCapacity: number | null;
  wipLimit: number | null;
}

export const DEFAULT_GLOBAL_CONFIG: GlobalConfig = {
  version: CONFIG_VERSION,
  enabledProjects: [],
  band: { min: 0.2, max: 0.3 },
  estimationBasis: 'board',
  defaultCategory: 'PROJECT',
  lowConfidenceThreshold: 0.6,
  explicitLabels: { KTLO: ['ktlo', 'keep-the-lights-on', 'bau'], PROJECT: ['project-work'] },
  rules: DEFAULT_RULES,
  retention: { auditDays: 365, decisionDays: 180, snapshotDays: 730 },
  // One bulk reclassification of a 1,000-issue project (about 2,100 points) plus a day's snapshots and daily run.
  backgroundPointsPerDay: 3_000,
};

/** "band.min: Too small: expected number to be >=0" — one line per problem, each naming the field. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}

/** A settings document, or what is wrong with it: one sentence, and each field at fault as data. */
export type Parsed<T> = Ok<T> | Invalid;

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): Parsed<T> {
  const parsed = schema.safeParse(value);
  return parsed.success ? ok(parsed.data) : invalid(`invalid ${what}: ${describeIssues(parsed.error.issues)}`, problemsOf(parsed.error.issues, value));
}

const versionOnly = z.object({ version: z.number().int().positive().optional() });

/**
 * Version 1 (the first release) kept the band in percent (`reservedPercent: { min: 20, max: 30 }`) and only the KTLO
 * labels (`ktloLabels`). Version 2 keeps shares in 0..1 and labels per category.
 */
const v1Schema = z
  .object({
    version: z.literal(1),
    enabledProjects: z.array(z.string()).optional(),
    reservedPercent: z.object({ min: z.number(), max: z.number() }).optional(),
    ktloLabels: z.array(z.string()).optional(),
  })
  .passthrough();

/**
 * Bring a stored or hand-written global config to the current version and fill defaults for omitted fields, so a
 * partial file (`{ "band": { "min": 0.25, "max": 0.35 } }`) is a valid config. Unknown versions are rejected.
 */
export function migrateGlobalConfig(raw: unknown): Parsed<unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return invalid('invalid config: expected a JSON object', [{ path: [], code: 'WRONG_TYPE', message: 'expected a JSON object' }]);
  const head = versionOnly.safeParse(raw);
  if (!head.success) return invalid(`invalid config: ${describeIssues(head.error.issues)}`, problemsOf(head.error.issues, raw));
  const version = head.data.version ?? CONFIG_VERSION;
  if (version === 1) {
    const v1 = v1Schema.safeParse(raw);
    if (!v1.success) return invalid(`invalid config (version 1): ${describeIssues(v1.error.issues)}`, problemsOf(v1.error.issues, raw));
    const { reservedPercent, ktloLabels, version: _v, ...rest } = v1.data;
    return ok({
      ...DEFAULT_GLOBAL_CONFIG,
      ...rest,
      version: CONFIG_VERSION,
      ...(reservedPercent ? { band: { min: reservedPercent.min / 100, max: reservedPercent.max / 100 } } : {}),
      ...(ktloLabels ? { explicitLabels: { ...DEFAULT_GLOBAL_CONFIG.explicitLabels, KTLO: ktloLabels } } : {}),
    });
  }
  if (version !== CONFIG_VERSION) {
    const message = `version ${version} is not supported (expected 1 or ${CONFIG_VERSION})`;
    return invalid(`invalid config: ${message}`, [{ path: ['version'], code: 'NOT_ALLOWED', message }]);
  }
  return ok({ ...DEFAULT_GLOBAL_CONFIG, ...raw, version: CONFIG_VERSION });
}

export function parseGlobalConfig(raw: unknown): Parsed<GlobalConfig> {
  const migrated = migrateGlobalConfig(raw);
  return migrated.ok ? parseWith(globalConfigSchema.strict(), migrated.value, 'config') : migrated;
}

export function parseProjectConfig(raw: unknown): Parsed<ProjectConfig> {
  return parseWith(projectConfigSchema, raw, 'project settings');
}

export function parseBoardConfig(raw: unknown): Parsed<BoardConfig> {
  return parseWith(boardConfigSchema, raw, 'board settings');
}

/** Board over project over global: the most specific level that sets a field wins. */
export function resolveConfig(global: GlobalConfig, project: ProjectConfig = {}, board: BoardConfig = {}): EffectiveConfig {
  return {
    band: board.band ?? project.band ?? global.band,
    estimationBasis: board.estimationBasis ?? project.estimationBasis ?? global.estimationBasis,
    defaultCategory: project.defaultCategory ?? global.defaultCategory,
    lowConfidenceThreshold: project.lowConfidenceThreshold ?? global.lowConfidenceThreshold,
    explicitLabels: project.explicitLabels ?? global.explicitLabels,
    rules: project.rules ?? global.rules,
    teamCapacity: board.teamCapacity ?? null,
    wipLimit: board.wipLimit ?? null,
  };
}

/** Where a setting in force came from: the most specific level that sets it, or the app's default. */
export type SettingLevel = 'board' | 'project' | 'global' | 'default';

/** The level each effective setting came from (resolveConfig's order); `globalSaved` false while nobody saved global settings. */
export function settingLevels(globalSaved: boolean, project: ProjectConfig = {}, board: BoardConfig = {}): Record<keyof EffectiveConfig, SettingLevel> {
  const global: SettingLevel = globalSaved ? 'global' : 'default';
  const from = (b: unknown, p: unknown): SettingLevel => (b !== undefined ? 'board' : p !== undefined ? 'project' : global);
  return {
    band: from(board.band, project.band),
    estimationBasis: from(board.estimationBasis, project.estimationBasis),
    defaultCategory: from(undefined, project.defaultCategory),
    lowConfidenceThreshold: from(undefined, project.lowConfidenceThreshold),
    explicitLabels: from(undefined, project.explicitLabels),
    rules: from(undefined, project.rules),
    // Only a board sets these; without one there is none (velocity, no WIP limit).
    teamCapacity: board.teamCapacity !== undefined ? 'board' : 'default',
    wipLimit: board.wipLimit !== undefined ? 'board' : 'default',
  };
}

/** Whether the app may classify and write issues of this project (opt-in). */
export function isProjectEnabled(config: GlobalConfig, projectKey: string): boolean {
  return config.enabledProjects.includes(projectKey);
}

/** The instants before which stored data of each kind has outlived the retention setting. */
export function retentionCutoffs(retention: Retention, now: Date): { audit: Date; decisions: Date; snapshots: Date } {
  const before = (d: number) => new Date(now.getTime() - d * 24 * 60 * 60 * 1000);
  return { audit: before(retention.auditDays), decisions: before(retention.decisionDays), snapshots: before(retention.snapshotDays) };
}
