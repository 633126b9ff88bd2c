import type { Envelope } from '../../contracts/envelope';
import type { AuditExport, BulkStatus, PointsUsage, Preview, SettingsView } from '../../contracts/resolvers';
import { settingsRoutes } from '../../contracts/routes';
import type { GlobalConfig, ProjectConfig, Rules } from '../../domain/config';
import { call } from './call';

/**
 * The settings surface's resolvers (function `settings-resolver`). The project is never named in a payload: on the
 * project settings page the resolver takes it from the trusted invocation context.
 */

export type SettingsLevel = 'global' | 'project';
export type { AuditExport };

export function getSettings(level: SettingsLevel): Promise<Envelope<SettingsView>> {
  return call(settingsRoutes.get, { level });
}

export function saveSettings(level: SettingsLevel, expectedRevision: number, settings: GlobalConfig | ProjectConfig): Promise<Envelope<{ revision: number }>> {
  return call(settingsRoutes.save, { level, expectedRevision, settings });
}

export function previewRules(jql: string, rules: Rules): Promise<Envelope<Preview>> {
  return call(settingsRoutes.preview, { jql, rules });
}

export function startBulk(): Promise<Envelope<BulkStatus>> {
  return call(settingsRoutes.startBulk, {});
}

export function resumeBulk(jobId: string): Promise<Envelope<BulkStatus>> {
  return call(settingsRoutes.resumeBulk, { jobId });
}

/** The named job, or the latest one (null when no bulk reclassification ever ran). */
export function getBulkStatus(jobId?: string): Promise<Envelope<BulkStatus | null>> {
  return call(settingsRoutes.bulkStatus, jobId === undefined ? {} : { jobId });
}

export function exportAudit(): Promise<Envelope<AuditExport>> {
  return call(settingsRoutes.exportAudit, {});
}

export function getPointsUsage(): Promise<Envelope<PointsUsage>> {
  return call(settingsRoutes.points, {});
}
