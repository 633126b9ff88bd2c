import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The app's root (where manifest.yml is). */
export const REPO_DIR = join(__dirname, '..', '..');

/**
 * The shared reference folder (the Jira OpenAPI documents). CI has it beside the repo; elsewhere SHARED_DIR points to it.
 * It is read in place, never copied into the project.
 */
export function sharedDir(repoDir: string = REPO_DIR): string {
  return process.env.SHARED_DIR ?? join(repoDir, '..', 'shared');
}

export function openApiDir(repoDir: string = REPO_DIR): string {
  return join(sharedDir(repoDir), 'jira-openapi');
}

/** The app's TypeScript sources under src/, as sorted '/'-separated paths relative to the repo (what the Forge CLI lints). */
export function appSources(repoDir: string = REPO_DIR): string[] {
  const src = join(repoDir, 'src');
  return readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.tsx?$/.test(name) && !name.endsWith('.d.ts'))
    .map((name) => relative(repoDir, join(src, name)).split(sep).join('/'))
    .sort();
}
