import { z } from 'zod';
import { accountIdSchema, issueKeySchema, projectKeySchema } from './ids';

/**
 * The module contexts Forge hands the app's functions: the trusted one of a resolver's invocation, and the lozenge's
 * (dynamicProperties) event. What the host page tells a surface is in view-context.ts.
 */

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

/** The issue panel's dynamicProperties event. */
export const lozengeEventSchema = z.looseObject({
  extension: z.looseObject({
    issue: z.looseObject({ id: z.union([z.string(), z.number()]).transform(String), key: z.string() }),
    project: z.looseObject({ key: z.string() }).optional(),
  }),
});
