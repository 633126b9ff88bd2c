import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `bench-results.json` at the project root (git-ignored: it measures one machine): flat keys such as
 * `capacity_1000.ms`, each benchmark merging its own figures into what the others of the same `npm run bench` wrote.
 */
export const RESULTS_FILE = join(__dirname, '..', 'bench-results.json');

export function recordResults(figures: Readonly<Record<string, number | string | boolean>>): void {
  let current: Record<string, unknown> = {};
  if (existsSync(RESULTS_FILE)) {
    const parsed: unknown = JSON.parse(readFileSync(RESULTS_FILE, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) current = { ...parsed };
  }
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ ...current, ...figures }, null, 2)}\n`);
}
