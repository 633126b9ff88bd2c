import type { z } from 'zod';
import {
  appliedReserveSchema,
  applyReservePayloadSchema,
  auditExportSchema,
  boardPayloadSchema,
  boardSavePayloadSchema,
  bulkDryRunSchema,
  bulkJobPayloadSchema,
  bulkStatusPayloadSchema,
  bulkStatusSchema,
  capacityLoadSchema,
  emptyPayloadSchema,
  issuePanelLoadSchema,
  issueViewSchema,
  pointsUsageSchema,
  previewPayloadSchema,
  previewSchema,
  ruleSuggestionSchema,
  savedSchema,
  setOverridePayloadSchema,
  settingsGetPayloadSchema,
  settingsSavedSchema,
  settingsSavePayloadSchema,
  settingsViewSchema,
} from './resolvers';

/**
 * Every resolver route: its key, the schema its payload is parsed with, and the schema of its answer. The resolvers
 * register handlers by route (src/resolvers/common.ts `SurfaceResolver.define`) and the Custom UI calls by route
 * (src/frontend/api/call.ts `call`): neither side spells a key, and both sides are typed from the same schemas.
 */
export interface Route<Payload, Answer, Sent = Payload> {
  readonly key: string;
  /** Parses what the browser sent (`Sent`) into what the handler gets (`Payload`). */
  readonly payload: z.ZodType<Payload, Sent>;
  /** What the handler answers and the browser parses the answer with. */
  readonly answer: z.ZodType<Answer>;
}

function route<Payload, Answer, Sent>(key: string, payload: z.ZodType<Payload, Sent>, answer: z.ZodType<Answer>): Route<Payload, Answer, Sent> {
  return { key, payload, answer };
}

/** The issue panel (function `issue-panel-resolver`): what lives in the app; the panel reads the issue in the browser. */
export const issuePanelRoutes = {
  load: route('issue/load', emptyPayloadSchema, issuePanelLoadSchema),
  setOverride: route('issue/setOverride', setOverridePayloadSchema, issueViewSchema),
  clearOverride: route('issue/clearOverride', emptyPayloadSchema, issueViewSchema),
  suggestRule: route('issue/suggestRule', emptyPayloadSchema, ruleSuggestionSchema),
};

/** Sprint capacity, flow and trends (function `capacity-resolver`): what lives in the app; the views read Jira in the browser. */
export const capacityRoutes = {
  load: route('capacity/load', boardPayloadSchema, capacityLoadSchema),
  saveBoardSettings: route('capacity/saveBoardSettings', boardSavePayloadSchema, savedSchema),
  applyReserve: route('capacity/applyReserve', applyReservePayloadSchema, appliedReserveSchema),
};

/** Settings (function `settings-resolver`). */
export const settingsRoutes = {
  get: route('settings/get', settingsGetPayloadSchema, settingsViewSchema),
  save: route('settings/save', settingsSavePayloadSchema, settingsSavedSchema),
  preview: route('settings/preview', previewPayloadSchema, previewSchema),
  bulkDryRun: route('settings/bulkDryRun', emptyPayloadSchema, bulkDryRunSchema),
  startBulk: route('settings/startBulk', emptyPayloadSchema, bulkStatusSchema),
  resumeBulk: route('settings/resumeBulk', bulkJobPayloadSchema, bulkStatusSchema),
  bulkStatus: route('settings/bulkStatus', bulkStatusPayloadSchema, bulkStatusSchema.nullable()),
  points: route('settings/points', emptyPayloadSchema, pointsUsageSchema),
  exportAudit: route('settings/exportAudit', emptyPayloadSchema, auditExportSchema),
};

/** Any route, for code that handles routes whatever their payload and answer (the registry, the local host). */
export interface SomeRoute {
  readonly key: string;
  readonly payload: z.ZodType;
  readonly answer: z.ZodType;
}
export type RouteGroup = Readonly<Record<string, SomeRoute>>;

/** The manifest's resolver functions and the routes each answers; a route belongs to exactly one. */
export const SURFACE_ROUTES: Readonly<Record<string, RouteGroup>> = {
  'issue-panel-resolver': issuePanelRoutes,
  'capacity-resolver': capacityRoutes,
  'settings-resolver': settingsRoutes,
};

/** The route a key names, if any (the key an invocation asks for arrives as a string). */
export function routeOf(key: string): SomeRoute | undefined {
  return Object.values(SURFACE_ROUTES)
    .flatMap((group) => Object.values(group))
    .find((r) => r.key === key);
}
