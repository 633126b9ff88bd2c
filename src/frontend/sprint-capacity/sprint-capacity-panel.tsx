import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { ErrorCode } from '../../contracts/envelope';
import type { SettingsView, SprintCapacity, SprintList } from '../../contracts/resolvers';
import { getBoardFacts, getBoards, getBoardSettings, getSprint, getSprints, openedContext, readAhead, reload, type BoardFacts, type BoardSummary, type CapacityContext } from '../api/capacity';
import { BOARD_SETTINGS_ID, SettingPlacesProvider, type BoardField } from '../shared/level-link';
import { Notice } from '../shared/notice';
import { ErrorMessage, Loading } from '../shared/states';
import { Picker } from './pickers';
import type { NotMeasured } from './capacity-details';

type Failure = { code: ErrorCode; message: string };
type Load<T> = { status: 'loading' } | { status: 'failed'; error: Failure } | { status: 'ready'; data: T };

const LOADING = { status: 'loading' } as const;

/** The board settings form waits for its own answer anyway: its code loads with it, not with the surface. */
const BoardSettings = lazy(() => import('./board-settings.js').then((m) => ({ default: m.BoardSettings })));
/** The figures wait for the measurement, which loads on demand: their code (and the what-if's domain) loads beside it. */
const measuredSprintModule = () => import('./measured-sprint.js');
const MeasuredSprint = lazy(() => measuredSprintModule().then((m) => ({ default: m.MeasuredSprint })));
/** A Kanban board opens on its flow: the project page's flow panel, loaded only for such a board. */
const FlowPanel = lazy(() => import('../project-page/flow-panel.js').then((m) => ({ default: m.FlowPanel })));
/** The reserve suggestion waits for its own answer too. */
const ReserveSuggestion = lazy(() => import('./reserve-suggestion.js').then((m) => ({ default: m.ReserveSuggestion })));

/** The sprint a planner most likely means: the active one, else the next future one. */
function defaultSprint(list: SprintList): number | null {
  return (list.sprints.find((s) => s.state === 'active') ?? list.sprints[0])?.id ?? null;
}

/**
 * Sprint capacity (jira:sprintAction, jira:backlogAction, project page). The module's context decides what the person
 * picks: nothing on a sprint's menu (board and sprint given), the sprint on the backlog (board given), both on the
 * project page. A Kanban board (the backlog action shows on those too) has no sprints: it opens on its flow, with its
 * board settings (the KTLO WIP limit). Computed on open and on Refresh; nothing polls.
 */
