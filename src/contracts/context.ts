import { z } from 'zod';
import { accountIdSchema, issueKeySchema, projectKeySchema } from './ids';

/**
 * The module contexts that cross into the app: the trusted one Forge hands a resolver with each invocation, the
 * lozenge's (dynamicProperties) event, and the display-only one the host page gives a surface through
 * `view.getContext()`, which the browser can alter and which the resolvers therefore never read ids from.
 */

// ---- what a resolver gets from Forge -----------------------------------------------------------------------------

/** Ids as Jira sends them in a module's context: numeric, as strings or numbers. */
const numericString = z.union([z.string().regex(/^\d+$/, 'must be a numeric id'), z.number().int().nonnegative()]).transform(String);
const numericId = z.union([z.string().regex(/^\d+$/, 'must be a numeric id'), z.number().int()]).transform(Number).pipe(z.number().int().positive());

export const invocationContextSchema = z.looseObject({
  accountId: accountIdSchema.optional(),
  extension: z
    .looseObject({
      type: z.string().optional(),
      issue: z.looseObject({ id: numericString, key: issueKeySchema }).optional(),
      project: z.looseObject({ id: numericString.optional(), key: projectKeySchema }).optional(),
      board: z.looseObject({ id: numericId, type: z.string().optional() }).optional(),
      sprint: z.looseObject({ id: numericId, state: z.string().optional() }).optional(),
    })
    .optional(),
});
export type InvocationExtension = NonNullable<z.infer<typeof invocationContextSchema>['extension']>;

/** The resolver key an invocation asks for. */
export const invokedKeySchema = z.looseObject({ call: z.looseObject({ functionKey: z.string() }) });

/** The issue panel's dynamicProperties event, and who the invocation runs for. */
export const lozengeEventSchema = z.looseObject({
  extension: z.looseObject({
    issue: z.looseObject({ id: z.union([z.string(), z.number()]).transform(String), key: z.string() }),
    project: z.looseObject({ key: z.string() }).optional(),
  }),
});
export const invocationPrincipalSchema = z.looseObject({ principal: z.looseObject({ accountId: z.string().min(1) }).optional() });

// ---- what the host page tells a surface (display only) ------------------------------------------------------------

const idSchema = z.union([z.string(), z.number()]).transform(String);

export const viewContextSchema = z.looseObject({
  accountId: z.string().optional(),
  locale: z.string().optional(),
  timezone: z.string().optional(),
  moduleKey: z.string().optional(),
  extension: z
    .looseObject({
      type: z.string().optional(),
      issue: z.looseObject({ id: idSchema.optional(), key: z.string() }).optional(),
      project: z.looseObject({ id: idSchema.optional(), key: z.string() }).optional(),
    })
    .optional(),
});

const positiveId = z.union([z.number(), z.string()]).transform(Number).pipe(z.number().int().positive());

/** Sprint capacity's surfaces: the board and sprint they were opened on, when the module gives them. */
export const capacityContextSchema = z.looseObject({
  locale: z.string().optional(),
  extension: z
    .looseObject({
      board: z.looseObject({ id: positiveId }).optional().catch(undefined),
      sprint: z.looseObject({ id: positiveId }).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});

/** The project page: the board it was opened on (Jira Software gives one, with its type, on a board's project page). */
export const boardContextSchema = z.looseObject({
  locale: z.string().optional(),
  extension: z
    .looseObject({ board: z.looseObject({ id: positiveId, type: z.string().optional() }).optional().catch(undefined) })
    .optional()
    .catch(undefined),
});
