import { z } from 'zod';
import { CATEGORIES } from '../domain/category';
import { bandSchema, boardConfigSchema, estimationBasisSchema, explicitLabelsSchema, rulesSchema, type EffectiveConfig, type SettingLevel } from '../domain/config';
import type { MeasuredFlow, MeasuredSprint, MeasuredTrend } from '../domain/measure';
import type { ReserveSuggestion as DomainReserveSuggestion } from '../domain/reserve';
import { OVERRIDABLE_FIELDS, type FieldOverrides } from '../domain/setting-overrides';
import type { TeamModel } from '../domain/team-model';
import { PURPOSES } from '../jira/points';
import { jobIdSchema, positiveIdSchema } from './ids';

/**
 * Resolver keys, payloads and responses shared by the resolvers and the Custom UI. Ids of the issue, project and
 * board in view never travel in payloads: the resolvers read them from the trusted `context.extension`.
 */

const category = z.enum(CATEGORIES);
const classificationSource = z.enum(['override', 'parent', 'rules', 'default']);

// ---- issue panel ---------------------------------------------------------------------------------------------------

/** A person's override as the panel shows it: the category, who set it when, and what it replaced. */
const overrideViewSchema = z.object({ category, by: z.string(), at: z.string(), previous: category.nullable() });

export const issueViewSchema = z.object({
  issueKey: z.string(),
  category,
  confidence: z.number(),
  source: classificationSource,
  /** Below the confidence threshold: `category` is only the leaning, and the panel asks the team to decide. */
  unsure: z.boolean(),
  reasons: z.array(z.string()),
  override: overrideViewSchema.nullable(),
  /** The caller may set or clear the override (Edit Issues on this issue). */
  canOverride: z.boolean(),
  /** The caller may turn an override into a rule (administers the project or Jira). */
  canSuggestRule: z.boolean(),
  /** The project is not opted in: the panel explains instead of classifying silently. */
  projectEnabled: z.boolean(),
});
export type IssueView = z.infer<typeof issueViewSchema>;

export const setOverridePayloadSchema = z.object({ category }).strict();
export const emptyPayloadSchema = z.object({}).strict();

/** A label or phrase a rule could use: how many of the other issues examined have it, and how many it would flip. */
const suggestedTermSchema = z.object({ term: z.string(), matches: z.number().int().nonnegative(), flips: z.number().int().nonnegative() });

export const ruleSuggestionSchema = z.object({
  category,
  labels: z.array(suggestedTermSchema),
  phrases: z.array(suggestedTermSchema),
  /** How many other issues of the project the counts are over. */
  examined: z.number().int().nonnegative(),
});
export type RuleSuggestion = z.infer<typeof ruleSuggestionSchema>;

// ---- capacity, flow, trends --------------------------------------------------------------------------------------

/** A board of the project page's picker, as Jira lists the project's boards to the viewer (read in the browser). */
export interface BoardSummary {
  id: number;
  name: string;
  type: string;
  canEdit: boolean;
}

/** The project page has no board in its context: the user picks one of the project's boards. */
export const boardPayloadSchema = z.object({ boardId: positiveIdSchema.optional() }).strict();

/**
 * What the capacity views show. They are measured in the browser (src/reader/views.ts, src/domain/measure.ts) from
 * Jira read as the viewer and the surface's load: no resolver answers them, so they are the domain's types.
 */
export type SprintCapacity = MeasuredSprint & Leveled;
export type FlowView = MeasuredFlow & Leveled;
export type TrendView = MeasuredTrend & Leveled;
/** The level each setting in force came from (the load's `settings.levels`): a view names where its band or limit is set. */
export interface Leveled {
  levels: Record<keyof EffectiveConfig, SettingLevel>;
}
export interface SprintList {
  board: BoardSummary;
  sprints: MeasuredSprint['sprint'][];
}

const spreadSchema = z.object({ p50: z.number(), p85: z.number(), periods: z.number().int().nonnegative() });
const reservePeriodSchema = z.enum(['sprint', 'week']);
export const reserveSuggestionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('suggested'),
    band: z.object({ min: z.number(), max: z.number() }),
    period: reservePeriodSchema,
    periods: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
    ktloShare: spreadSchema,
    unplannedShare: spreadSchema.nullable(),
  }),
  z.object({ kind: z.literal('too-little-history'), period: reservePeriodSchema, periods: z.number().int().nonnegative(), needed: z.number().int().positive() }),
]) satisfies z.ZodType<DomainReserveSuggestion>;
export type ReserveSuggestion = z.infer<typeof reserveSuggestionSchema>;

/**
 * A board's suggested reserve, the band its own settings set (null: it inherits) and the revision a save must name
 * (from the surface's load). The suggestion is null for a Kanban board: the viewer's browser measures it from the
 * board's throughput.
 */
