import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * What each built surface weighs: every file Forge would serve from static/<surface>/, raw and gzip-compressed (as a
 * browser downloads it). "Initial" is what opening the surface loads: index.html and the scripts, module preloads and
 * stylesheets it names (Vite lists every static import there); the rest are chunks loaded only on demand. Budgets
 * apply to the initial load.
 */

/**
 * gzip budgets in bytes (kB = 1000 bytes, as Vite prints). The issue panel opens inside every issue: keep it light; the
 * capacity view opens from the sprint menu during planning and should not feel heavier.
 */
export const GZIP_BUDGETS: Readonly<Record<string, number>> = { 'issue-panel': 150_000, 'sprint-capacity': 150_000, settings: 150_000, 'project-page': 150_000 };

export interface FileSize {
  /** '/'-separated, relative to the surface folder. */
  file: string;
  raw: number;
  gzip: number;
  /** Loaded when the surface opens (else on demand). */
  initial: boolean;
}

export interface SurfaceSize {
  surface: string;
  files: FileSize[];
  /** All files. */
  raw: number;
  gzip: number;
  /** What opening the surface downloads. */
  initialRaw: number;
  initialGzip: number;
  budgetGzip: number | null;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** index.html and the local files its `src` / `href` attributes name, relative to the surface folder. */
export function initialFiles(html: string): string[] {
  const named = [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/g)]
    .map((m) => m[1] ?? '')
    .filter((ref) => ref !== '' && !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(ref))
    .map((ref) => posix.normalize(ref.split(/[?#]/)[0] ?? ref));
  return ['index.html', ...new Set(named)];
}

export function measureSurface(staticDir: string, surface: string): SurfaceSize {
  const dir = join(staticDir, surface);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${dir} does not exist: build the surface first`);
  const initial = new Set(initialFiles(readFileSync(join(dir, 'index.html'), 'utf8')));
  const files = filesUnder(dir)
    .map((path): FileSize => {
      const content = readFileSync(path);
      const file = relative(dir, path).split(sep).join('/');
      return { file, raw: content.length, gzip: gzipSync(content, { level: 9 }).length, initial: initial.has(file) };
    })
    .sort((a, b) => Number(b.initial) - Number(a.initial) || b.gzip - a.gzip || a.file.localeCompare(b.file));
  const sum = (list: FileSize[], key: 'raw' | 'gzip'): number => list.reduce((total, f) => total + f[key], 0);
  const loaded = files.filter((f) => f.initial);
  return {
    surface,
    files,
    raw: sum(files, 'raw'),
    gzip: sum(files, 'gzip'),
    initialRaw: sum(loaded, 'raw'),
    initialGzip: sum(loaded, 'gzip'),
    budgetGzip: GZIP_BUDGETS[surface] ?? null,
  };
}

export function isOverBudget(size: SurfaceSize): boolean {
  return size.budgetGzip !== null && size.initialGzip > size.budgetGzip;
}

export function kB(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

/** Per surface: its initial load against the budget, all its files, then each file. */
export function formatSizeReport(sizes: readonly SurfaceSize[]): string {
  const width = Math.max(40, ...sizes.flatMap((s) => s.files.map((f) => f.file.length + 4)));
  const row = (name: string, raw: string, gzip: string, note = ''): string =>
    `${name.padEnd(width)} ${raw.padStart(10)} ${gzip.padStart(10)}  ${note}`.trimEnd();
  const lines = [row('surface / file', 'raw', 'gzip')];
  for (const size of sizes) {
    const budget = size.budgetGzip === null ? 'no budget' : `budget ${kB(size.budgetGzip)} gzip: ${isOverBudget(size) ? 'OVER' : 'ok'}`;
    lines.push(row(`${size.surface}: initial load`, kB(size.initialRaw), kB(size.initialGzip), budget));
    lines.push(row(`${size.surface}: all files`, kB(size.raw), kB(size.gzip)));
    for (const file of size.files) lines.push(row(`    ${file.file}`, kB(file.raw), kB(file.gzip), file.initial ? '' : 'on demand'));
  }
  return lines.join('\n');
}
