import type { Decisions, SettledDecision } from '../domain/decide';
import type { SprintFacts, SprintHistory, SprintInputs } from '../domain/measure';
import { estimateUnit, normalizeIssues } from '../domain/normalize';
import type { NormalizedIssue } from '../domain/issue';
import type { IssueListOptions } from '../jira/board-reads';
import type { JiraClient } from '../jira/client';
import type { RawIssue, Sprint } from '../jira/schemas';
import { joinedSprintAt } from '../jira/sprint-history';
import type { BoardSetup } from './board';
import { fieldsFor } from './fields';
import { readIssueList, type IssueList, type ReadOptions } from './issue-list';

/**
 * What measuring one sprint reads, after the board's set-up: the sprint and its issue ids at once, then the issues'
 * fields (bulk fetch, 100 a call) and the Sprint field's history (changelog bulk fetch, 1,000 issues a call) at once:
 * three round trips whatever the sprint's size. With `parentsField`, parents outside the sprint are read too (one
 * more round trip, only when there are such parents), for the category that field carries.
 */

/** Jira sent an issue the app cannot read (a field of the wrong type): reported, never guessed around. */
export class UnreadableIssueError extends Error {}

export interface SprintReadOptions {
  read: ReadOptions;
  /** Read the Sprint field's history for planned vs unplanned work (about a point per issue). */
  history: boolean;
  /** Also read this field (the Work category) with the issues and of parents outside the sprint. */
  parentsField: string | null;
  /** The sprint, and its issue ids when they need no reconciling, already asked (the browser asks them beside its load). */
  early?: { sprint: Promise<Sprint>; ids: Promise<string[]> | null };
  /** Told of the issues as they are read (a view classifies them as they come: decide.ts BatchClassifier). */
  pages?: SprintPages;
}

/** What a reader that reads ids first tells as it goes: the ids, each page of issues read by them, the parents outside the sprint. */
export interface SprintPages {
  ids(ids: readonly string[]): void;
  page(raw: readonly RawIssue[], issues: readonly NormalizedIssue[]): void;
  /** With `parentsField`: the parents outside the sprint (none is an answer too). */
  parents(parents: readonly RawIssue[]): void;
}

export interface SprintRead {
  sprint: Sprint;
  raw: RawIssue[];
  /** `raw` normalised, in its order (the bulk fetches' pages each as it was answered). */
  issues: NormalizedIssue[];
  /** Issue id -> when it joined the sprint; null when the sprint has not started, history was not asked or the site has no Sprint field. */
  joinedAt: Map<string, string | null> | null;
  /** Parents outside the sprint, with `parentsField` only. */
  parents: RawIssue[];
}

export function sprintFacts(s: Sprint): SprintFacts {
  return { id: s.id, name: s.name, state: s.state, startDate: s.startDate ?? null, endDate: s.endDate ?? null, completeDate: s.completeDate ?? null };
}

function createdOf(raw: RawIssue): string | null {
  const created = raw.fields?.created;
  return typeof created === 'string' ? created : null;
}

function parentIdOf(raw: RawIssue): string | null {
  const parent = raw.fields?.parent;
  return typeof parent === 'object' && parent !== null && 'id' in parent && typeof parent.id === 'string' ? parent.id : null;
}

/** Normalises pages of raw issues as each is answered (and tells `pages`), and gives a list back normalised in its own order. */
class PageNormalizer {
  private readonly done = new Map<RawIssue, NormalizedIssue>();

  constructor(
    private readonly setup: Pick<BoardSetup, 'source'>,
    private readonly pages: SprintPages | undefined,
  ) {}

  readonly page = (raw: readonly RawIssue[]): void => {
    const issues = normalize(this.setup, raw);
    issues.forEach((issue, i) => {
      const r = raw[i];
      if (r) this.done.set(r, issue);
    });
    this.pages?.page(raw, issues);
  };

  all(raw: readonly RawIssue[]): NormalizedIssue[] {
    this.page(raw.filter((r) => !this.done.has(r)));
    return raw.flatMap((r) => this.done.get(r) ?? []);
  }
}

