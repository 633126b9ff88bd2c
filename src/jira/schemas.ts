import { z } from 'zod';
import { issueFieldsSchema } from '../domain/normalize';

/**
 * The parts of Jira's responses the app reads, as zod schemas. Objects are loose (Jira adds fields all the time);
 * what the app relies on is required. Issue fields stay `unknown` here: the domain's normaliser validates them
 * field by field, so an error can name the issue and the field.
 */

export const rawIssueSchema = z.looseObject({ id: z.string(), key: z.string(), fields: issueFieldsSchema.optional() });

/** The fields of an issue read with `fields=project`. */
export const issueProjectFieldsSchema = z.looseObject({ project: z.looseObject({ key: z.string() }) });
export type RawIssue = z.infer<typeof rawIssueSchema>;

export const searchPageSchema = z.looseObject({
  issues: z.array(rawIssueSchema),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
  names: z.record(z.string(), z.string()).optional(),
});

/** Issue bulk fetch: the issues found; those Jira could not return for a retriable reason are in `issueErrors`. */
export const bulkFetchSchema = z.looseObject({
  issues: z.array(rawIssueSchema),
  issueErrors: z.array(z.looseObject({ id: z.string().optional(), errorMessage: z.string().optional() })).optional(),
});

/** The agile API's offset pages: `values` for boards and sprints, `issues` for issue lists. */
const agilePage = {
  startAt: z.number().int().nonnegative(),
  maxResults: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().optional(),
  isLast: z.boolean().optional(),
};

export const boardSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  type: z.string(),
  location: z.looseObject({ projectKey: z.string().optional(), projectId: z.number().optional() }).optional(),
  /** Present with `expand=permission`: whether the caller may edit the board's configuration. */
  canEdit: z.boolean().optional(),
});
export type Board = z.infer<typeof boardSchema>;
export const boardPageSchema = z.looseObject({ ...agilePage, values: z.array(boardSchema) });

/** GET /rest/api/3/project/search: a page of the projects the caller may see. */
export const projectPageSchema = z.looseObject({ ...agilePage, values: z.array(z.looseObject({ id: z.string(), key: z.string(), name: z.string() })) });

export const sprintSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  state: z.enum(['active', 'future', 'closed']),
  startDate: z.string().optional(),
  endDate: z.string().optional(),
  completeDate: z.string().optional(),
  originBoardId: z.number().int().optional(),
});
export type Sprint = z.infer<typeof sprintSchema>;
export const sprintPageSchema = z.looseObject({ ...agilePage, values: z.array(sprintSchema) });

/**
 * A page of an enhanced Jira Software issue list (`/rest/software/1.0/...`, RFC-127): token paging like search/jql, no
 * `startAt`, `maxResults` or `total`. The last page says `isLast` or carries no token.
 */
export const softwareIssuePageSchema = z.looseObject({
  issues: z.array(rawIssueSchema),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});

/** The same list asked with `fields=id`: the largest pages Jira serves, each issue its id alone. */
export const issueIdPageSchema = z.looseObject({
  issues: z.array(z.looseObject({ id: z.string() })),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});


export const boardConfigurationSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  type: z.string().optional(),
  filter: z.looseObject({ id: z.string() }),
  location: z.looseObject({ type: z.string().optional(), key: z.string().optional() }).optional(),
  columnConfig: z
    .looseObject({
      columns: z.array(z.looseObject({ name: z.string(), statuses: z.array(z.looseObject({ id: z.string() })).optional() })),
    })
    .optional(),
  /** Scrum boards only: what the board estimates with. */
  estimation: z
    .looseObject({
      type: z.string(),
      field: z.looseObject({ fieldId: z.string(), displayName: z.string().optional() }).optional(),
    })
    .optional(),
});
export type BoardConfiguration = z.infer<typeof boardConfigurationSchema>;

export const fieldSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  custom: z.boolean().optional(),
  schema: z.looseObject({ type: z.string().optional(), custom: z.string().optional(), customId: z.number().optional() }).optional(),
});
export type Field = z.infer<typeof fieldSchema>;
export const fieldListSchema = z.array(fieldSchema);

export const myPermissionsSchema = z.looseObject({
  permissions: z.record(z.string(), z.looseObject({ havePermission: z.boolean() })),
});

const changeItemSchema = z.looseObject({
  field: z.string(),
  fieldId: z.string().optional(),
  from: z.string().nullish(),
  fromString: z.string().nullish(),
  to: z.string().nullish(),
  toString: z.string().nullish(),
});
// The schema types `created` as a date-time string; the spec's own example shows epoch milliseconds.
const instant = z.union([z.string(), z.number().transform((ms) => new Date(ms).toISOString())]);
export const changeHistorySchema = z.looseObject({ id: z.string(), created: instant, items: z.array(changeItemSchema) });
export type ChangeHistory = z.infer<typeof changeHistorySchema>;
export const changelogPageSchema = z.looseObject({
  issueChangeLogs: z.array(z.looseObject({ issueId: z.string(), changeHistories: z.array(changeHistorySchema) })),
  nextPageToken: z.string().nullish(),
});

export const statusSchema = z.looseObject({ id: z.string(), statusCategory: z.looseObject({ key: z.string() }) });

/** The enhanced lists' approximate counts. */
export const approximateCountSchema = z.looseObject({ count: z.number().int().nonnegative() });
