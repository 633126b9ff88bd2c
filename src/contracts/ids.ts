import { z } from 'zod';
import { projectKeySchema } from '../domain/config';

/**
 * The shapes of the ids that reach the resolvers, in payloads or in the module's context. Anything else is refused as
 * INVALID_INPUT naming the field, before it can become a storage key (the KVS key alphabet is small) or a JQL term.
 */

export { projectKeySchema };

/** An issue key: the project's key, a hyphen, the issue's number. */
export const issueKeySchema = z.string().regex(/^[A-Z][A-Z0-9_]{0,254}-[1-9]\d{0,17}$/, 'must be a Jira issue key such as OPS-12');

/** Atlassian account ids: "5b10ac8d82e05b22cc7d4ef5" or "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077". */
export const accountIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9:_-]{0,127}$/, 'must be an Atlassian account id');

/** Board, sprint and other numeric Jira ids in payloads. */
export const positiveIdSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Bulk reclassification jobs are named by the UUID `startBulk` gave them. */
export const jobIdSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a bulk job id (a UUID)');
