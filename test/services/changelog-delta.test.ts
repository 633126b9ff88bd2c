import { applyChangelog, changelogItems } from '../../src/services/changelog-delta';

/** An issue event's changelog over the fields the app last read: the issue as it is now, or null when it cannot say. */

const known = {
  id: '10001',
  key: 'OPS-1',
  fields: { summary: 'Patch the web tier', labels: ['ktlo'], components: [{ name: 'Web' }], description: 'Monthly.', customfield_10016: 3, issuetype: { name: 'Task' } },
};
const points = { kind: 'field', fieldId: 'customfield_10016' } as const;

describe('applyChangelog', () => {
  it('takes the new summary, labels, components, estimate and a cleared description from the items', () => {
    const items = changelogItems({
      items: [
        { field: 'summary', fieldtype: 'jira', fromString: 'Patch the web tier', toString: 'Build the partner portal' },
        { field: 'labels', fieldtype: 'jira', fromString: 'ktlo', toString: 'project-work portal' },
        { field: 'description', fieldtype: 'jira', toString: null },
        { field: 'Component', fieldtype: 'jira', fromString: 'Web', toString: null },
        { field: 'Component', fieldtype: 'jira', fromString: null, toString: 'Portal' },
        { field: 'Story point estimate', fieldId: 'customfield_10016', fieldtype: 'custom', fromString: '3', toString: '8' },
      ],
    });
    expect(items).not.toBeNull();
    expect(applyChangelog(known, items ?? [], points)?.fields).toEqual({
      summary: 'Build the partner portal',
      labels: ['project-work', 'portal'],
      components: [{ name: 'Portal' }],
      description: null,
      customfield_10016: 8,
      issuetype: { name: 'Task' },
    });
  });

  it('says nothing (null) for changes it cannot apply: the type, the parent, a summary without its new value, a new description', () => {
    expect(applyChangelog(known, [{ field: 'description', fieldtype: 'jira', toString: 'h1. Rotate *all* keys' }], points)).toBeNull();
    expect(applyChangelog(known, [{ field: 'issuetype', toString: 'Epic' }], points)).toBeNull();
    expect(applyChangelog(known, [{ field: 'IssueParentAssociation', toString: 'OPS-9' }], points)).toBeNull();
    expect(applyChangelog(known, [{ field: 'summary', toString: null }], points)).toBeNull();
    expect(applyChangelog(known, [{ field: 'Story point estimate', fieldId: 'customfield_10016', toString: 'lots' }], points)).toBeNull();
    expect(changelogItems({ items: 'none' })).toBeNull();
    expect(changelogItems(undefined)).toBeNull();
  });
});
