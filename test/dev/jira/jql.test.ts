import { JqlError, parseJql } from '../../../dev/jira/jql-parser';
import { compileJql } from '../../../dev/jira/jql-query';
import { DEV_ACCOUNT_ID, addFilter, addIssue, addProject, emptySite, grant, type Site } from '../../../dev/jira/site';

/** JQL details over a tiny site, without HTTP: syntax, EMPTY, negation, functions, saved filters. */

function site(): Site {
  const s = emptySite({ now: '2026-05-01T12:00:00.000Z' });
  addProject(s, { key: 'ABC', name: 'Alphabet', components: ['API', 'UI'] });
  grant(s, DEV_ACCOUNT_ID, 'ABC', ['BROWSE_PROJECTS']);
  addProject(s, { key: 'HID', name: 'Hidden' });
  const epic = addIssue(s, { project: 'ABC', type: 'Epic', summary: 'Platform "v2"', created: '2026-04-01T10:00:00.000Z' });
  addIssue(s, {
    project: 'ABC',
    type: 'Task',
    summary: 'Rotate keys',
    labels: ['security'],
    components: ['API'],
    assignee: DEV_ACCOUNT_ID,
    created: '2026-04-02T10:00:00.000Z',
    parent: epic.key,
    transitions: [{ at: '2026-04-20T10:00:00.000Z', to: 'Done' }],
  });
  addIssue(s, { project: 'ABC', type: 'Bug', summary: 'Broken footer link', created: '2026-04-25T10:00:00.000Z', priority: 'High' });
  addIssue(s, { project: 'HID', type: 'Task', summary: 'Secret', created: '2026-04-03T10:00:00.000Z' });
  addFilter(s, { id: 500, name: 'Loop', jql: 'filter = 500' });
  addFilter(s, { id: 501, name: 'ABC open', jql: 'project = ABC AND resolution = Unresolved ORDER BY created DESC' });
  return s;
}

function keys(s: Site, jql: string, as: string | null = DEV_ACCOUNT_ID): string[] {
  const user = as === null ? null : (s.users.get(as) ?? null);
  const compiled = compileJql(s, user, jql);
  return compiled.sort([...s.issues.values()].filter((i) => compiled.matches(i)), [{ field: 'key', direction: 'ASC' }]).map((i) => i.key);
}

function error(s: Site, jql: string): string {
  try {
    compileJql(s, s.users.get(DEV_ACCOUNT_ID) ?? null, jql);
  } catch (e) {
    if (e instanceof JqlError) return e.message;
    throw e;
  }
  throw new Error(`"${jql}" compiled`);
}

it('parses precedence: NOT over AND over OR', () => {
  expect(parseJql('a = 1 OR b = 2 AND NOT c = 3 order by x desc, y')).toEqual({
    where: {
      kind: 'or',
      clauses: [
        { kind: 'term', field: 'a', operator: '=', operand: { kind: 'value', value: { kind: 'literal', text: '1', position: 5 } }, position: 1 },
        {
          kind: 'and',
          clauses: [
            { kind: 'term', field: 'b', operator: '=', operand: { kind: 'value', value: { kind: 'literal', text: '2', position: 14 } }, position: 10 },
            { kind: 'not', clause: { kind: 'term', field: 'c', operator: '=', operand: { kind: 'value', value: { kind: 'literal', text: '3', position: 28 } }, position: 24 } },
          ],
        },
      ],
    },
    orderBy: [
      { field: 'x', direction: 'DESC' },
      { field: 'y', direction: 'ASC' },
    ],
  });
});

it('reads quoted values with escapes, keywords in any case, and cf[] names', () => {
  const s = site();
  expect(keys(s, 'summary ~ "platform \\"v2\\""')).toEqual(['ABC-1']);
  expect(keys(s, "project = 'ABC' and LABELS in (Security)")).toEqual(['ABC-2']);
  expect(keys(s, 'cf[10100] is EMPTY AND project = abc')).toEqual(['ABC-1', 'ABC-2', 'ABC-3']);
});

it('treats EMPTY, negation and Unresolved as Jira does', () => {
  const s = site();
  expect(keys(s, 'project = ABC AND labels != security')).toEqual([]);
  expect(keys(s, 'project = ABC AND labels is not EMPTY')).toEqual(['ABC-2']);
  expect(keys(s, 'project = ABC AND resolution = Unresolved')).toEqual(['ABC-1', 'ABC-3']);
  expect(keys(s, 'project = ABC AND resolved is EMPTY')).toEqual(['ABC-1', 'ABC-3']);
  expect(keys(s, 'parent = ABC-1')).toEqual(['ABC-2']);
  expect(keys(s, 'project = ABC AND NOT (type = Epic OR priority = High)')).toEqual(['ABC-2']);
  expect(keys(s, 'assignee = currentUser()')).toEqual(['ABC-2']);
  expect(keys(s, 'component = API')).toEqual(['ABC-2']);
  expect(keys(s, 'project = ABC AND created > -7d')).toEqual(['ABC-3']);
  expect(keys(s, 'project = ABC AND type in standardIssueTypes() AND statusCategory = "To Do"')).toEqual(['ABC-1', 'ABC-3']);
});

