import { z } from 'zod';

/**
 * GET /rest/api/3/user/bulk: the accounts asked for that exist, `displayName` as the caller may see it. Read by the
 * backend (src/jira/client.ts, for exports) and the browser (src/frontend/api/users.ts, as the viewer).
 */
export const userPageSchema = z.looseObject({
  values: z.array(z.looseObject({ accountId: z.string(), displayName: z.string().optional() })),
});
