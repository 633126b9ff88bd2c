import { token } from '@atlaskit/tokens';
import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import type { TrendView } from '../../contracts/resolvers';
import { bandText, percent } from '../sprint-capacity/capacity-format';

/**
 * The KTLO share per sprint as columns over 0–100% (or less when every share is low), the reserved band shaded across,
 * each column split into KTLO planned at sprint start and KTLO added during the sprint. Colours are design tokens set
 * through `style` (SVG presentation attributes do not take CSS variables), so dark mode follows. The table beside it
 * carries the same numbers for screen readers: the chart is one labelled image.
 */

export const PLANNED_FILL = token('color.background.accent.blue.bolder');
export const UNPLANNED_FILL = token('color.background.accent.orange.bolder');
export const UNSPLIT_FILL = token('color.background.neutral.bold');
export const BAND_FILL = token('color.background.accent.green.subtler');
export const BAND_EDGE = token('color.border.success');
export const RANGE_STROKE = token('color.border.bold');

/** The chart's width before it has measured its container (and in a host without ResizeObserver). */
const FALLBACK_WIDTH = 640;
const MIN_WIDTH = 320;
const HEIGHT = 240;
const LEFT = 44;
const RIGHT = 8;
const TOP = 16;
const BOTTOM = 36;

type Point = TrendView['points'][number];

/** Planned and unplanned parts of a share, in proportion to their points; null when the split is unknown. */
export function split(p: Point): { planned: number; unplanned: number } | null {
  if (p.ktloShare === null || p.ktloPlanned === null || p.ktloUnplanned === null) return null;
  const sum = p.ktloPlanned + p.ktloUnplanned;
  if (sum <= 0) return null;
  return { planned: (p.ktloShare * p.ktloPlanned) / sum, unplanned: (p.ktloShare * p.ktloUnplanned) / sum };
}

export type Series = 'planned' | 'unplanned' | 'unsplit' | 'range' | 'band';

/** The series the chart draws for this view, in legend order: the legend lists these and nothing else. */
export function drawnSeries(view: TrendView): Series[] {
  const withShare = view.points.filter((p) => p.ktloShare !== null && p.ktloShare > 0);
  const splitOnes = withShare.filter((p) => split(p) !== null);
  const out: Series[] = [];
  if (splitOnes.some((p) => (p.ktloPlanned ?? 0) > 0)) out.push('planned');
  if (splitOnes.some((p) => (p.ktloUnplanned ?? 0) > 0)) out.push('unplanned');
  if (withShare.some((p) => split(p) === null)) out.push('unsplit');
  if (view.points.some((p) => p.shareRange !== null)) out.push('range');
  out.push('band');
  return out;
}

