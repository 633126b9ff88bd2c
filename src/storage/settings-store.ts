import { kvs, WhereConditions } from '@forge/kvs';
import { z } from 'zod';
import type { BoardConfig, GlobalConfig, ProjectConfig } from '../domain/config';
import { DEFAULT_GLOBAL_CONFIG, parseBoardConfig, parseGlobalConfig, parseProjectConfig } from '../domain/config';
import type { Result } from '../domain/result';
import { scanPrefix } from './kvs-scan';
import { sweep, type SweepResult } from './sweep';

/**
 * Settings at three levels, each an append-only series of revisions. KVS keys have no compare-and-set, so a save
 * writes revision n+1 under a new key with FAIL_IF_EXISTS: of two admins saving from revision n, the second finds the
 * key taken and gets a conflict, never a silent overwrite. Keys count down ("...:9999999998" for revision 1), so an
 * ascending prefix query's first entry is the newest revision.
 */

export type SettingsLevel = { kind: 'global' } | { kind: 'project'; projectKey: string } | { kind: 'board'; boardId: number };

const MAX_REVISION = 9_999_999_999;
const REVISION_DIGITS = 10;
const PREFIX = 'settings:';

const storedSchema = z.object({
  revision: z.number().int().positive(),
  savedBy: z.string(),
  savedAt: z.string(),
  settings: z.unknown(),
});

export interface Stored<T> {
  revision: number;
  savedBy: string | null;
  savedAt: string | null;
  settings: T;
}

function prefix(level: SettingsLevel): string {
  switch (level.kind) {
    case 'global':
      return 'settings:global:';
    case 'project':
      return `settings:project:${level.projectKey}:`;
    case 'board':
      return `settings:board:${level.boardId}:`;
  }
}

function revisionKey(level: SettingsLevel, revision: number): string {
  return prefix(level) + String(MAX_REVISION - revision).padStart(REVISION_DIGITS, '0');
}

export class StoredSettingsError extends Error {}

async function latest(level: SettingsLevel): Promise<z.infer<typeof storedSchema> | null> {
  const page = await kvs.query().where('key', WhereConditions.beginsWith(prefix(level))).limit(1).getMany<unknown>();
  const first = page.results[0];
  if (!first) return null;
  const parsed = storedSchema.safeParse(first.value);
  if (!parsed.success) throw new StoredSettingsError(`stored settings under ${first.key} are damaged`);
  return parsed.data;
}

function read<T>(level: SettingsLevel, parse: (raw: unknown) => Result<T>, empty: T): Promise<Stored<T>> {
  return latest(level).then((doc) => {
    if (!doc) return { revision: 0, savedBy: null, savedAt: null, settings: empty };
    const parsed = parse(doc.settings);
    if (!parsed.ok) throw new StoredSettingsError(`stored ${level.kind} settings revision ${doc.revision} no longer validate: ${parsed.error}`);
    return { revision: doc.revision, savedBy: doc.savedBy, savedAt: doc.savedAt, settings: parsed.value };
  });
}

export function readGlobal(): Promise<Stored<GlobalConfig>> {
  return read({ kind: 'global' }, parseGlobalConfig, DEFAULT_GLOBAL_CONFIG);
}

export function readProject(projectKey: string): Promise<Stored<ProjectConfig>> {
  return read({ kind: 'project', projectKey }, parseProjectConfig, {});
}

export function readBoard(boardId: number): Promise<Stored<BoardConfig>> {
  return read({ kind: 'board', boardId }, parseBoardConfig, {});
}

/**
 * The settings in force of every project or every board that saved its own, keyed by project key or board id. Each
 * level's keys sort newest first, so the first key of a level is its latest revision. A level whose latest revision
 * no longer validates is left out here (reading that level alone reports it).
 */
async function latestOfEvery<T>(kind: 'project' | 'board', parse: (raw: unknown) => Result<T>): Promise<Map<string, T>> {
  const base = `${PREFIX}${kind}:`;
  const out = new Map<string, T>();
  const seen = new Set<string>();
  for (const { key, value } of await scanPrefix(base)) {
    const id = key.slice(base.length, -REVISION_DIGITS - 1);
    if (seen.has(id)) continue;
    seen.add(id);
    const doc = storedSchema.safeParse(value);
    const parsed = doc.success ? parse(doc.data.settings) : null;
    if (parsed?.ok) out.set(id, parsed.value);
  }
  return out;
}

/** Every project's own settings, by project key. */
export function everyProjectsSettings(): Promise<Map<string, ProjectConfig>> {
  return latestOfEvery('project', parseProjectConfig);
}

/** Every board's own settings, by board id. */
export async function everyBoardsSettings(): Promise<Map<number, BoardConfig>> {
  const byKey = await latestOfEvery('board', parseBoardConfig);
  return new Map([...byKey].map(([id, settings]) => [Number(id), settings]));
}

export type SaveOutcome = { ok: true; revision: number } | { ok: false; conflict: { revision: number; savedBy: string | null } };

/**
 * Writes `settings` (already validated by the caller) as the revision after `expectedRevision`. A conflict reports
 * the revision that won, so the page can say who saved first.
 */
export async function saveSettings(level: SettingsLevel, expectedRevision: number, settings: unknown, savedBy: string, now: Date): Promise<SaveOutcome> {
  const current = await latest(level);
  const currentRevision = current?.revision ?? 0;
  if (currentRevision !== expectedRevision) return { ok: false, conflict: { revision: currentRevision, savedBy: current?.savedBy ?? null } };
  const revision = expectedRevision + 1;
  const key = revisionKey(level, revision);
  try {
    await kvs.set(key, { revision, savedBy, savedAt: now.toISOString(), settings }, { keyPolicy: 'FAIL_IF_EXISTS' });
  } catch (e) {
    // The write failed: if the key is there, someone else saved this revision first.
    const winner = await latest(level);
    if (winner && winner.revision >= revision) return { ok: false, conflict: { revision: winner.revision, savedBy: winner.savedBy } };
    throw e;
  }
  return { ok: true, revision };
}

/**
 * Deletes settings revisions saved before `cutoff` (they name who saved them), never the revision in force: each
 * level's keys sort newest first, so the first key of a level a pass meets is kept (a pass that starts inside a level
 * keeps the first one it meets too, erring on the side of keeping).
 */
export function sweepSettingsHistory(cutoff: Date, cursor: string | null, budget: number): Promise<SweepResult> {
  let level: string | null = null;
  return sweep(PREFIX, {
    cursor,
    budget,
    expired: (key, value) => {
      const keyLevel = key.slice(0, -REVISION_DIGITS);
      if (keyLevel !== level) {
        level = keyLevel;
        return false;
      }
      const parsed = storedSchema.safeParse(value);
      return parsed.success && Date.parse(parsed.data.savedAt) < cutoff.getTime();
    },
  });
}
