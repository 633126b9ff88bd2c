import { z } from 'zod';
import type { Envelope } from '../../contracts/envelope';
import {
  auditExportSchema,
  bulkStatusSchema,
  pointsUsageSchema,
  previewSchema,
  settingsViewSchema,
  type BulkStatus,
  type PointsUsage,
  type Preview,
  type SettingsView,
} from '../../contracts/resolvers';
import type { GlobalConfig, ProjectConfig, Rules } from '../../domain/config';
import { call } from './call';

/**
 * The settings surface's resolvers (function `settings-resolver`). The project is never named in a payload: on the
 * project settings page the resolver takes it from the trusted invocation context.
 */

export type SettingsLevel = 'global' | 'project';
export type AuditExport = z.infer<typeof auditExportSchema>;

const savedSchema = z.object({ revision: z.number().int().nonnegative(), savedAt: z.string(), savedBy: z.string() });
export type Saved = z.infer<typeof savedSchema>;
/** What a bulk reclassification with the saved rules would do now (services/reclassify.ts DryRun; nothing is written). */
const bulkDryRunSchema = z.object({ examined: z.number().int().nonnegative(), firstWrites: z.number().int().nonnegative(), changes: z.number().int().nonnegative() });
export type BulkDryRun = z.infer<typeof bulkDryRunSchema>;

export function getSettings(level: SettingsLevel): Promise<Envelope<SettingsView>> {
  return call('settings/get', { level }, settingsViewSchema);
}

export function saveSettings(level: SettingsLevel, expectedRevision: number, settings: GlobalConfig | ProjectConfig): Promise<Envelope<Saved>> {
  return call('settings/save', { level, expectedRevision, settings }, savedSchema);
}

export function previewRules(jql: string, rules: Rules): Promise<Envelope<Preview>> {
  return call('settings/preview', { jql, rules }, previewSchema);
}

/** How many issues a bulk reclassification with the saved rules would give a first category, and would change. */
export function dryRunBulk(): Promise<Envelope<BulkDryRun>> {
  return call('settings/bulkDryRun', {}, bulkDryRunSchema);
}

export function startBulk(): Promise<Envelope<BulkStatus>> {
  return call('settings/startBulk', {}, bulkStatusSchema);
}

export function resumeBulk(jobId: string): Promise<Envelope<BulkStatus>> {
  return call('settings/resumeBulk', { jobId }, bulkStatusSchema);
}

/** The named job, or the latest one (null when no bulk reclassification ever ran). */
export function getBulkStatus(jobId?: string): Promise<Envelope<BulkStatus | null>> {
  return call('settings/bulkStatus', jobId === undefined ? {} : { jobId }, bulkStatusSchema.nullable());
}

export function exportAudit(): Promise<Envelope<AuditExport>> {
  return call('settings/exportAudit', {}, auditExportSchema);
}

export function getPointsUsage(): Promise<Envelope<PointsUsage>> {
  return call('settings/points', {}, pointsUsageSchema);
}
