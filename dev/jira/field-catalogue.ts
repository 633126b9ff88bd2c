/**
 * The fields a site knows: Jira's system fields plus the Jira Software and app custom fields this app reads or writes.
 * Metadata only (what `/rest/api/3/field` lists and what JQL and `fields=` may name); values are rendered in issue-json.ts.
 */

export interface FieldSchema {
  type: string;
  system?: string;
  custom?: string;
  customId?: number;
  items?: string;
}

export interface FieldDef {
  id: string;
  key: string;
  name: string;
  custom: boolean;
  /** Jira lists some system fields (parent, issuekey) without a schema. */
  schema?: FieldSchema;
  navigable: boolean;
  orderable: boolean;
  searchable: boolean;
  clauseNames: string[];
  /** A field declared by the app (a Forge `jira:customField`): only the app may write its values. */
  appOwned: boolean;
}

export const SPRINT_FIELD_ID = 'customfield_10020';
export const RANK_FIELD_ID = 'customfield_10019';
export const STORY_POINTS_FIELD_ID = 'customfield_10016';
export const STORY_POINTS_FIELD_TYPE = 'com.pyxis.greenhopper.jira:jsw-story-points';
export const WORK_CATEGORY_FIELD_ID = 'customfield_10100';
export const WORK_CATEGORY_FIELD_TYPE =
  'ari:cloud:ecosystem::extension/00000000-0000-0000-0000-000000000000/local/static/work-category';

function system(id: string, name: string, schema: FieldSchema | undefined, extra: Partial<FieldDef> = {}): FieldDef {
  return {
    id,
    key: id,
    name,
    custom: false,
    ...(schema ? { schema } : {}),
    navigable: true,
    orderable: true,
    searchable: true,
    clauseNames: [id],
    appOwned: false,
    ...extra,
  };
}

/** A custom field as Jira lists it: clause names `cf[N]` and its display name. */
export function customField(id: string, name: string, schema: Omit<FieldSchema, 'customId'>, appOwned = false): FieldDef {
  const customId = Number(id.replace('customfield_', ''));
  return {
    id,
    key: id,
    name,
    custom: true,
    schema: { ...schema, customId },
    navigable: true,
    orderable: true,
    searchable: true,
    clauseNames: [`cf[${customId}]`, name],
    appOwned,
  };
}

export interface CatalogueOptions {
  /** Company-managed sites call it "Story Points" and often put it elsewhere; the app must find it by schema. */
  storyPoints: { id: string; name: string };
}

export function standardFields(options: CatalogueOptions): FieldDef[] {
  return [
    system('issuekey', 'Key', undefined, { orderable: false, clauseNames: ['id', 'issue', 'issuekey', 'key'] }),
    system('summary', 'Summary', { type: 'string', system: 'summary' }, { clauseNames: ['summary'] }),
    system('description', 'Description', { type: 'string', system: 'description' }),
    system('issuetype', 'Issue Type', { type: 'issuetype', system: 'issuetype' }, { clauseNames: ['issuetype', 'type'] }),
    system('status', 'Status', { type: 'status', system: 'status' }, { orderable: false }),
    system('statusCategory', 'Status Category', { type: 'statusCategory', system: 'statusCategory' }, { orderable: false }),
    system('priority', 'Priority', { type: 'priority', system: 'priority' }),
    system('labels', 'Labels', { type: 'array', items: 'string', system: 'labels' }),
    system('components', 'Components', { type: 'array', items: 'component', system: 'components' }, { clauseNames: ['component'] }),
    system('project', 'Project', { type: 'project', system: 'project' }, { orderable: false }),
    system('parent', 'Parent', undefined, { orderable: false }),
    system('assignee', 'Assignee', { type: 'user', system: 'assignee' }),
    system('reporter', 'Reporter', { type: 'user', system: 'reporter' }),
    system('created', 'Created', { type: 'datetime', system: 'created' }, { orderable: false, clauseNames: ['created', 'createdDate'] }),
    system('updated', 'Updated', { type: 'datetime', system: 'updated' }, { orderable: false, clauseNames: ['updated', 'updatedDate'] }),
    system('resolution', 'Resolution', { type: 'resolution', system: 'resolution' }),
    system('resolutiondate', 'Resolved', { type: 'datetime', system: 'resolutiondate' }, {
      orderable: false,
      clauseNames: ['resolutiondate', 'resolved'],
    }),
    system('statuscategorychangedate', 'Status Category Changed', { type: 'datetime', system: 'statuscategorychangedate' }, {
      orderable: false,
      clauseNames: ['statusCategoryChangedDate'],
    }),
    system('timeoriginalestimate', 'Original estimate', { type: 'number', system: 'timeoriginalestimate' }, {
      orderable: false,
      clauseNames: ['originalEstimate', 'timeoriginalestimate'],
    }),
    customField(RANK_FIELD_ID, 'Rank', { type: 'any', custom: 'com.pyxis.greenhopper.jira:gh-lexo-rank' }),
    customField(SPRINT_FIELD_ID, 'Sprint', { type: 'array', items: 'json', custom: 'com.pyxis.greenhopper.jira:gh-sprint' }),
    customField(options.storyPoints.id, options.storyPoints.name, { type: 'number', custom: STORY_POINTS_FIELD_TYPE }),
    customField(WORK_CATEGORY_FIELD_ID, 'Work category', { type: 'string', custom: WORK_CATEGORY_FIELD_TYPE }, true),
  ];
}
