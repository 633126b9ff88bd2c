import { failure, type Envelope } from '../../../src/contracts/envelope';
import type { BoardSummary, CapacityLoad, FlowView, Leveled, ReserveSuggestion, SettingsView, SprintCapacity, SprintList, TrendView } from '../../../src/contracts/resolvers';
import { boardConfigSchema, DEFAULT_GLOBAL_CONFIG, resolveConfig } from '../../../src/domain/config';
import { host } from './fake-bridge';

/**
 * For component tests of how the capacity surfaces render a measurement: stands in for src/frontend/api/measured.ts
 * (the browser's reads and the domain, loaded on demand), which the test answers with the view it wants drawn. The
 * load invoke still goes through the real @forge/bridge to the fake host (`answerLoad`). The browser's real reads
 * against a Jira server are tested in real-reads.test.tsx. Use with
 * `jest.mock('../../../src/frontend/api/measured', () => jest.requireActual('../support/measured-views'))`.
 */

type View = 'boards' | 'sprints' | 'sprint' | 'flow' | 'trend' | 'kanban-trend' | 'kanban-reserve';
interface Call {
  board?: number;
  project?: string;
  sprintId?: number;
  sprints?: number;
  period?: 'week' | 'month';
  periods?: number;
}

type Handler = (call: Call) => Envelope<unknown> | Promise<Envelope<unknown>>;
const answers = new Map<View, Handler>();
const calls: Array<{ view: View; call: Call }> = [];

export const views = {
  answer(view: View, handler: Handler): void {
    answers.set(view, handler);
  },
  callsOf(view: View): Call[] {
    return calls.filter((c) => c.view === view).map((c) => c.call);
  },
};

afterEach(() => {
  answers.clear();
  calls.length = 0;
});

/** Every setting at its default: nobody saved settings at any level. */
export const DEFAULT_LEVELS: Leveled['levels'] = { band: 'default', estimationBasis: 'default', defaultCategory: 'default', lowConfidenceThreshold: 'default', explicitLabels: 'default', rules: 'default', teamCapacity: 'default', wipLimit: 'default' };

/** The app's data for a board as capacity/load answers it; the board is the picked one, else board 1 of the context. */
export function loadAnswer(payload: Record<string, unknown>): CapacityLoad {
  const id = typeof payload['boardId'] === 'number' ? payload['boardId'] : 1;
  return {
    board: { id, name: `Board ${id}`, type: 'scrum', projectKey: 'OPS', canEdit: true },
    settings: { effective: resolveConfig(DEFAULT_GLOBAL_CONFIG), levels: { band: 'default', estimationBasis: 'default', defaultCategory: 'default', lowConfidenceThreshold: 'default', explicitLabels: 'default', rules: 'default', teamCapacity: 'default', wipLimit: 'default' } },
    own: { revision: 0, savedBy: null, savedAt: null, settings: {} },
    reserve: { kind: 'too-little-history', period: 'sprint', periods: 0, needed: 4 },
    fields: { storyPoints: 'customfield_10016', sprint: 'customfield_10020', workCategory: null },
    overridesProject: 'OPS',
    overrides: {},
    enabledProjects: ['OPS'],
    history: [],
    team: null,
    reconcile: [],
  };
}

/** Answers the surface's load invoke (call before rendering), with `over` in place of the defaults. */
export function answerLoad(over: (payload: Record<string, unknown>, load: CapacityLoad) => Partial<CapacityLoad> = () => ({})): void {
  host.answer('capacity/load', (payload) => {
    const load = loadAnswer(payload);
    return { ok: true, data: { ...load, ...over(payload, load) } };
  });
}

/** A load whose board settings (the form's) are `view`: its own settings, revision and whether the caller may edit. */
export function withSettings(view: SettingsView): (payload: Record<string, unknown>, load: CapacityLoad) => Partial<CapacityLoad> {
  const settings = boardConfigSchema.parse(view.settings ?? {});
  return (_payload, load) => ({ board: { ...load.board, canEdit: view.canEdit }, own: { revision: view.revision, savedBy: view.savedBy, savedAt: view.savedAt, settings } });
}

/** What the surface hands a view: its load, and the early read it started (the stand-in reads no Jira). */
interface Loaded {
  load: CapacityLoad;
  early: { boardId: number; sprintId: number | null } | undefined;
}

/** The board (and sprint) the surface asked Jira for beside its load: noted, not read. */
export function readEarly(boardId: number, sprintId: number | null): { boardId: number; sprintId: number | null } {
  return { boardId, sprintId };
}

/** The project page's board list, as the viewer would read it. */
export function projectBoards(projectKey: string): Promise<Envelope<BoardSummary[]>> {
  return answered('boards', { project: projectKey });
}

async function answered<T>(view: View, call: Call): Promise<Envelope<T>> {
  calls.push({ view, call });
  const handler = answers.get(view);
  // The handler is the test's own: it answers with the view this function promises.
  return handler ? ((await handler(call)) as Envelope<T>) : failure('INTERNAL', `the test did not answer the ${view} view`);
}

export function sprintList({ load }: Loaded): Promise<Envelope<SprintList>> {
  return answered('sprints', { board: load.board.id });
}

export function sprintCapacity({ load }: Loaded, sprintId: number | null): Promise<Envelope<SprintCapacity>> {
  return answered('sprint', { board: load.board.id, ...(sprintId === null ? {} : { sprintId }) });
}

export function kanbanFlow({ load }: Loaded): Promise<Envelope<FlowView>> {
  return answered('flow', { board: load.board.id });
}

export function sprintTrend({ load }: Loaded, sprints: number): Promise<Envelope<TrendView>> {
  return answered('trend', { board: load.board.id, sprints });
}

export function kanbanTrend({ load }: Loaded, period: 'week' | 'month', periods: number): Promise<Envelope<TrendView>> {
  return answered('kanban-trend', { board: load.board.id, period, periods });
}

export function kanbanReserve({ load }: Loaded): Promise<Envelope<ReserveSuggestion>> {
  return answered('kanban-reserve', { board: load.board.id });
}