export interface ReserveView {
  boardId: number;
  suggestion: ReserveSuggestion | null;
  boardBand: { min: number; max: number } | null;
  revision: number;
  canEdit: boolean;
}

/** Apply the suggestion the person saw (`band`) at the board's level; a suggestion that moved since is a conflict. */
export const applyReservePayloadSchema = z.object({ boardId: positiveIdSchema.optional(), expectedRevision: z.number().int().nonnegative(), band: bandSchema }).strict();
export const appliedReserveSchema = z.object({ revision: z.number().int().nonnegative(), band: z.object({ min: z.number(), max: z.number() }) });

// ---- surface loads: what lives in the app, for the browser's reader and the domain ---------------------------------

const settingLevel = z.enum(['board', 'project', 'global', 'default']) satisfies z.ZodType<SettingLevel>;

export const effectiveConfigSchema = z.object({
  band: bandSchema,
  estimationBasis: estimationBasisSchema,
  defaultCategory: category,
  lowConfidenceThreshold: z.number().min(0).max(1),
  explicitLabels: explicitLabelsSchema,
  rules: rulesSchema,
  teamCapacity: z.number().positive().nullable(),
  wipLimit: z.number().int().positive().nullable(),
}) satisfies z.ZodType<EffectiveConfig>;

const teamModelSchema = z.object({
  examples: z.number().int().nonnegative(),
  weights: z.record(z.string(), z.number()),
  cases: z.array(z.object({ id: z.string(), category, offset: z.number(), features: z.array(z.string()) })),
  vote: z.object({ neighbours: z.number().int().positive(), weight: z.number() }),
}) satisfies z.ZodType<TeamModel>;

/**
 * One invoke when a capacity surface opens (sprint action, backlog action, project page): the board's settings in
 * force with the level each came from, its own settings as stored (the settings form), the reserve its closed sprints
 * suggest, the field ids the reader asks for, the overrides of the context's project (category and time only, by
 * issue id), the board's stored sprint history for velocity, and the team's model. Everything else the view shows the
 * browser reads from Jira as the viewer.
 */
export const capacityLoadSchema = z.object({
  board: z.object({ id: z.number().int().positive(), name: z.string(), type: z.string(), projectKey: z.string().nullable(), canEdit: z.boolean() }),
  settings: z.object({ effective: effectiveConfigSchema, levels: z.record(effectiveConfigSchema.keyof(), settingLevel) }),
  /** The board's own settings as stored, who saved them and the revision a save must name (what the settings form edits). */
  own: z.object({ revision: z.number().int().nonnegative(), savedBy: z.string().nullable(), savedAt: z.string().nullable(), settings: boardConfigSchema }),
  /** The reserve the board's closed sprints suggest, from their stored snapshots; null for a Kanban board (measured in the browser). */
  reserve: reserveSuggestionSchema.nullable(),
  fields: z.object({ storyPoints: z.string().nullable(), sprint: z.string().nullable(), workCategory: z.string().nullable() }),
  /** The project whose overrides are answered (the context's, whose issues the caller may browse); null when none. */
  overridesProject: z.string().nullable(),
  overrides: z.record(z.string().regex(/^\d+$/), z.object({ category, at: z.string() })),
  /** Projects the app classifies: their issues carry their final category in the Work category field. */
  enabledProjects: z.array(z.string()),
  history: z.array(z.object({ sprintId: z.number().int(), completedPoints: z.number(), completeDate: z.string().nullable(), approximate: z.boolean() })),
  team: teamModelSchema.nullable(),
  /** Issues the app just wrote or an issue event just reported changed: the reads ask Jira to reconcile them (ids only). */
  reconcile: z.array(z.string().regex(/^\d+$/)).max(50),
});
export type CapacityLoad = z.infer<typeof capacityLoadSchema>;

/**
 * The issue panel's one invoke: what lives in the app for the issue of the module's context, answered only once Jira
 * says the caller may browse it (docs/views-in-the-browser.md): the project's settings in force, the story points
 * field id, the issue's override, the stored decision of the parent it was last decided under, the team's model,
 * and the display answers. The browser reads the issue itself as the viewer and decides (src/reader/issue.ts).
 */
export const issuePanelLoadSchema = z.object({
  /** The issue of the trusted context: the one the browser reads. */
  issue: z.object({ id: z.string().regex(/^\d+$/), key: z.string() }),
  settings: z.object({ effective: effectiveConfigSchema }),
  fields: z.object({ storyPoints: z.string().nullable() }),
  override: overrideViewSchema.nullable(),
  /** The stored decision of the parent the issue's stored decision was made under; the browser uses it only for the parent Jira shows it now. */
  parent: z.object({ id: z.string().regex(/^\d+$/), category, source: classificationSource, confidence: z.number().min(0).max(1) }).nullable(),
  team: teamModelSchema.nullable(),
  canOverride: z.boolean(),
  canSuggestRule: z.boolean(),
  projectEnabled: z.boolean(),
});
export type IssuePanelLoad = z.infer<typeof issuePanelLoadSchema>;

