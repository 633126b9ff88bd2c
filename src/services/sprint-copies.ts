import { z } from 'zod';
import type { EstimateSource } from '../domain/normalize';
import type { JiraClient } from '../jira/client';
import type { JoinSpan } from '../domain/measure';
import type { RawIssue } from '../jira/schemas';
import { joinedSprintAt } from '../jira/sprint-history';
import { readGlobal } from '../storage/settings-store';
import { getSprintCopy, listSprintCopies, putSprintCopy, readSprintCopyCursor, saveSprintCopyCursor, type SprintCopy } from '../storage/sprint-copy-store';
import { fieldsFor, ISSUE_FIELDS } from '../reader/fields';
import { siteFields } from './site-fields';

/**
 * A closing sprint measured from what the app already read, in a few points at the busiest hour. Reading a sprint's
 * issues costs a point per issue whenever it happens; a sprint close is a site's busiest hour, so the reads are
 * spread: an hourly refresh reads the issues of open sprints (active and future) that changed in the last hour, plus
 * any issue it already holds that changed (it may have left its sprint), and keeps one copy per sprint. At the close,
 * only the issues changed since the last refresh are read, as the board shows them; two approximate counts then check
 * that the copy is exactly the board's sprint (the board's filter may leave out issues the copy holds). Any doubt
 * (no copy, a count that differs, fields the board's estimate needs that the copy lacks) reads the sprint in full.
 */

/**
 * Edits reach the search index late (Jira: "recent updates might not be immediately visible"), and clocks differ:
 * every window reaches back this much further. Each minute of it is read twice, so it is kept short.
 */
const LATE_MINUTES = 5;
/** Ids per `id in (...)` query. */
const ID_CHUNK = 500;
/** A larger sprint is read in full at close: its id list would make the checks' query strings too long. */
const MAX_COPY_ISSUES = 500;

const sprintFieldSchema = z.array(z.looseObject({ id: z.number().int(), state: z.string() }));

function sprintsOf(issue: RawIssue, sprintField: string): Array<{ id: number; state: string }> {
  return sprintFieldSchema.safeParse(issue.fields?.[sprintField]).data ?? [];
}

const windowMinutes = (from: string, now: Date): number => Math.max(1, Math.ceil((now.getTime() - Date.parse(from)) / 60_000)) + LATE_MINUTES;
const since = (from: string, now: Date): string => `updated >= -${windowMinutes(from, now)}m`;
/** What a window query saw joined a sprint joined it after the window's start and by now. */
const windowSpan = (from: string, now: Date): JoinSpan => ({ after: new Date(now.getTime() - windowMinutes(from, now) * 60_000).toISOString(), by: now.toISOString() });

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The fields a copy holds: what any board's measurement reads (either estimate), and the Sprint field. */
async function copyFields(jira: JiraClient): Promise<{ fields: string[]; sprintField: string } | null> {
  const site = await siteFields(jira);
  if (site.sprint === null) return null;
  return { fields: [...ISSUE_FIELDS, ...(site.storyPoints === null ? [] : [site.storyPoints]), 'timeoriginalestimate', site.sprint], sprintField: site.sprint };
}

/**
 * The hourly refresh. Projects enabled since the last refresh (all of them, the first time) have their open sprints
 * read in full once; the others only what changed since. The cursor moves only once every copy is written, so a
 * refresh stopped by the quota is covered by the next one's window.
 */
export async function refreshSprintCopies(jira: JiraClient, now: Date): Promise<{ read: number }> {
  const [global, cursor] = await Promise.all([readGlobal(), readSprintCopyCursor()]);
  const projects = global.settings.enabledProjects;
  const setup = projects.length === 0 ? null : await copyFields(jira);
  if (setup === null) {
    await saveSprintCopyCursor({ at: now.toISOString(), projects: [] });
    return { read: 0 };
  }
  const { fields, sprintField } = setup;
  const copies = await listSprintCopies();
  const known = cursor === null ? [] : projects.filter((p) => cursor.projects.includes(p));
  const added = projects.filter((p) => !known.includes(p));
  const onboarding = added.length > 0 ? `project in (${added.join(', ')}) AND sprint in openSprints()` : null;
  const queries: string[] = [];
  if (onboarding !== null) queries.push(onboarding);
  if (cursor !== null && known.length > 0) {
    const window = since(cursor.at, now);
    // With the issues the copies hold (they may have left every open sprint): one query an hour while few are held.
    const [first = [], ...rest] = chunks([...new Set(copies.flatMap((c) => c.issues.map((i) => i.id)))], ID_CHUNK);
    const openSprints = `project in (${known.join(', ')}) AND sprint in openSprints()`;
    queries.push(first.length === 0 ? `${openSprints} AND ${window}` : `((${openSprints}) OR id in (${first.join(',')})) AND ${window}`);
    for (const ids of rest) queries.push(`id in (${ids.join(',')}) AND ${window} AND (sprint not in openSprints() OR sprint is EMPTY)`);
  }
  const read = new Map<string, RawIssue>();
  const answers = await Promise.all(queries.map((jql) => jira.search(jql, fields)));
  for (const found of answers) for (const issue of found.issues) read.set(issue.id, issue);
  const joins = await onboardingJoins(jira, onboarding === null ? [] : (answers[0]?.issues ?? []), sprintField, now);
  const seenIn = cursor === null ? null : windowSpan(cursor.at, now);
  const bySprint = new Map(copies.map((c) => [c.sprintId, c]));
  // Only an issue new to a copy has just joined its sprint (one held before it had joins noted has none).
  const held = new Map(copies.map((c) => [c.sprintId, new Set(c.issues.map((i) => i.id))]));
  const touched = new Set<number>();
  for (const issue of read.values()) {
    const sprints = sprintsOf(issue, sprintField);
    for (const copy of bySprint.values()) {
      const before = copy.issues.length;
      copy.issues = copy.issues.filter((i) => i.id !== issue.id);
      if (copy.issues.length !== before) touched.add(copy.sprintId);
    }
    // Into every open sprint it is in, and every kept copy of a sprint it is still in (a sprint that has just closed
    // keeps the issues it carried over, until its snapshot has used the copy).
    for (const sprint of sprints.filter((s) => s.state !== 'closed' || bySprint.has(s.id))) {
      const copy: SprintCopy = bySprint.get(sprint.id) ?? { sprintId: sprint.id, fields, issues: [], joins: {} };
      copy.issues.push(issue);
      const span = joins.get(`${issue.id}:${sprint.id}`) ?? seenIn;
      if (span !== null && !(issue.id in copy.joins) && held.get(sprint.id)?.has(issue.id) !== true) copy.joins[issue.id] = span;
      bySprint.set(sprint.id, copy);
      touched.add(sprint.id);
    }
  }
  for (const sprintId of touched) {
    const copy = bySprint.get(sprintId);
    if (copy) await putSprintCopy(copy);
  }
  await saveSprintCopyCursor({ at: now.toISOString(), projects });
  return { read: read.size };
}

