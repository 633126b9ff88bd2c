import { invoke } from '@forge/bridge';
import { envelopeSchema, failure, type Envelope } from '../../contracts/envelope';
import type { Route } from '../../contracts/routes';

/**
 * The one place the Custom UI calls a resolver, by its route (src/contracts/routes.ts): the payload is typed by the
 * route's payload schema, and every answer, having crossed a boundary, is parsed against the route's answer schema
 * before anything renders it; a bridge failure or an answer of the wrong shape becomes an INTERNAL envelope, so
 * components deal with a single result type and never with exceptions.
 */
export async function call<Payload, Answer, Sent extends Record<string, unknown>>(route: Route<Payload, Answer, Sent>, payload: Sent): Promise<Envelope<Answer>> {
  let answer: unknown;
  try {
    answer = await invoke(route.key, payload);
  } catch (e) {
    return failure('INTERNAL', `KTLO Lens could not be reached (${e instanceof Error ? e.message.trim() : String(e)}).`);
  }
  const parsed = envelopeSchema(route.answer).safeParse(answer);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') || 'answer';
    return failure('INTERNAL', `KTLO Lens answered '${route.key}' in an unexpected shape (at ${where}).`);
  }
  return parsed.data;
}
