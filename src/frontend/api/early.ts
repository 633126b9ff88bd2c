import { requestJira, view } from '@forge/bridge';
import { boardConfigurationRead, sprintIssuesRead, sprintRead, type JiraGet } from '../../jira/board-reads';
import type * as Measured from './measured';

/**
 * What a sprint surface starts before the rest of its code is even evaluated (zod, the contracts and the app's
 * settings schemas take ~50 ms of the main thread, the measurement code ~100 kB more to fetch): the host's context,
 * the measurement module's fetch, and, once the context names the board and sprint, the view's first reads (the
 * board's configuration, the sprint, its issue ids) as the viewer. Those answers wait here, unread, for the first
 * reads of the surface (measured.ts readEarly), whose client takes an answer asked by the same path and request
 * instead of asking again, and validates it as any other. The context is validated where it is used
 * (capacity.ts getCapacityContext): what the reads are asked by here is a hint, and a read asked by a wrong hint is
 * never taken, since the client asks by the validated ids. Imports no zod, so the entry that calls it stays small.
 */

let context: Promise<unknown> | null = null;
let ahead = new Map<string, Promise<Response>>();

/** A positive integer id, as the context may give it (a number or its digits); null for anything else. */
function idHint(holder: unknown): number | null {
  const id = typeof holder === 'object' && holder !== null && 'id' in holder ? holder.id : undefined;
  const n = typeof id === 'number' ? id : typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

function hintsOf(raw: unknown): { boardId: number | null; sprintId: number | null } {
  const extension = typeof raw === 'object' && raw !== null && 'extension' in raw ? raw.extension : undefined;
  const part = (name: string): unknown => (typeof extension === 'object' && extension !== null && name in extension ? (extension as Record<string, unknown>)[name] : undefined);
  return { boardId: idHint(part('board')), sprintId: idHint(part('sprint')) };
}

function askAhead({ path, init }: JiraGet): void {
  const asked = requestJira(path.value, init);
  // Not taken, or taken and failed: the client's own attempt reports it, never an unhandled rejection.
  asked.catch(() => undefined);
  ahead.set(path.value, asked);
}

/** How long at most the entry holds the rest of its code for the context: a host that does not answer still gets a surface. */
const HOLD_FOR_CONTEXT_MS = 100;

/**
 * Starts the surface: its context asked, its measurement code fetched, its first reads asked as soon as the context
 * names them. Settles once they are asked (or the context names none), or after HOLD_FOR_CONTEXT_MS: the entry
 * evaluates the rest of its code then, not while the context's answer waits for the main thread.
 */
export function startEarly(): Promise<void> {
  const asked = view.getContext().then(
    (raw: unknown) => raw,
    () => null,
  );
  context = asked;
  void measuredModule().catch(() => undefined);
  const sent = asked.then((raw) => {
    const { boardId, sprintId } = hintsOf(raw);
    if (boardId === null) return;
    askAhead(boardConfigurationRead(boardId));
    if (sprintId === null) return;
    askAhead(sprintRead(sprintId));
    askAhead(sprintIssuesRead(boardId, sprintId, ['id'], {}, undefined));
  });
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, HOLD_FOR_CONTEXT_MS);
    void sent.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The host's context as the surface started with it, once; later callers (a panel opened afresh) ask the host again. */
export function hostContext(): Promise<unknown> {
  const started = context;
  context = null;
  return started ?? view.getContext();
}

/** The first reads asked ahead, for the surface's first reads alone: handed over once, so no later view takes an old answer. */
export function takeAhead(): ReadonlyMap<string, Promise<Response>> {
  const taken = ahead;
  ahead = new Map();
  return taken;
}

/**
 * The measurement module: the reader, the classifier and the domain. Not part of the surface's initial load (its
 * budget), but asked for as the surface starts: every capacity view needs it.
 */
let measuring: Promise<typeof Measured> | null = null;
export function measuredModule(): Promise<typeof Measured> {
  // A chunk the browser could not fetch (the app redeployed, the network dropped) is asked for again next time.
  measuring ??= import('./measured.js').catch((e: unknown) => {
    measuring = null;
    throw e;
  });
  return measuring;
}