export function SprintCapacityPanel() {
  const [context, setContext] = useState<CapacityContext | null>(null);
  const [boards, setBoards] = useState<Load<BoardSummary[]> | null>(null);
  const [boardId, setBoardId] = useState<number | null>(null);
  const [facts, setFacts] = useState<Load<BoardFacts> | null>(null);
  const [sprints, setSprints] = useState<Load<SprintList> | null>(null);
  const [sprintId, setSprintId] = useState<number | null>(null);
  const [capacity, setCapacity] = useState<Load<SprintCapacity> | null>(null);
  const [settings, setSettings] = useState<Load<SettingsView> | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  // Saves of the board settings on this surface: the flow of a Kanban board measures again after each.
  const [saves, setSaves] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);
  const latestSettings = useRef(0);

  useEffect(() => {
    let live = true;
    // The board in the context was asked for (its load, and Jira beside it) as the context came in; the sprint's figures' code loads now.
    void openedContext().then((ctx) => {
      if (!live) return;
      if (ctx.sprintId !== null) void measuredSprintModule();
      setContext(ctx);
    });
    return () => {
      live = false;
    };
  }, []);

  // Ids the person picked; what the context gives is never sent (the resolver reads its own, trusted copy).
  const pickBoard = context?.boardId === null;
  const pickSprint = context?.sprintId === null;
  const boardKnown = context !== null && (!pickBoard || boardId !== null);
  const payloadBoard = pickBoard ? boardId : null;
  const kanban = facts?.status === 'ready' && facts.data.type === 'kanban';
  const sprintBoard = boardKnown && facts?.status === 'ready' && !kanban;
  const sprintKnown = sprintBoard && (!pickSprint || sprintId !== null);
  const payloadSprint = pickSprint ? sprintId : null;

  useEffect(() => {
    if (!context || !pickBoard) return;
    let live = true;
    setBoards(LOADING);
    void getBoards(context.projectKey).then((answer) => {
      if (!live) return;
      setBoards(answer.ok ? { status: 'ready', data: answer.data } : { status: 'failed', error: answer.error });
      const first = answer.ok ? answer.data[0] : undefined;
      if (first) readAhead(first.id, null);
      setBoardId(first?.id ?? null);
    });
    return () => {
      live = false;
    };
  }, [context, pickBoard, attempt]);

  useEffect(() => {
    if (!boardKnown) return;
    let live = true;
    setFacts(LOADING);
    void getBoardFacts(payloadBoard).then((answer) => {
      if (live) setFacts(answer.ok ? { status: 'ready', data: answer.data } : { status: 'failed', error: answer.error });
    });
    return () => {
      live = false;
    };
  }, [boardKnown, payloadBoard, attempt]);

  useEffect(() => {
    if (!sprintBoard || !pickSprint) return;
    let live = true;
    setSprints(LOADING);
    setSprintId(null);
    void getSprints(payloadBoard).then((answer) => {
      if (!live) return;
      setSprints(answer.ok ? { status: 'ready', data: answer.data } : { status: 'failed', error: answer.error });
      if (answer.ok) setSprintId(defaultSprint(answer.data));
    });
    return () => {
      live = false;
    };
  }, [sprintBoard, pickSprint, payloadBoard, attempt]);

  const loadCapacity = useCallback(
    async (quiet: boolean): Promise<boolean> => {
      const id = ++latest.current;
      if (!quiet) setCapacity(LOADING);
      const answer = await getSprint(payloadBoard, payloadSprint);
      if (id !== latest.current) return false;
      setCapacity(answer.ok ? { status: 'ready', data: answer.data } : { status: 'failed', error: answer.error });
      return answer.ok;
    },
    [payloadBoard, payloadSprint],
  );

  const loadSettings = useCallback(async (): Promise<void> => {
    const id = ++latestSettings.current;
    setSettings(LOADING);
    const answer = await getBoardSettings(payloadBoard);
    if (id !== latestSettings.current) return;
    setSettings(answer.ok ? { status: 'ready', data: answer.data } : { status: 'failed', error: answer.error });
  }, [payloadBoard]);

  useEffect(() => {
    if (!sprintKnown) return;
    void loadCapacity(false);
    return () => {
      latest.current++;
    };
  }, [sprintKnown, loadCapacity, attempt]);

  useEffect(() => {
    if (!boardKnown) return;
    void loadSettings();
    return () => {
      latestSettings.current++;
    };
  }, [boardKnown, loadSettings, attempt]);

  // Refresh and saves ask the app again too (one load): settings, overrides and history may have changed.
  const refresh = async (): Promise<void> => {
    setRefreshing(true);
    setAnnouncement('');
    reload(payloadBoard);
    const ok = await loadCapacity(true);
    setRefreshing(false);
    if (ok) setAnnouncement('Capacity refreshed.');
  };

  const reloadSettings = (): void => {
    reload(payloadBoard);
    void loadSettings();
  };

  const saved = (message: string): void => {
    setAnnouncement(message);
    // One load asked afresh: the settings form, the reserve, the figures or the flow all answer from it.
    reloadSettings();
    setSaves((n) => n + 1);
    if (sprintKnown) void loadCapacity(true);
  };

  const retryAll = (): void => setAttempt((n) => n + 1);

  // A new board invalidates the sprint at once, so no request pairs the new board with the old board's sprint.
  const pickBoardId = (id: number): void => {
    setSprintId(null);
    readAhead(id, null);
    setBoardId(id);
  };

  const places = { projectKey: (facts?.status === 'ready' ? facts.data.projectKey : null) ?? context?.projectKey ?? null, focusBoardSetting };

  return (
    <main aria-label={kanban ? 'KTLO Kanban flow' : 'KTLO sprint capacity'} style={{ padding: token('space.100') }}>
      <SettingPlacesProvider places={places}>
        <Stack space="space.200">
          {context === null ? <Loading label="Opening sprint capacity…" /> : null}
          {pickBoard || pickSprint ? (
            <Inline space="space.200" shouldWrap alignBlock="end">
              {pickBoard && boards?.status === 'ready' && boards.data.length > 0 ? (
                <Picker label="Board" testId="board-picker" value={boardId} onChange={pickBoardId} searchable options={boards.data.map((b) => ({ id: b.id, label: b.name }))} />
              ) : null}
              {pickSprint && sprints?.status === 'ready' && sprints.data.sprints.length > 0 ? (
                <Picker
                  label="Sprint"
                  testId="sprint-picker"
                  value={sprintId}
                  onChange={setSprintId}
                  options={sprints.data.sprints.map((s) => ({ id: s.id, label: s.state === 'active' ? `${s.name} (active)` : s.name }))}
                />
              ) : null}
            </Inline>
          ) : null}
          {pickBoard ? <PickerState load={boards} what="boards" empty={(b) => b.length === 0} onRetry={retryAll} emptyTitle="This project has no board you can see" /> : null}
          {boardKnown && facts?.status === 'loading' ? <Loading label="Opening the board…" /> : null}
          {boardKnown && facts?.status === 'failed' ? <ErrorMessage error={facts.error} onRetry={retryAll} /> : null}
          {kanban ? (
            <Suspense fallback={<Loading label="Measuring the board’s flow…" />}>
              <FlowPanel key={payloadBoard ?? 'ctx'} boardId={payloadBoard} locale={context?.locale} settingsBelow saves={saves} />
            </Suspense>
          ) : null}
          {pickSprint && sprintBoard ? (
            <PickerState load={sprints} what="sprints" empty={(s) => s.sprints.length === 0} onRetry={retryAll} emptyTitle="This board has no active or future sprint" />
          ) : null}
          {sprintKnown && capacity ? (
            <CapacityView
              load={capacity}
              notMeasured={facts?.status === 'ready' && !facts.data.measured ? { projectKey: facts.data.projectKey } : null}
              refreshing={refreshing}
              onRefresh={() => void refresh()}
              onRetry={() => void loadCapacity(false)}
            />
          ) : null}
          {sprintBoard ? (
            <Suspense fallback={<Loading label="Working out a reserve from the board’s history…" />}>
              <ReserveSuggestion key={payloadBoard ?? 'ctx'} boardId={payloadBoard} onApplied={saved} />
            </Suspense>
          ) : null}
          {boardKnown && settings ? (
            settings.status === 'loading' ? (
              <Loading label="Loading board settings…" />
            ) : settings.status === 'failed' ? (
              <ErrorMessage error={settings.error} onRetry={reloadSettings} headingLevel="h2" />
            ) : (
              <Suspense fallback={<Loading label="Loading board settings…" />}>
                <BoardSettings
                  key={`${payloadBoard ?? 'ctx'}:${settings.data.revision}`}
                  settings={settings.data}
                  inForce={kanban ? (facts?.status === 'ready' ? facts.data.settings.effective : null) : capacity?.status === 'loading' ? null : capacity?.status === 'ready' ? capacity.data.settingsInForce : {}}
                  boardId={payloadBoard}
                  kanban={kanban}
                  levels={facts?.status === 'ready' ? facts.data.settings.levels : null}
                  onSaved={saved}
                  onReload={reloadSettings}
                />
              </Suspense>
            )
          ) : null}
          <div role="status" aria-live="polite" data-testid="announcement">
            {announcement ? <Text size="small">{announcement}</Text> : null}
          </div>
        </Stack>
      </SettingPlacesProvider>
    </main>
  );
}

