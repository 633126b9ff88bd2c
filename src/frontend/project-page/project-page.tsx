import { Stack } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { SettingPlacesProvider } from '../shared/level-link';
import { lazy, Suspense, useEffect, useState } from 'react';
import { getBoardInContext, getBoards, readAhead, type BoardInContext, type BoardSummary } from '../api/capacity';
import { Loading } from '../shared/states';
import { SprintCapacityPanel } from '../sprint-capacity/sprint-capacity-panel';
import { BoardScope, type BoardView } from './board-scope';
import { Tabs, type TabItem } from './tabs';
import type { Load } from './use-load';

export type ProjectView = 'capacity' | BoardView;

// Flow and trends (with the trend chart) load when their tab is first opened: the page opens on sprint capacity, and
// the surface's initial load stays within its budget (dev/build/build-surfaces.mts).
const FlowPanel = lazy(() => import('./flow-panel.js').then((m) => ({ default: m.FlowPanel })));
const TrendPanel = lazy(() => import('./trend-panel.js').then((m) => ({ default: m.TrendPanel })));

export const PROJECT_TABS: readonly TabItem<ProjectView>[] = [
  { id: 'capacity', label: 'Sprint capacity' },
  { id: 'flow', label: 'Kanban flow' },
  { id: 'trends', label: 'Trends' },
];

/**
 * The project page (jira:projectPage "KTLO Lens"): sprint capacity, Kanban flow and trends as tabs. Sprint capacity
 * brings its own board and sprint pickers; flow and trends share the project's board list, each offering the boards
 * of the type it measures. Opened on a Kanban board, the page starts on its flow.
 */
export function ProjectPage() {
  const [context, setContext] = useState<BoardInContext | null>(null);
  const [tab, setTab] = useState<ProjectView>('capacity');
  const [visited, setVisited] = useState<ReadonlySet<ProjectView>>(new Set());
  const [boards, setBoards] = useState<Load<BoardSummary[]> | null>(null);
  const [picked, setPicked] = useState<Record<BoardView, number | null>>({ flow: null, trends: null });
  const [attempt, setAttempt] = useState(0);

  const select = (id: ProjectView): void => {
    setTab(id);
    setVisited((seen) => (seen.has(id) ? seen : new Set([...seen, id])));
  };

  useEffect(() => {
    let live = true;
    void getBoardInContext().then((ctx) => {
      if (!live) return;
      // A board in the page's context is known now: Jira is asked for it beside the load.
      if (ctx.boardId !== null) readAhead(ctx.boardId, null);
      setContext(ctx);
      select(ctx.boardType === 'kanban' ? 'flow' : 'capacity');
    });
    return () => {
      live = false;
    };
  }, []);

  // The board list is asked for once flow or trends is first shown, and only when the page has no board of its own.
  const needsBoards = context !== null && context.boardId === null && (visited.has('flow') || visited.has('trends'));
  useEffect(() => {
    if (!needsBoards) return;
    let live = true;
    setBoards({ status: 'loading' });
    void getBoards(context.projectKey).then((answer) => {
      if (live) setBoards(answer.ok ? { status: 'ready', data: answer.data } : { status: 'failed', error: answer.error });
    });
    return () => {
      live = false;
    };
  }, [needsBoards, context, attempt]);

  if (context === null) {
    return (
      <div style={{ padding: token('space.100') }}>
        <Loading label="Opening KTLO Lens…" />
      </div>
    );
  }

  const scoped = (view: BoardView) => (
    <BoardScope
      view={view}
      context={context}
      boards={boards}
      picked={picked[view]}
      onPick={(id) => setPicked((p) => ({ ...p, [view]: id }))}
      onRetry={() => setAttempt((n) => n + 1)}
    >
      {(boardId, boardType) => (
        <Suspense fallback={<Loading label="Opening the view…" />}>
          {view === 'flow' ? (
            <FlowPanel key={boardId ?? 'context'} boardId={boardId} locale={context.locale} />
          ) : (
            <TrendPanel key={boardId ?? 'context'} boardId={boardId} boardType={boardType} locale={context.locale} />
          )}
        </Suspense>
      )}
    </BoardScope>
  );

  // Flow and trends hold no board settings: a board's level says they are on the Sprint capacity tab.
  const places = { projectKey: context.projectKey, focusBoardSetting: null, boardSettingsAt: 'set on the Sprint capacity tab' };

  return (
    <div style={{ padding: token('space.100') }} data-testid="project-page">
      <Stack space="space.100">
        <Tabs
          label="KTLO Lens views"
          tabs={PROJECT_TABS}
          selected={tab}
          onSelect={select}
          visited={visited}
          renderPanel={(id) => (id === 'capacity' ? <SprintCapacityPanel /> : <SettingPlacesProvider places={places}>{scoped(id)}</SettingPlacesProvider>)}
        />
      </Stack>
    </div>
  );
}