it('expands saved filters, ignoring their ORDER BY, and refuses one that names itself', () => {
  const s = site();
  expect(keys(s, 'filter = 501')).toEqual(['ABC-1', 'ABC-3']);
  expect(keys(s, 'filter in ("ABC open") AND type = Bug')).toEqual(['ABC-3']);
  expect(error(s, 'filter = 500')).toBe("The saved filter 'Loop' refers to itself.");
});

it('reads a board filter whole when compiled without a user, and refuses hidden projects to a user', () => {
  const s = site();
  expect(keys(s, 'project in (ABC, HID)', null)).toEqual(['ABC-1', 'ABC-2', 'ABC-3', 'HID-1']);
  expect(error(s, 'project in (ABC, HID)')).toBe("The value 'HID' does not exist for the field 'project'.");
  expect(error(s, 'issuekey = HID-1')).toBe("An issue with key 'HID-1' does not exist for field 'issuekey'.");
  expect(error(s, 'key = nonsense')).toBe("The issue key 'nonsense' for field 'key' is invalid.");
});

it('reports syntax errors with their position', () => {
  const s = site();
  expect(error(s, 'project = "ABC')).toBe("Error in the JQL Query: The quoted string 'ABC' has not been completed. (line 1, character 11)");
  expect(error(s, 'project = ABC labels = x')).toBe("Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'labels'. (line 1, character 15)");
  expect(error(s, 'project in ABC')).toBe("Error in the JQL Query: Expecting '(' but got 'ABC'. (line 1, character 12)");
  expect(error(s, 'statusCategory = Maybe')).toBe("The value 'Maybe' does not exist for the field 'statusCategory'.");
  expect(error(s, '"Story point estimate" > many')).toBe("The value 'many' is not a valid number for the field 'Story point estimate'.");
  expect(error(s, 'project = ABC ORDER BY colour')).toBe("Field 'colour' does not exist or you do not have permission to view it.");
});

describe('what common clients send', () => {
  it('relative dates: periods, several units, and date functions with increments', () => {
    const s = site();
    // now is 2026-05-01T12:00Z (a Friday); ABC-3 was created 2026-04-25, ABC-2 on 2026-04-02 and resolved 2026-04-20.
    expect(keys(s, 'project = ABC AND updated >= -1d')).toEqual([]);
    expect(keys(s, 'project = ABC AND created >= -1w')).toEqual(['ABC-3']);
    // "-4w 2d" is 30 days back: 2026-04-01T12:00Z, after ABC-1 was created.
    expect(keys(s, 'project = ABC AND created >= "-4w 2d"')).toEqual(['ABC-2', 'ABC-3']);
    expect(keys(s, 'project = ABC AND updated >= -2w')).toEqual(['ABC-2', 'ABC-3']);
    expect(keys(s, 'project = ABC AND created < startOfDay()')).toEqual(['ABC-1', 'ABC-2', 'ABC-3']);
    expect(keys(s, 'project = ABC AND created >= startOfWeek(-1)')).toEqual(['ABC-3']);
    expect(keys(s, 'project = ABC AND created >= startOfMonth(-1) AND created <= endOfMonth(-1)')).toEqual(['ABC-1', 'ABC-2', 'ABC-3']);
    expect(keys(s, 'project = ABC AND created >= startOfDay("-7d") AND created < endOfDay()')).toEqual(['ABC-3']);
    expect(keys(s, 'project = ABC AND resolved >= startOfYear() AND resolved <= now()')).toEqual(['ABC-2']);
    expect(error(s, 'created > startOfDay(yesterday)')).toBe("The increment 'yesterday' of function 'startOfDay' is invalid: use (+/-)nn(y|M|w|d|h|m).");
  });

  it('EMPTY, IN / NOT IN, statusCategory by name, key or id, issuekey and key lists', () => {
    const s = site();
    expect(keys(s, 'project = ABC AND assignee is EMPTY')).toEqual(['ABC-1', 'ABC-3']);
    expect(keys(s, 'project = ABC AND assignee is not EMPTY')).toEqual(['ABC-2']);
    expect(keys(s, 'project = ABC AND resolution is EMPTY')).toEqual(['ABC-1', 'ABC-3']);
    expect(keys(s, 'project in (ABC) AND issuetype NOT IN (Epic, Bug)')).toEqual(['ABC-2']);
    expect(keys(s, 'project = ABC AND statusCategory != Done')).toEqual(['ABC-1', 'ABC-3']);
    expect(keys(s, 'project = ABC AND statusCategory in (done, "In Progress")')).toEqual(['ABC-2']);
    expect(keys(s, 'project = ABC AND statusCategory = 2')).toEqual(['ABC-1', 'ABC-3']);
    expect(keys(s, 'issuekey in (ABC-1, ABC-3)')).toEqual(['ABC-1', 'ABC-3']);
    expect(keys(s, 'project = ABC AND (key = ABC-2 OR key not in (ABC-1, ABC-2))')).toEqual(['ABC-2', 'ABC-3']);
  });

  it('several ORDER BY fields, each with its direction', () => {
    const s = site();
    const ordered = (jql: string) => {
      const compiled = compileJql(s, s.users.get(DEV_ACCOUNT_ID) ?? null, jql);
      return compiled.sort([...s.issues.values()].filter((i) => compiled.matches(i)), []).map((i) => i.key);
    };
    expect(ordered('project = ABC ORDER BY statusCategory DESC, created ASC')).toEqual(['ABC-2', 'ABC-1', 'ABC-3']);
    expect(ordered('project = ABC ORDER BY priority DESC, key DESC')).toEqual(['ABC-3', 'ABC-2', 'ABC-1']);
    expect(ordered('project = ABC ORDER BY duedate ASC, Rank ASC')).toEqual(['ABC-1', 'ABC-2', 'ABC-3']);
  });

  it('fields the site has no values for: versions, due dates; text wildcards; the creator', () => {
    const s = site();
    expect(keys(s, 'project = ABC AND fixVersion is EMPTY AND affectedVersion is EMPTY')).toEqual(['ABC-1', 'ABC-2', 'ABC-3']);
    expect(keys(s, 'project = ABC AND fixVersion in unreleasedVersions()')).toEqual([]);
    expect(error(s, 'fixVersion = "1.0"')).toBe("The value '1.0' does not exist for the field 'fixVersion'.");
    expect(keys(s, 'project = ABC AND duedate is EMPTY AND due <= 7d')).toEqual([]);
    expect(keys(s, 'summary ~ "rot*"')).toEqual(['ABC-2']);
    expect(keys(s, 'project = ABC AND creator is not EMPTY')).toEqual(['ABC-1', 'ABC-2', 'ABC-3']);
  });
});

