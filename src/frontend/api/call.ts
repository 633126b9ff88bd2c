import { invoke } from '@forge/bridge';
import type { z } from 'zod';
import { envelopeSchema, failure, type Envelope } from '../../contracts/envelope';

/**
 * The one place the Custom UI calls a resolver. Every answer crossed a boundary, so it is parsed against the contract
 * before anything renders it; a bridge failure or an answer of the wrong shape becomes an INTERNAL envelope, so
 * components deal with a single result type and never with exceptions.
 */
export async function call<T>(functionKey: string, payload: Record<string, unknown>, data: z.ZodType<T>): Promise<Envelope<T>> {
  let answer: unknown;
  try {
    answer = await invoke(functionKey, payload);
  } catch (e) {
    return failure('INTERNAL', `KTLO Lens could not be reached (${e instanceof Error ? e.message.trim() : String(e)}).`);
  }
  const parsed = envelopeSchema(data).safeParse(answer);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') || 'answer';
    return failure('INTERNAL', `KTLO Lens answered '${functionKey}' in an unexpected shape (at ${where}).`);
  }
  return parsed.data;
}
