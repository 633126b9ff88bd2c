import { z } from 'zod';

/**
 * What the host page tells a surface through `view.getContext()`: for display only (locale, time zone, who "you"
 * are, where the surface was opened). The browser can alter it, so the resolvers never read ids from it; theirs come
 * from the invocation (context.ts).
 */

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
      project: z.looseObject({ key: z.string() }).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});

/** The project page: the board it was opened on (Jira Software gives one, with its type, on a board's project page). */
export const boardContextSchema = z.looseObject({
  locale: z.string().optional(),
  extension: z
    .looseObject({
      board: z.looseObject({ id: positiveId, type: z.string().optional() }).optional().catch(undefined),
      project: z.looseObject({ key: z.string() }).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});