describe('history: WAS and CHANGED over the changelog', () => {
  // ABC-2 went from To Do to Done on 2026-04-20, moved by its assignee (Dan); the others never changed status.
  it('WAS, WAS NOT, WAS IN, WAS EMPTY, with time and author predicates', () => {
    const s = site();
    expect(keys(s, 'project = ABC AND status WAS "To Do"')).toEqual(['ABC-1', 'ABC-2', 'ABC-3']);
    expect(keys(s, 'project = ABC AND status WAS Done')).toEqual(['ABC-2']);
    expect(keys(s, 'project = ABC AND status WAS NOT Done')).toEqual(['ABC-1', 'ABC-3']);
    expect(keys(s, 'project = ABC AND status WAS IN (Done, "In Progress")')).toEqual(['ABC-2']);
    expect(keys(s, 'project = ABC AND status WAS "To Do" AFTER 2026-04-21')).toEqual(['ABC-1', 'ABC-3']);
    expect(keys(s, 'project = ABC AND status WAS Done BEFORE 2026-04-20')).toEqual([]);
    expect(keys(s, 'project = ABC AND status WAS Done BY currentUser()')).toEqual(['ABC-2']);
    expect(keys(s, 'project = ABC AND resolution WAS EMPTY')).toEqual(['ABC-1', 'ABC-2', 'ABC-3']);
    expect(keys(s, 'project = ABC AND resolution WAS NOT Unresolved')).toEqual([]);
    expect(keys(s, 'project = ABC AND assignee WAS currentUser()')).toEqual(['ABC-2']);
  });

  it('CHANGED, with FROM / TO / AFTER / BEFORE / ON / DURING / BY', () => {
    const s = site();
    expect(keys(s, 'project = ABC AND status CHANGED')).toEqual(['ABC-2']);
    expect(keys(s, 'project = ABC AND status CHANGED TO Done AFTER -2w')).toEqual(['ABC-2']);
    expect(keys(s, 'project = ABC AND status CHANGED FROM "To Do" TO Done DURING (2026-04-01, startOfMonth())')).toEqual(['ABC-2']);
    expect(keys(s, 'project = ABC AND status CHANGED ON 2026-04-20')).toEqual(['ABC-2']);
    expect(keys(s, 'project = ABC AND status CHANGED BEFORE 2026-04-19')).toEqual([]);
    expect(keys(s, 'project = ABC AND status CHANGED TO "In Progress"')).toEqual([]);
    expect(keys(s, 'project = ABC AND resolution CHANGED TO Done BY currentUser()')).toEqual(['ABC-2']);
  });

  it('refuses what Jira refuses', () => {
    const s = site();
    expect(error(s, 'labels WAS security')).toBe("History searches (WAS, CHANGED) are not supported for the field 'labels'.");
    expect(error(s, 'status WAS Done FROM "To Do"')).toBe("The predicate 'FROM' is only valid with the CHANGED operator.");
    expect(error(s, 'status WAS Maybe')).toBe("The value 'Maybe' does not exist for the field 'status'.");
    expect(error(s, 'status CHANGED DURING (2026-04-01)')).toBe("Error in the JQL Query: Expecting ',' but got ')'. (line 1, character 34)");
  });
});
