import type { FlowView, TrendView } from '../../../src/contracts/resolvers';
import { DEFAULT_LEVELS } from '../support/measured-views';

/** Answers of the capacity resolver as the project page sees them. */

export function projectPageContext(board?: { id: number; type: string }): Record<string, unknown> {
  return {
    accountId: 'user-dev-1',
    cloudId: 'local-cloud',
    locale: 'en_GB',
    timezone: 'UTC',
    moduleKey: 'ktlo-project-page',
    extension: { type: 'jira:projectPage', project: { id: '10000', key: 'OPS', type: 'software' }, ...(board ? { board } : {}) },
  };
}

export const BOARDS = [
  { id: 1, name: 'OPS sprints', type: 'scrum', canEdit: true },
  { id: 2, name: 'OPS flow', type: 'kanban', canEdit: true },
  { id: 3, name: 'Support desk', type: 'kanban', canEdit: false },
];

export function flowAnswer(over: Partial<FlowView> = {}): FlowView {
  return {
    board: { id: 2, name: 'OPS flow', type: 'kanban' },
    wip: { KTLO: 7, PROJECT: 4 },
    ktloWip: { count: 7, limit: 5, status: 'over', issues: [{ key: 'OPS-7', ageDays: 12.5 }, { key: 'OPS-3', ageDays: 1 }] },
    cycleTime: { KTLO: { p50: 1.5, p85: 4.2, samples: 12 }, PROJECT: { p50: 6, p85: 11.3, samples: 8 } },
    throughput: [
      { weekStart: '2026-11-09', KTLO: 3, PROJECT: 1 },
      { weekStart: '2026-11-16', KTLO: 5, PROJECT: 3 },
      { weekStart: '2026-11-23', KTLO: 0, PROJECT: 0 },
    ],
    ktloThroughputShare: 8 / 12,
    levels: { ...DEFAULT_LEVELS, wipLimit: 'board' },
    ...over,
  };
}

export function trendAnswer(over: Partial<TrendView> = {}): TrendView {
  return {
    board: { id: 1, name: 'OPS sprints', type: 'scrum' },
    band: { min: 0.2, max: 0.3 },
    period: 'sprint',
    asked: 6,
    available: 3,
    points: [
      { sprintId: 10, name: 'OPS Sprint 10', startDate: '2026-10-19T09:00:00.000Z', endDate: '2026-11-02T17:00:00.000Z', ktloShare: 0.35, status: 'over', ktloPoints: 14, projectPoints: 26, ktloPlanned: 9, ktloUnplanned: 5, shareRange: { min: 0.3, max: 0.4 }, restsOnUnsure: false },
      { sprintId: 11, name: 'OPS Sprint 11, "hardening"', startDate: '2026-11-02T09:00:00.000Z', endDate: '2026-11-16T17:00:00.000Z', ktloShare: 0.25, status: 'within', ktloPoints: 10, projectPoints: 30, ktloPlanned: 10, ktloUnplanned: 0, shareRange: { min: 0.25, max: 0.35 }, restsOnUnsure: true },
      { sprintId: 12, name: 'OPS Sprint 12', startDate: '2026-11-16T09:00:00.000Z', endDate: null, ktloShare: null, status: 'empty', ktloPoints: 0, projectPoints: 0, ktloPlanned: null, ktloUnplanned: null, shareRange: null, restsOnUnsure: false },
    ],
    recurring: [
      { title: 'Rotate TLS certificates', occurrences: 3, keys: ['OPS-101', 'OPS-118', 'OPS-140'], totalPoints: 6 },
      { title: 'Restore failed backup job', occurrences: 2, keys: ['OPS-107', 'OPS-137'], totalPoints: 5 },
    ],
    levels: DEFAULT_LEVELS,
    ...over,
  };
}
