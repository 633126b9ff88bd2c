/**
 * Error answers of the local KVS. @forge/kvs turns any non-2xx `{ code, message }` body into a ForgeKvsAPIError with
 * that code and `responseDetails.status`, and treats `KEY_NOT_FOUND` on get as "no value".
 *
 * Codes from Forge's storage error pages: EMPTY_KEY, INVALID_KEY, KEY_TOO_LONG, MAX_SIZE, MAX_DEPTH, KEY_NOT_FOUND,
 * INVALID_ENTITY_TYPE, INVALID_ENTITY_VALUE, BAD_REQUEST. Atlassian does not publish the code for a FAIL_IF_EXISTS
 * conflict or a failed transaction condition: those two are local names on HTTP 409, so app code should recognise a
 * conflict by `responseDetails.status === 409`, not by the code string.
 */
export const KVS_ERROR = {
  badRequest: 'BAD_REQUEST',
  emptyKey: 'EMPTY_KEY',
  invalidKey: 'INVALID_KEY',
  keyTooLong: 'KEY_TOO_LONG',
  maxSize: 'MAX_SIZE',
  maxDepth: 'MAX_DEPTH',
  keyNotFound: 'KEY_NOT_FOUND',
  invalidCursor: 'INVALID_CURSOR',
  invalidEntityType: 'INVALID_ENTITY_TYPE',
  invalidEntityValue: 'INVALID_ENTITY_VALUE',
  invalidEntityIndex: 'INVALID_ENTITY_INDEX',
  keyAlreadyExists: 'KEY_ALREADY_EXISTS',
  conditionFailed: 'TRANSACTION_CONDITION_FAILED',
  notFound: 'NOT_FOUND',
} as const;

export type KvsErrorCode = (typeof KVS_ERROR)[keyof typeof KVS_ERROR];

export class KvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: KvsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KvsError';
  }

  toResponse(): Response {
    return Response.json({ code: this.code, message: this.message }, { status: this.status });
  }
}

export const badRequest = (message: string): KvsError => new KvsError(400, KVS_ERROR.badRequest, message);