// ---- settings ----------------------------------------------------------------------------------------------------

export const settingsLevelSchema = z.enum(['global', 'project', 'board']);
export const settingsGetPayloadSchema = z.object({ level: settingsLevelSchema, boardId: positiveIdSchema.optional() }).strict();

/** Per field, the projects and boards below this level that set their own value (a change here does not reach them). */
export const fieldOverridesSchema = z.object({
  field: z.enum(OVERRIDABLE_FIELDS),
  projects: z.array(z.string()),
  boards: z.array(z.object({ id: z.number().int().positive(), name: z.string().nullable() })),
}) satisfies z.ZodType<FieldOverrides>;
export type { FieldOverrides };

export const settingsViewSchema = z.object({
  level: settingsLevelSchema,
  /** Empty for a reader who may not edit the level (a project admin reading the global settings). */
  overriddenBelow: z.array(fieldOverridesSchema),
  revision: z.number().int().nonnegative(),
  savedBy: z.string().nullable(),
  savedAt: z.string().nullable(),
  settings: z.unknown(),
  canEdit: z.boolean(),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

/** The settings body is validated against the level's own schema by the resolver, so errors name the field. */
export const settingsSavePayloadSchema = z
  .object({ level: settingsLevelSchema, boardId: positiveIdSchema.optional(), expectedRevision: z.number().int().nonnegative(), settings: z.unknown() })
  .strict();
export const boardSavePayloadSchema = settingsSavePayloadSchema.extend({ level: z.literal('board') });

/** A save's answer: the revision it wrote. */
export const savedSchema = z.object({ revision: z.number().int().nonnegative() });
/** A settings save also says who saved and when, so the page's "Last saved" line follows its own save. */
export const settingsSavedSchema = savedSchema.extend({ savedAt: z.string(), savedBy: z.string() });
export type SettingsSaved = z.infer<typeof settingsSavedSchema>;

export const previewPayloadSchema = z.object({ jql: z.string().trim().min(1).max(2000), rules: rulesSchema.optional() }).strict();
/** Each issue with the rules sent (`category`...) and, in `before`, its category with the settings saved now: a preview shows what would change. */
export const previewSchema = z.object({
  issues: z.array(
    z.object({
      key: z.string(),
      summary: z.string(),
      category,
      confidence: z.number(),
      before: category,
      reasons: z.array(z.string()),
    }),
  ),
});
export type Preview = z.infer<typeof previewSchema>;

export const bulkStatusSchema = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  total: z.number(),
  processed: z.number(),
  changed: z.number(),
  /** Issues that got their first category from the app, apart from those whose category changed. */
  firstWrites: z.number(),
  failedBatches: z.number(),
  startedAt: z.string(),
  startedBy: z.string(),
});
export type BulkStatus = z.infer<typeof bulkStatusSchema>;

/** What a bulk reclassification with the saved rules would do now (nothing is written): asked before one starts. */
export const bulkDryRunSchema = z.object({ examined: z.number().int().nonnegative(), firstWrites: z.number().int().nonnegative(), changes: z.number().int().nonnegative() });
export type BulkDryRun = z.infer<typeof bulkDryRunSchema>;

export const bulkJobPayloadSchema = z.object({ jobId: jobIdSchema }).strict();
export const bulkStatusPayloadSchema = z.object({ jobId: jobIdSchema.optional() }).strict();

export const auditExportSchema = z.object({ filename: z.string(), csv: z.string() });
export type AuditExport = z.infer<typeof auditExportSchema>;

/** Jira points the app spent on this site (admins only): this UTC hour and today, by purpose, and the quota's state. */
const purposeTotalsSchema = z.object({ points: z.number(), requests: z.number() });
const usageSchema = z.object({ total: purposeTotalsSchema, byPurpose: z.record(z.enum(PURPOSES), purposeTotalsSchema) });
export const pointsUsageSchema = z.object({
  hour: usageSchema,
  today: usageSchema,
  budget: z.object({ backgroundPerDay: z.number(), backgroundToday: z.number() }),
  /** The latest quota headers Jira sent (null before any): `enforced` false while the quota is only reported. */
  quota: z
    .object({ quota: z.number().nullable(), remaining: z.number().nullable(), resetSeconds: z.number().nullable(), nearLimit: z.boolean(), enforced: z.boolean().nullable(), at: z.string() })
    .nullable(),
  /** While the hourly wall holds: when Jira said it clears. */
  wallClearsAt: z.string().nullable(),
  asOf: z.string(),
});
export type PointsUsage = z.infer<typeof pointsUsageSchema>;
