import { adfToText } from '../../src/domain/adf';
import { findPointsField, normalizeIssue, normalizeIssues, readIssueList } from '../../src/domain/normalize';

const points = { kind: 'field', fieldId: 'customfield_10016' } as const;

describe('normalizeIssue', () => {
  it('reads a platform (REST v3) issue with an ADF description', () => {
    const result = normalizeIssue(
      {
        id: '10001',
        key: 'OPS-7',
        fields: {
          summary: 'Renew the TLS certificate',
          description: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Expires on' }, { type: 'text', text: ' 14 Nov.' }] }, { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'order' }] }] }] }] },
          issuetype: { name: 'Task', subtask: false, hierarchyLevel: 0 },
          labels: ['certificates'],
          components: [{ name: 'Edge' }],
          priority: { name: 'High' },
          status: { name: 'In Progress', statusCategory: { key: 'indeterminate' } },
          project: { key: 'OPS' },
          created: '2026-10-01T10:00:00.000+0000',
          resolutiondate: null,
          customfield_10016: 3,
          customfield_99999: { anything: 'unknown fields are ignored' },
        },
      },
      points,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        id: '10001',
        key: 'OPS-7',
        summary: 'Renew the TLS certificate',
        description: 'Expires on 14 Nov.\norder',
        issueType: 'Task',
        isSubtask: false,
        hierarchyLevel: 0,
        labels: ['certificates'],
        components: ['Edge'],
        priority: 'High',
        statusCategory: 'indeterminate',
        projectKey: 'OPS',
        parent: null,
        created: '2026-10-01T10:00:00.000+0000',
        resolutionDate: null,
        estimate: 3,
        estimateUnit: 'points',
      },
    });
  });

  it('reads an agile issue with a string description and an epic link', () => {
    const result = normalizeIssue({ id: 5, key: 'WEB-3', fields: { summary: 'Add filters', description: 'Plain *wiki* text', issuetype: { name: 'Story' }, epic: { key: 'WEB-1', name: 'Catalogue v2', summary: 'Catalogue revamp' } } }, points);
    expect(result).toMatchObject({ ok: true, value: { id: '5', description: 'Plain *wiki* text', parent: { key: 'WEB-1', summary: 'Catalogue revamp', isEpic: true }, estimate: null, projectKey: 'WEB' } });
  });

  it('marks sub-tasks and reads their parent', () => {
    const result = normalizeIssue(
      { key: 'OPS-9', fields: { issuetype: { name: 'Sub-task', subtask: true }, parent: { key: 'OPS-8', fields: { summary: 'Monthly patching', issuetype: { name: 'Task', hierarchyLevel: 0 } } } } },
      points,
    );
    expect(result).toMatchObject({ ok: true, value: { isSubtask: true, hierarchyLevel: -1, parent: { key: 'OPS-8', summary: 'Monthly patching', issueType: 'Task', isEpic: false } } });
  });

  it('never crashes on missing fields', () => {
    expect(normalizeIssue({ key: 'A-1' }, points)).toMatchObject({ ok: true, value: { summary: '', description: '', labels: [], statusCategory: null, estimate: null } });
    expect(normalizeIssue({ key: 'A-1', fields: { summary: null, labels: null, description: null } }, points)).toMatchObject({ ok: true });
  });

  it('reads original estimates in seconds as hours, and counts issues', () => {
    expect(normalizeIssue({ key: 'A-1', fields: { timeoriginalestimate: 27000 } }, { kind: 'originalEstimate' })).toMatchObject({ ok: true, value: { estimate: 7.5, estimateUnit: 'hours' } });
    expect(normalizeIssue({ key: 'A-1', fields: {} }, { kind: 'issueCount' })).toMatchObject({ ok: true, value: { estimate: 1, estimateUnit: 'issues' } });
  });

  it.each([
    [{ key: 'A-1', fields: { labels: 'patching' } }, 'issue A-1: field "labels" must be an array of strings'],
    [{ key: 'A-2', fields: { summary: 42 } }, 'issue A-2: field "summary" must be a string'],
    [{ key: 'A-3', fields: { customfield_10016: '3' } }, 'issue A-3: field "customfield_10016" (estimate) must be a non-negative number'],
    [{ key: 'A-4', fields: { issuetype: 'Task' } }, 'issue A-4: field "issuetype" must be an object with a name'],
    [{ key: 'A-5', fields: { description: 12 } }, 'issue A-5: field "description" must be a string or an ADF document'],
    [{ fields: {} }, 'issue #1: "key" is not valid'],
    ['nope', 'issue #1: must be an object with a key'],
  ])('names the issue and field for %j', (raw, message) => {
    expect(normalizeIssue(raw, points)).toEqual({ ok: false, error: message });
  });

  it('stops at the first bad issue of a list', () => {
    expect(normalizeIssues([{ key: 'A-1' }, { key: 'A-2', fields: { labels: [1] } }], points)).toEqual({ ok: false, error: 'issue A-2: field "labels" must be an array of strings' });
  });
});

describe('inputs', () => {
  it('accepts search responses and bare arrays', () => {
    expect(readIssueList({ issues: [], names: { customfield_1: 'Story Points' } })).toEqual({ ok: true, value: { issues: [], names: { customfield_1: 'Story Points' } } });
    expect(readIssueList([{ key: 'A-1' }])).toEqual({ ok: true, value: { issues: [{ key: 'A-1' }], names: {} } });
    expect(readIssueList({ values: [] }).ok).toBe(false);
  });

  it('finds the story points field by its display name in an export', () => {
    expect(findPointsField({ customfield_10026: 'Story Points', summary: 'Summary' })).toBe('customfield_10026');
    expect(findPointsField({ customfield_10016: 'Story point estimate' })).toBe('customfield_10016');
    expect(findPointsField({ customfield_1: 'Points' })).toBeNull();
  });
});

describe('adfToText', () => {
  it('flattens text, mentions, hard breaks and cards', () => {
    const doc = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'mention', attrs: { text: '@Ana' } }, { type: 'text', text: ' see' }, { type: 'hardBreak' }, { type: 'inlineCard', attrs: { url: 'https://x.test' } }] }] };
    expect(adfToText(doc)).toBe('@Ana see\nhttps://x.test');
    expect(adfToText(null)).toBe('');
    expect(adfToText('plain')).toBe('plain');
  });

  it('survives very deep documents', () => {
    let node: Record<string, unknown> = { type: 'text', text: 'deep' };
    for (let i = 0; i < 50_000; i++) node = { type: 'blockquote', content: [node] };
    expect(adfToText({ type: 'doc', content: [node] })).toBe('deep');
  });
});