/**
 * When the issues a project's first refresh reads joined their sprints: already-started sprints' joins from their
 * Sprint history (one changelog read, onboarding's cost, so the closes to come need none), a future sprint's as
 * "by now" (it has not started). Keyed `<issue id>:<sprint id>`.
 */
async function onboardingJoins(jira: JiraClient, issues: readonly RawIssue[], sprintField: string, now: Date): Promise<Map<string, JoinSpan>> {
  const out = new Map<string, JoinSpan>();
  const started = issues.filter((i) => sprintsOf(i, sprintField).some((s) => s.state === 'active'));
  const logs = started.length === 0 ? new Map() : await jira.changelogs(started.map((i) => i.id), [sprintField]);
  for (const issue of issues) {
    const created = typeof issue.fields?.created === 'string' ? issue.fields.created : null;
    for (const sprint of sprintsOf(issue, sprintField)) {
      const joined = sprint.state === 'active' ? joinedSprintAt(logs.get(issue.id) ?? [], sprintField, sprint.id, created) : null;
      out.set(`${issue.id}:${sprint.id}`, joined === null ? { after: null, by: now.toISOString() } : { after: joined, by: joined });
    }
  }
  return out;
}

/**
 * The issues of a closed sprint as its board shows them, from its copy and what changed since the last refresh, with
 * when they joined it where the refreshes saw that; null when the copy cannot be trusted (the caller reads the sprint
 * in full). The copy is forgotten once used: the sprint is closed and is not read again.
 */
export async function closingSprintIssues(jira: JiraClient, boardId: number, sprintId: number, source: EstimateSource, now: Date): Promise<{ issues: RawIssue[]; joins: Map<string, JoinSpan> } | null> {
  const [copy, cursor] = await Promise.all([getSprintCopy(sprintId), readSprintCopyCursor()]);
  if (copy === null || cursor === null || copy.issues.length > MAX_COPY_ISSUES) return null;
  if (!fieldsFor(source).every((f) => copy.fields.includes(f))) return null;
  const window = since(cursor.at, now);
  const heldIds = copy.issues.map((i) => i.id);
  const [changedHeld, current] = await Promise.all([
    // Held issues that left the sprint; those still in it come with the board's list.
    heldIds.length === 0 ? Promise.resolve([]) : jira.search(`id in (${heldIds.join(',')}) AND ${window} AND (sprint not in (${sprintId}) OR sprint is EMPTY)`, ['key']).then((r) => r.issues.map((i) => i.id)),
    jira.sprintIssues(boardId, sprintId, copy.fields, { jql: window }),
  ]);
  const stale = new Set([...changedHeld, ...current.map((i) => i.id)]);
  const issues = [...copy.issues.filter((i) => !stale.has(i.id)), ...current];
  const ids = issues.map((i) => i.id);
  const [all, ofCopy] = await Promise.all([
    jira.boardIssueCount(boardId, `sprint = ${sprintId}`),
    ids.length === 0 ? Promise.resolve(0) : jira.boardIssueCount(boardId, `sprint = ${sprintId} AND id in (${ids.join(',')})`),
  ]);
  if (all !== issues.length || ofCopy !== issues.length) return null;
  const joins = new Map(Object.entries(copy.joins));
  const seenIn = windowSpan(cursor.at, now);
  const heldSet = new Set(heldIds);
  for (const issue of current) if (!joins.has(issue.id) && !heldSet.has(issue.id)) joins.set(issue.id, seenIn);
  return { issues, joins };
}