/** Reads one sprint of a board known to have sprints (see requireSprints), given as read already or by id. */
export async function readSprint(jira: JiraClient, setup: BoardSetup, sprintOrId: Sprint | number, opts: SprintReadOptions): Promise<SprintRead> {
  const boardId = setup.board.id;
  const fields = fieldsFor(setup.source, [opts.parentsField]);
  const listOpts: IssueListOptions = { reconcile: opts.read.reconcile };
  const sprintId = typeof sprintOrId === 'number' ? sprintOrId : sprintOrId.id;
  const sprintP = typeof sprintOrId !== 'number' ? Promise.resolve(sprintOrId) : (opts.early?.sprint ?? jira.sprint(sprintOrId));
  const earlyIds = opts.early?.ids ?? null;
  const sprintField = setup.fields.sprint;
  const histories = async (ids: readonly string[]) => {
    const sprint = await sprintP;
    const started = sprint.state !== 'future' && sprint.startDate !== undefined;
    if (!opts.history || sprintField === null || !started) return null;
    return ids.length === 0 ? new Map() : jira.changelogs(ids, [sprintField], opts.read.prefer === 'round-trips');
  };
  const normalizer = new PageNormalizer(setup, opts.pages);
  const parentsField = opts.parentsField;
  // Parents outside the sprint are asked as soon as the issues are in, beside their histories.
  let parentsRead: Promise<RawIssue[]> = Promise.resolve([]);
  const withParents = (raw: RawIssue[]): RawIssue[] => {
    if (parentsField !== null) {
      parentsRead = outsideParents(jira, raw, parentsField).then((parents) => {
        opts.pages?.parents(parents);
        return parents;
      });
      parentsRead.catch(() => undefined);
    }
    return raw;
  };
  const list: IssueList = {
    ids: async () => {
      const ids = await (earlyIds ?? jira.sprintIssueIds(boardId, sprintId, listOpts));
      opts.pages?.ids(ids);
      return ids;
    },
    withFields: async () => withParents(await jira.sprintIssues(boardId, sprintId, fields, listOpts)),
    byIds: async (ids) => withParents(await jira.issuesById(ids, fields, normalizer.page)),
  };
  const [sprint, { raw, alongside }] = await Promise.all([sprintP, readIssueList(list, opts.read, histories)]);
  const issues = normalizer.all(raw);
  const joinedAt = alongside === null || sprintField === null ? null : new Map(raw.map((r) => [r.id, joinedSprintAt(alongside.get(r.id) ?? [], sprintField, sprint.id, createdOf(r))]));
  return { sprint, raw, issues, joinedAt, parents: await parentsRead };
}

/** The parents of `raw` that are not among them, with their summary and `field`. */
async function outsideParents(jira: JiraClient, raw: readonly RawIssue[], field: string): Promise<RawIssue[]> {
  const inSprint = new Set(raw.map((r) => r.id));
  const outside = [...new Set(raw.flatMap((r) => parentIdOf(r) ?? []))].filter((id) => !inSprint.has(id));
  return outside.length === 0 ? [] : jira.issuesById(outside, ['summary', field]);
}

export function normalize(setup: Pick<BoardSetup, 'source'>, raw: readonly RawIssue[]): NormalizedIssue[] {
  const normalized = normalizeIssues(raw, setup.source);
  if (!normalized.ok) throw new UnreadableIssueError(`Jira returned an issue the app cannot read: ${normalized.error}`);
  return normalized.value;
}

/** The Work category field's value ("KTLO" / "Project", as the app writes it), read as a category. */
export function workCategoryOf(raw: RawIssue, fieldId: string): SettledDecision | null {
  const value = raw.fields?.[fieldId];
  const label = typeof value === 'string' ? value : typeof value === 'object' && value !== null && 'value' in value && typeof value.value === 'string' ? value.value : null;
  if (label === 'KTLO') return { category: 'KTLO', source: 'rules', confidence: 1 };
  if (label === 'Project') return { category: 'PROJECT', source: 'rules', confidence: 1 };
  return null;
}

/** What measureSprint takes, from the set-up, the read, the decisions the app holds and the board's stored history. */
export function sprintInputs(setup: BoardSetup, read: SprintRead, issues: readonly NormalizedIssue[], decisions: Decisions, history: readonly SprintHistory[]): SprintInputs {
  return {
    board: setup.board,
    sprint: sprintFacts(read.sprint),
    issues,
    decisions,
    joinedAt: read.joinedAt,
    config: setup.config,
    unit: estimateUnit(setup.source),
    history,
  };
}