/** The width the chart has: its container's, followed as it changes. */
function useWidth(): [RefObject<HTMLDivElement>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(FALLBACK_WIDTH);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(([entry]) => {
      const w = entry?.contentRect.width ?? 0;
      if (w > 0) setWidth(Math.max(MIN_WIDTH, Math.floor(w)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

function short(name: string): string {
  // "Week of 2026-09-14" -> "09-14": the month and day say which week.
  const week = /^Week of \d{4}-(\d{2}-\d{2})$/.exec(name);
  if (week) return week[1] ?? name;
  return name.length > 14 ? `${name.slice(0, 13)}…` : name;
}

export function TrendChart({ view }: { view: TrendView }) {
  const [container, WIDTH] = useWidth();
  const titleId = useId();
  const descId = useId();
  const shares = view.points.map((p) => Math.max(p.ktloShare ?? 0, p.shareRange?.max ?? 0));
  const top = Math.min(1, Math.ceil((Math.max(view.band.max, ...shares) + 0.05) * 10) / 10);
  const step = top <= 0.5 ? 0.1 : 0.2;
  const ticks: number[] = [];
  for (let t = 0; t <= top + 1e-9; t += step) ticks.push(Math.round(t * 100) / 100);
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const y = (share: number): number => TOP + plotH * (1 - Math.min(share, top) / top);
  const slot = plotW / Math.max(1, view.points.length);
  const barW = Math.min(48, slot * 0.6);
  const counts = { under: 0, within: 0, over: 0, empty: 0 };
  for (const p of view.points) counts[p.status]++;
  const unit = `${view.period}s`;
  const description =
    `${view.points.length} ${unit} of ${view.board.name}, reserved band ${bandText(view.band)}: ` +
    `${counts.within} within, ${counts.over} over, ${counts.under} under, ${counts.empty} without estimated work. The table below gives each ${view.period}’s numbers.`;
  const text = { fill: token('color.text.subtle'), font: token('font.body.small') };
  return (
    <div ref={container} style={{ width: '100%' }}>
      <svg
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        style={{ display: 'block' }}
        data-testid="trend-chart"
      >
        <title id={titleId}>{`KTLO share per ${view.period}`}</title>
        <desc id={descId}>{description}</desc>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(t)} y2={y(t)} style={{ stroke: token('color.border'), strokeWidth: 1 }} />
            <text x={LEFT - 6} y={y(t) + 4} textAnchor="end" style={text}>
              {percent(t)}
            </text>
          </g>
        ))}
        <rect
          data-testid="trend-band"
          data-min={view.band.min}
          data-max={view.band.max}
          x={LEFT}
          width={plotW}
          y={y(view.band.max)}
          height={Math.max(0, y(view.band.min) - y(view.band.max))}
          style={{ fill: BAND_FILL, opacity: 0.7 }}
        />
        <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(view.band.min)} y2={y(view.band.min)} style={{ stroke: BAND_EDGE, strokeWidth: 1.5, strokeDasharray: '4 3' }} />
        <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(view.band.max)} y2={y(view.band.max)} style={{ stroke: BAND_EDGE, strokeWidth: 1.5, strokeDasharray: '4 3' }} />
        {view.points.map((p, i) => {
          const x = LEFT + slot * i + (slot - barW) / 2;
          const parts = split(p);
          const share = p.ktloShare;
          return (
            <g key={p.sprintId} data-testid="trend-column">
              <title>{`${p.name}: ${share === null ? 'no estimated work' : `KTLO ${percent(share)}`}`}</title>
              {share === null ? null : parts === null ? (
                <rect x={x} width={barW} y={y(share)} height={y(0) - y(share)} style={{ fill: UNSPLIT_FILL }} />
              ) : (
                <>
                  <rect data-part="planned" x={x} width={barW} y={y(parts.planned)} height={y(0) - y(parts.planned)} style={{ fill: PLANNED_FILL }} />
                  <rect data-part="unplanned" x={x} width={barW} y={y(share)} height={y(parts.planned) - y(share)} style={{ fill: UNPLANNED_FILL }} />
                </>
              )}
              {p.shareRange ? (
                <g data-testid="trend-range" style={{ stroke: RANGE_STROKE, strokeWidth: 2 }}>
                  <line x1={x + barW / 2} x2={x + barW / 2} y1={y(p.shareRange.min)} y2={y(p.shareRange.max)} />
                  <line x1={x + barW / 4} x2={x + (3 * barW) / 4} y1={y(p.shareRange.min)} y2={y(p.shareRange.min)} />
                  <line x1={x + barW / 4} x2={x + (3 * barW) / 4} y1={y(p.shareRange.max)} y2={y(p.shareRange.max)} />
                </g>
              ) : null}
              <text x={x + barW / 2} y={(share === null ? y(0) : y(Math.max(share, p.shareRange?.max ?? 0))) - 4} textAnchor="middle" style={{ ...text, fill: token('color.text') }}>
                {share === null ? '–' : percent(share)}
              </text>
              <text x={LEFT + slot * i + slot / 2} y={HEIGHT - BOTTOM + 16} textAnchor="middle" style={text}>
                {short(p.name)}
              </text>
            </g>
          );
        })}
        <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(0)} y2={y(0)} style={{ stroke: token('color.border.bold'), strokeWidth: 1 }} />
      </svg>
    </div>
  );
}
