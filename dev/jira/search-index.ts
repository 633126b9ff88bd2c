import type { Behaviour } from './behaviour';
import type { Issue, Site } from './site-model';

/**
 * Jira's search index, which is eventually consistent: search/jql, the enhanced issue lists and the approximate counts
 * read issues as the index has them. After a write the index still has the issue as it was before (or not at all, for a
 * new issue) for `behaviour.indexLagMs`; ids named in `reconcileIssues` are read as they are now. Writes made before the
 * index started listening (the site as it was built) count as indexed.
 */
export class SearchIndex {
  /** Per issue, the writes not yet indexed, oldest first, each with the issue as it was before it. */
  private readonly pending = new Map<string, { at: number; before: Issue | null }[]>();
  private followed: Site | null = null;

  constructor(private readonly behaviour: Behaviour) {}

  /** Listens to a site's writes from now on, and no longer to the site it listened to before (whose writes it forgets). */
  follow(site: Site): void {
    if (this.followed) this.followed.writeListener = null;
    this.followed = site;
    this.pending.clear();
    site.writeListener = (issueId, before) => {
      if (this.behaviour.indexLagMs <= 0) return;
      const writes = this.pending.get(issueId) ?? [];
      writes.push({ at: Date.now(), before });
      this.pending.set(issueId, writes);
    };
  }

  /** The site's issues as a search sees them now, in creation order. */
  issues(site: Site, reconcile: ReadonlySet<string>): Issue[] {
    const cutoff = Date.now() - this.behaviour.indexLagMs;
    for (const [id, writes] of this.pending) {
      const unindexed = writes.filter((w) => w.at > cutoff);
      if (unindexed.length === 0) this.pending.delete(id);
      else this.pending.set(id, unindexed);
    }
    const seen: Issue[] = [];
    for (const issue of site.issues.values()) {
      const first = reconcile.has(issue.id) ? undefined : this.pending.get(issue.id)?.[0];
      if (first === undefined) seen.push(issue);
      else if (first.before !== null) seen.push(first.before);
    }
    return seen;
  }
}
