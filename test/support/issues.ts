import type { NormalizedIssue } from '../../src/domain/issue';

/** A standard issue with sensible empty fields; tests state only what they are about. */
export function issue(fields: Partial<NormalizedIssue> & { key?: string }): NormalizedIssue {
  const key = fields.key ?? 'OPS-1';
  return {
    id: key,
    key,
    summary: '',
    description: '',
    issueType: 'Task',
    isSubtask: false,
    hierarchyLevel: 0,
    labels: [],
    components: [],
    priority: null,
    statusCategory: 'new',
    projectKey: 'OPS',
    parent: null,
    created: null,
    resolutionDate: null,
    estimate: null,
    estimateUnit: 'points',
    ...fields,
  };
}

/** Where the shared reference data lives (CI lays ../shared beside the clone; SHARED_DIR may point elsewhere locally). */
export const SHARED_DIR = process.env['SHARED_DIR'] ?? `${__dirname}/../../../shared`;
