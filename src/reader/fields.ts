import type { EstimationBasis } from '../domain/config';
import type { EstimateSource } from '../domain/normalize';
import type { BoardConfiguration, Field } from '../jira/schemas';

/**
 * Which fields a reader asks for, and where estimates come from: the board's own estimation field, or the site's
 * story points field (found by its schema type, never by display name or a fixed id, which differ per site).
 */

export class FieldSetupError extends Error {}

/** Fields the classifier and capacity check read, besides the estimate and the app's own field. */
export const ISSUE_FIELDS = ['summary', 'description', 'issuetype', 'labels', 'components', 'priority', 'status', 'project', 'parent', 'created', 'resolutiondate'] as const;

/** Ids of the site's fields the app needs; the backend caches them (src/services/site-fields.ts), the load routes pass them on. */
export interface SiteFieldIds {
  storyPoints: string | null;
  sprint: string | null;
  workCategory: string | null;
}

const STORY_POINTS_SCHEMA = 'com.pyxis.greenhopper.jira:jsw-story-points';
const SPRINT_SCHEMA = 'com.pyxis.greenhopper.jira:gh-sprint';
// The app's own field, by its module key in the schema's extension id.
const WORK_CATEGORY_SUFFIX = '/static/work-category';

export function siteFieldIds(fields: readonly Field[]): SiteFieldIds {
  return {
    storyPoints: fields.find((f) => f.schema?.custom === STORY_POINTS_SCHEMA)?.id ?? null,
    sprint: fields.find((f) => f.schema?.custom === SPRINT_SCHEMA)?.id ?? null,
    workCategory: fields.find((f) => f.schema?.custom?.endsWith(WORK_CATEGORY_SUFFIX) === true)?.id ?? null,
  };
}

/** Where estimates come from for a board (or, with none, for an issue), under the configured basis. */
export function estimateSource(basis: EstimationBasis, board: BoardConfiguration | null, storyPointsField: string | null): EstimateSource {
  if (basis === 'issueCount') return { kind: 'issueCount' };
  if (basis === 'originalEstimate') return { kind: 'originalEstimate' };
  if (basis === 'board' && board?.estimation) {
    const { type, field } = board.estimation;
    if (type === 'issueCount') return { kind: 'issueCount' };
    if (type === 'field' && field) return field.fieldId === 'timeoriginalestimate' ? { kind: 'originalEstimate' } : { kind: 'field', fieldId: field.fieldId };
  }
  if (storyPointsField === null) {
    throw new FieldSetupError(
      'No story points field was found on this site. Set the board\'s estimation (Board settings > Estimation), or choose "issue count" or "original estimate" as the estimation basis in KTLO Lens settings.',
    );
  }
  return { kind: 'field', fieldId: storyPointsField };
}

/** The fields to request for issues read with this estimate source. */
export function fieldsFor(source: EstimateSource, extra: ReadonlyArray<string | null> = []): string[] {
  const estimate = source.kind === 'field' ? [source.fieldId] : source.kind === 'originalEstimate' ? ['timeoriginalestimate'] : [];
  return [...new Set([...ISSUE_FIELDS, ...estimate, ...extra.filter((f): f is string => f !== null)])];
}
