import { z } from 'zod';

/**
 * Jira Software (agile 1.0) response shapes, written from the examples and descriptions in Atlassian's published
 * swagger (jira-software.v3.json), which has few response schemas. The contract tests hold the local server to them;
 * objects are strict so the server cannot drift into shapes Jira does not send.
 */

const int = z.number().int();
const jiraDateTime = z.iso.datetime({ offset: true });

export const agileBoardSchema = z.strictObject({
  id: int,
  self: z.url(),
  name: z.string(),
  type: z.enum(['scrum', 'kanban', 'simple']),
  location: z
    .strictObject({
      projectId: int,
      userId: int,
      userAccountId: z.string(),
      displayName: z.string(),
      projectName: z.string(),
      projectKey: z.string(),
      projectTypeKey: z.string(),
      avatarURI: z.url(),
      name: z.string(),
    })
    .partial()
    .optional(),
  /** Only with `expand=permissions`: whether the caller may change the board's configuration. */
  canEdit: z.boolean().optional(),
  isPrivate: z.boolean().optional(),
  favourite: z.boolean().optional(),
  admins: z
    .strictObject({
      users: z.array(z.strictObject({ self: z.url(), accountId: z.string(), displayName: z.string(), active: z.boolean() })),
      groups: z.array(z.strictObject({ name: z.string(), self: z.url() })),
    })
    .optional(),
});

function page<T extends z.ZodType>(values: T) {
  return z.strictObject({ maxResults: int.positive(), startAt: int.nonnegative(), total: int.nonnegative().optional(), isLast: z.boolean(), values: z.array(values) });
}

export const agileBoardPageSchema = page(agileBoardSchema);

export const boardConfigurationSchema = z.strictObject({
  id: int,
  name: z.string(),
  type: z.enum(['scrum', 'kanban', 'simple']),
  self: z.url(),
  // The example's shape (key, id, self, name), which is what Jira Cloud returns, rather than the schema's projectKeyOrId.
  location: z.strictObject({
    type: z.enum(['project', 'user']),
    key: z.string().optional(),
    id: z.string().optional(),
    self: z.url().optional(),
    name: z.string().optional(),
  }),
  filter: z.strictObject({ id: z.string(), self: z.url() }),
  subQuery: z.strictObject({ query: z.string() }).optional(),
  columnConfig: z.strictObject({
    columns: z.array(
      z.strictObject({
        name: z.string(),
        statuses: z.array(z.strictObject({ id: z.string(), self: z.url() })),
        min: int.optional(),
        max: int.optional(),
      }),
    ),
    constraintType: z.enum(['none', 'issueCount', 'issueCountExclSubs']),
  }),
  /** Scrum boards only. */
  estimation: z
    .strictObject({
      type: z.enum(['none', 'issueCount', 'field']),
      field: z.strictObject({ fieldId: z.string(), displayName: z.string() }).optional(),
    })
    .optional(),
  ranking: z.strictObject({ rankCustomFieldId: int }).optional(),
});

export const agileSprintSchema = z.strictObject({
  id: int,
  self: z.url(),
  state: z.enum(['closed', 'active', 'future']),
  name: z.string(),
  startDate: jiraDateTime.optional(),
  endDate: jiraDateTime.optional(),
  completeDate: jiraDateTime.optional(),
  createdDate: jiraDateTime.optional(),
  originBoardId: int.optional(),
  goal: z.string().optional(),
});

export const agileSprintPageSchema = page(agileSprintSchema);

export const agileEpicSchema = z.strictObject({
  id: int,
  key: z.string(),
  self: z.url(),
  name: z.string(),
  summary: z.string(),
  color: z.strictObject({ key: z.string() }),
  done: z.boolean(),
});

export const agileEpicPageSchema = page(agileEpicSchema);

/** An agile issue: platform fields plus sprint / closedSprints / epic / flagged, and the description as a plain string. */
export const agileIssueSchema = z.strictObject({
  expand: z.string().optional(),
  id: z.string().regex(/^\d+$/),
  self: z.url(),
  key: z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/),
  fields: z.looseObject({
    description: z.string().nullable().optional(),
    sprint: agileSprintSchema.nullable().optional(),
    closedSprints: z.array(agileSprintSchema).optional(),
    epic: agileEpicSchema.nullable().optional(),
    flagged: z.boolean().optional(),
  }),
});

export const agileIssuePageSchema = z.strictObject({
  expand: z.string().optional(),
  startAt: int.nonnegative(),
  maxResults: int.positive(),
  /** Jira leaves it out for some queries: read isLast instead. */
  total: int.nonnegative().optional(),
  isLast: z.boolean().optional(),
  issues: z.array(agileIssueSchema),
});

/** A page of an enhanced (/rest/software/1.0) issue list: token paged, no startAt / maxResults / total. */
export const softwareIssuePageSchema = z.strictObject({
  expand: z.string().optional(),
  issues: z.array(agileIssueSchema),
  isLast: z.boolean(),
  nextPageToken: z.string().optional(),
  names: z.record(z.string(), z.string()).optional(),
  schema: z.record(z.string(), z.unknown()).optional(),
  warningMessages: z.array(z.string()).optional(),
});
