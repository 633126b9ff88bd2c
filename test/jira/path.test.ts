import { jiraPath } from '../../src/jira/path';

describe('jiraPath', () => {
  it('encodes path segments and query values, and writes URLSearchParams as a query string', () => {
    const q = new URLSearchParams({ jql: 'project = "OPS" AND status = Done', fields: 'summary,status' });
    expect(jiraPath`/rest/api/3/issue/${'OPS 1'}/comment?${q}`.value).toBe('/rest/api/3/issue/OPS%201/comment?jql=project+%3D+%22OPS%22+AND+status+%3D+Done&fields=summary%2Cstatus');
    expect(jiraPath`/rest/agile/1.0/board/${42}/sprint?state=${'active,future'}`.value).toBe('/rest/agile/1.0/board/42/sprint?state=active%2Cfuture');
  });

  it.each(['../admin', '..', '%2e%2e', '.%2E', 'a/b', 'a\\b', 'x?y=1', 'x#frag', ''])('refuses a path segment that could change the path: %j', (value) => {
    expect(() => jiraPath`/rest/api/3/issue/${value}`).toThrow(/Refusing a path segment/);
  });

  it('lets a query value carry what a segment may not', () => {
    expect(jiraPath`/rest/api/3/mypermissions?projectKey=${'../x/y?z'}`.value).toBe('/rest/api/3/mypermissions?projectKey=..%2Fx%2Fy%3Fz');
  });
});
