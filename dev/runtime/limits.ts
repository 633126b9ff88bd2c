/**
 * Platform limits the local runtime enforces, so that code which passes here does not first fail in production.
 * Sources: ../shared/forge-docs (limits-invocation, async-events-api, storage-reference__kvs-*, transactions).
 */

export const INVOCATION_LIMITS = {
  /** Resolvers (UI invocations) and product-event / lifecycle triggers. */
  interactiveTimeoutSeconds: 25,
  /** Consumers and scheduled triggers without `timeoutSeconds` in the manifest. */
  asyncDefaultTimeoutSeconds: 55,
  /** The most a function's `timeoutSeconds` may ask for. */
  asyncMaxTimeoutSeconds: 900,
  resolverPayloadInBytes: 500 * 1024,
  resolverPayloadOutBytes: 5 * 1024 * 1024,
} as const;

export const KVS_LIMITS = {
  valueBytes: 240 * 1024,
  keyLength: 500,
  objectDepth: 32,
  queryDefaultLimit: 10,
  queryMaxLimit: 100,
  /** Not on the pages we have; the app batches by 25 and DynamoDB (behind KVS) caps batch writes at 25. */
  batchItems: 25,
  transactionOperations: 25,
  maxTtlSeconds: 365 * 24 * 60 * 60,
  entityNameMin: 3,
  entityNameMax: 60,
} as const;

export const QUEUE_LIMITS = {
  eventsPerPush: 50,
  /** The SDK and the docs apply 200 KB to the whole push (all events together), not to each event. */
  pushPayloadKilobytes: 200,
  /** "Forge will retry up to 4 times" (events-reference__life-cycle). */
  maxRetries: 4,
  maxRetryAfterSeconds: 900,
  maxDelaySeconds: 900,
  retentionWindowMs: 24 * 60 * 60 * 1000,
} as const;