const BOARD_INPUT_OF: Record<BoardField, string> = { band: 'board-setting-bandMin', teamCapacity: 'board-setting-teamCapacity', wipLimit: 'board-setting-wipLimit' };

/** A level link's "board setting": to the field in the board settings below, or their heading when the field is not there (read only). */
function focusBoardSetting(field: BoardField): void {
  const target = document.getElementById(BOARD_INPUT_OF[field]) ?? document.getElementById(BOARD_SETTINGS_ID);
  // Focus scrolls it into view.
  target?.focus();
}

function PickerState<T>({ load, what, empty, emptyTitle, onRetry }: { load: Load<T> | null; what: string; empty: (data: T) => boolean; emptyTitle: string; onRetry: () => void }) {
  if (load === null) return null;
  if (load.status === 'loading') return <Loading label={`Loading ${what}…`} />;
  if (load.status === 'failed') return <ErrorMessage error={load.error} onRetry={onRetry} />;
  return empty(load.data) ? <Notice appearance="information" title={emptyTitle} testId={`no-${what}`} /> : null;
}

function CapacityView({
  load,
  notMeasured,
  refreshing,
  onRefresh,
  onRetry,
}: {
  load: Load<SprintCapacity>;
  /** The board's project, when KTLO Lens is not turned on for it (its history is never measured). */
  notMeasured: NotMeasured | null;
  refreshing: boolean;
  onRefresh: () => void;
  onRetry: () => void;
}) {
  if (load.status === 'loading') return <Loading label="Checking the sprint’s KTLO load…" />;
  if (load.status === 'failed') return <ErrorMessage error={load.error} onRetry={onRetry} />;
  // A new answer (another sprint, a refresh, a save) starts from the real figures again.
  return (
    <Suspense fallback={<Loading label="Checking the sprint’s KTLO load…" />}>
      <MeasuredSprint key={JSON.stringify([load.data.sprint.id, load.data.ktloPoints, load.data.projectPoints, load.data.issues.length])} real={load.data} notMeasured={notMeasured} refreshing={refreshing} onRefresh={onRefresh} />
    </Suspense>
  );
}
