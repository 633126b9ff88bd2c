import { Stack, Text } from '@atlaskit/primitives/compiled';
import type { ReactNode } from 'react';
import type { BoardInContext, BoardSummary } from '../api/capacity';
import { Notice } from '../shared/notice';
import { ErrorMessage, Loading } from '../shared/states';
import { Picker } from '../sprint-capacity/pickers';
import type { Load } from './use-load';

/** Which boards each board-scoped view measures: flow needs a board without sprints; trends take both (sprints, or weeks and months of a Kanban board). */
export type BoardView = 'flow' | 'trends';

const FITS: Record<BoardView, { types: readonly string[]; name: string; other: 'scrum' | 'kanban'; otherView: string; reason: string }> = {
  flow: { types: ['kanban'], name: 'Kanban', other: 'scrum', otherView: 'Trends', reason: 'Kanban flow measures work in progress and throughput of a board without sprints.' },
  trends: { types: ['scrum', 'kanban'], name: 'scrum or Kanban', other: 'kanban', otherView: 'Kanban flow', reason: 'Trends compare the KTLO share of a board’s sprints, or of what a Kanban board finished each week or month.' },
};

export function fitsView(view: BoardView, type: string | null): boolean {
  return type !== null && FITS[view].types.includes(type);
}

export interface BoardScopeProps {
  view: BoardView;
  context: BoardInContext;
  boards: Load<BoardSummary[]> | null;
  picked: number | null;
  onPick: (id: number) => void;
  onRetry: () => void;
  /** The view for a board: `boardId` is null when the board comes from the page's context (the resolver reads it there); `boardType` when known. */
  children: (boardId: number | null, boardType: string | null) => ReactNode;
}

/**
 * The board picker shared by Kanban flow and Trends: the project's boards (read as the viewer), only those of the type
 * the view measures. A board in the page's context is the one the resolver uses, so there is nothing to pick then.
 */
export function BoardScope({ view, context, boards, picked, onPick, onRetry, children }: BoardScopeProps) {
  const fit = FITS[view];
  if (context.boardId !== null) {
    const type = context.boardType ?? (boards?.status === 'ready' ? (boards.data.find((b) => b.id === context.boardId)?.type ?? null) : null);
    if (type !== null && !fitsView(view, type)) {
      return (
        <Notice appearance="information" title={`This is a ${type} board, not a ${fit.name} board`} testId="board-type-mismatch">
          <p style={{ margin: 0 }}>{`${fit.reason} Open ${fit.otherView} for this board instead.`}</p>
        </Notice>
      );
    }
    return <>{children(null, type)}</>;
  }
  if (boards === null || boards.status === 'loading') return <Loading label="Loading the project’s boards…" />;
  if (boards.status === 'failed') return <ErrorMessage error={boards.error} onRetry={onRetry} />;
  const fitting = boards.data.filter((b) => fitsView(view, b.type));
  const others = boards.data.length - fitting.length;
  if (fitting.length === 0) {
    return (
      <Notice appearance="information" title={`This project has no ${fit.name} board you can see`} testId="no-fitting-board">
        <p style={{ margin: 0 }}>
          {fit.reason}
          {others > 0 ? ` ${others === 1 ? 'Its one board is' : `Its ${others} boards are`} of another type: see ${fit.otherView}.` : ''}
        </p>
      </Notice>
    );
  }
  const boardId = fitting.some((b) => b.id === picked) ? (picked as number) : (fitting[0] as BoardSummary).id;
  return (
    <Stack space="space.200">
      <Stack space="space.050">
        <Picker label="Board" testId={`${view}-board-picker`} value={boardId} onChange={onPick} searchable options={fitting.map((b) => ({ id: b.id, label: b.name }))} />
        {others > 0 ? (
          <Text size="small" color="color.text.subtle" testId={`${view}-board-note`}>
            {`Only ${fit.name} boards are listed here; ${others === 1 ? 'one other board' : `${others} other boards`} of this project ${others === 1 ? 'is' : 'are'} not. ${fit.other === 'scrum' ? 'Scrum' : 'Kanban'} boards: see ${fit.otherView}.`}
          </Text>
        ) : null}
      </Stack>
      {children(boardId, fitting.find((b) => b.id === boardId)?.type ?? null)}
    </Stack>
  );
}
