import type { EstimationBasis } from '../domain/config';
import type { EstimateSource } from '../domain/normalize';
import type { JiraClient } from '../jira/client';
import type { BoardConfiguration } from '../jira/schemas';
import { siteFields } from './site-fields';

/**
 * Where estimates come from: the board's own estimation field, or the site's story points field (found by its schema
 * type, never by display name or a fixed id, which differ per site).
 */

export class FieldSetupError extends Error {}

/** Fields the classifier and capacity check read, besides the estimate and the app's own field. */
export const ISSUE_FIELDS = ['summary', 'description', 'issuetype', 'labels', 'components', 'priority', 'status', 'project', 'parent', 'created', 'resolutiondate'] as const;

/** Where estimates come from for a board, under the configured basis. */
export async function estimateSource(basis: EstimationBasis, board: BoardConfiguration | null, jira: JiraClient): Promise<EstimateSource> {
  if (basis === 'issueCount') return { kind: 'issueCount' };
  if (basis === 'originalEstimate') return { kind: 'originalEstimate' };
  if (basis === 'board' && board?.estimation) {
    const { type, field } = board.estimation;
    if (type === 'issueCount') return { kind: 'issueCount' };
    if (type === 'field' && field) return field.fieldId === 'timeoriginalestimate' ? { kind: 'originalEstimate' } : { kind: 'field', fieldId: field.fieldId };
  }
  const found = (await siteFields(jira)).storyPoints;
  if (found === null) {
    throw new FieldSetupError(
      'No story points field was found on this site. Set the board\'s estimation (Board settings > Estimation), or choose "issue count" or "original estimate" as the estimation basis in KTLO Lens settings.',
    );
  }
  return { kind: 'field', fieldId: found };
}

/** The fields to request for issues read with this estimate source. */
export function fieldsFor(source: EstimateSource, extra: readonly string[] = []): string[] {
  const estimate = source.kind === 'field' ? [source.fieldId] : source.kind === 'originalEstimate' ? ['timeoriginalestimate'] : [];
  return [...ISSUE_FIELDS, ...estimate, ...extra];
}
