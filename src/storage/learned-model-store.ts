import { kvs, WhereConditions } from '@forge/kvs';
import { z } from 'zod';
import { EMPTY_TEAM_STATS, TEAM_OPTIONS, teamModel, teamStatsSchema, teamWeights, type TeamModel, type TeamStats } from '../domain/team-model';

/**
 * What the site's team taught the classifier (domain/team-model.ts): its examples and the weights fitted on them, one
 * kvs value per revision. KVS keys have no compare-and-set, so an update writes revision n+1 under a new key with
 * FAIL_IF_EXISTS; of two overrides saved at once, the second finds the key taken, reads the winner and applies its
 * change again. Keys count down so a prefix query's first entry is the newest; the revision before is then deleted.
 */

const PREFIX = 'learned-model:';
const MAX_REVISION = 9_999_999_999;
const ATTEMPTS = 10;

function pause(attempt: number): Promise<void> {
  // Random, growing waits: writers that collided do not collide again in lock step.
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** Math.min(attempt, 5)));
}

const storedSchema = z.object({
  revision: z.number().int().positive(),
  stats: teamStatsSchema,
  model: z.object({ examples: z.number().int().nonnegative(), weights: z.record(z.string(), z.number()) }),
});
type Stored = z.infer<typeof storedSchema>;

const keyOf = (revision: number): string => PREFIX + String(MAX_REVISION - revision).padStart(10, '0');

export class StoredLearningError extends Error {}

async function latest(): Promise<Stored | null> {
  const page = await kvs.query().where('key', WhereConditions.beginsWith(PREFIX)).limit(1).getMany<unknown>();
  const first = page.results[0];
  if (!first) return null;
  const parsed = storedSchema.safeParse(first.value);
  if (!parsed.success) throw new StoredLearningError(`the learned model under ${first.key} is damaged`);
  return parsed.data;
}

function asTeamModel(stored: Pick<Stored, 'stats' | 'model'>): TeamModel {
  return { ...stored.model, cases: stored.stats.examples, vote: TEAM_OPTIONS.vote };
}

/** The team's weights and examples for classification; null before the first override. */
export async function getTeamModel(): Promise<TeamModel | null> {
  const stored = await latest();
  return stored && stored.model.examples > 0 ? asTeamModel(stored) : null;
}

/** Applies `change` to the newest examples and stores the result with its refitted weights as the next revision. */
export async function updateTeamStats(change: (stats: TeamStats) => TeamStats): Promise<TeamModel> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await latest();
    const base = current?.stats ?? EMPTY_TEAM_STATS;
    const stats = change(base);
    if (stats === base) return current ? asTeamModel(current) : teamModel(base);
    const revision = (current?.revision ?? 0) + 1;
    // The examples are kept once, in `stats`: the model holds only the weights fitted on them.
    const model = teamWeights(stats);
    try {
      await kvs.set(keyOf(revision), { revision, stats, model }, { keyPolicy: 'FAIL_IF_EXISTS' });
    } catch (e) {
      const winner = await latest();
      if (winner && winner.revision >= revision) {
        await pause(attempt);
        continue;
      }
      throw e;
    }
    if (current) await kvs.delete(keyOf(current.revision));
    return asTeamModel({ stats, model });
  }
  throw new StoredLearningError(`the learned model changed ${ATTEMPTS} times while this override was saved; try again`);
}
