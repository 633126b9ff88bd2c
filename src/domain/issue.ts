import type { Category, ClassificationSource } from './category';

/** Jira status categories by key: to do, in progress, done. */
export type StatusCategory = 'new' | 'indeterminate' | 'done';

/** What the app knows about an issue's parent (from the issue's `parent` field, plus a stored decision when there is one). */
export interface ParentRef {
  key: string;
  /** The parent's issue id, when Jira gave it (used to look up its stored decision). */
  id?: string;
  summary: string;
  issueType: string;
  /** True for an epic (hierarchy level 1), the parent of standard issues; false for the parent of a sub-task. */
  isEpic: boolean;
  labels: string[];
  /** The parent's own decision when known (stored by the backend); absent in raw exports. */
  known?: { category: Category; source: ClassificationSource; confidence: number };
}

/** An issue as the domain sees it: plain text, no Jira JSON. */
export interface NormalizedIssue {
  id: string;
  key: string;
  summary: string;
  /** Description as plain text (ADF flattened), '' when absent. */
  description: string;
  issueType: string;
  isSubtask: boolean;
  /** Jira hierarchy level: -1 sub-task, 0 standard, 1 epic, higher for custom levels. */
  hierarchyLevel: number;
  labels: string[];
  components: string[];
  priority: string | null;
  statusCategory: StatusCategory | null;
  projectKey: string | null;
  parent: ParentRef | null;
  created: string | null;
  resolutionDate: string | null;
  /** Estimate in the configured basis (points, hours or 1 per issue); null when the issue is unestimated. */
  estimate: number | null;
  /** Unit of `estimate`, so rules can judge size. */
  estimateUnit: EstimateUnit;
}

export type EstimateUnit = 'points' | 'hours' | 'issues';
