import { act, screen } from '@testing-library/react';
import { startJiraServer, type JiraServer } from '../../../dev/jira/server';
import { DEMO_BOARD_IDS, DEMO_SPRINT_IDS, DEV_ACCOUNT_ID, SPRINT_FIELD_ID, STORY_POINTS_FIELD_ID, WORK_CATEGORY_FIELD_ID } from '../../../dev/jira/site';
import { host } from '../support/fake-bridge';
import { loadAnswer } from '../support/measured-views';

/**
 * The sprint surface's entry asks the host's context and, once it names the board and sprint, the view's first reads
 * (board configuration, sprint, its issue ids) before the rest of its code runs (src/frontend/api/early.ts); the
 * view's own first reads take those answers instead of asking Jira again. Real reads: the real measurement module,
 * the demo site's Jira server as Dan.
 */

let jira: JiraServer;
beforeAll(async () => {
  jira = await startJiraServer();
});
afterAll(() => jira.close());

const board = DEMO_BOARD_IDS.ops;
const sprint = DEMO_SPRINT_IDS.active;
const FIRST_READS = [`GET /rest/agile/1.0/board/${board}/configuration`, `GET /rest/agile/1.0/sprint/${sprint}`, `GET /rest/software/1.0/board/${board}/sprint/${sprint}/issue`];

function openEntry(extension: Record<string, unknown>): void {
  host.serveJira(jira);
  host.context = { accountId: DEV_ACCOUNT_ID, locale: 'en_GB', moduleKey: 'ktlo-sprint-capacity', extension: { type: 'jira:sprintAction', ...extension } };
  const load = loadAnswer({ boardId: board });
  host.answer('capacity/load', () => ({ ok: true, data: { ...load, fields: { storyPoints: STORY_POINTS_FIELD_ID, sprint: SPRINT_FIELD_ID, workCategory: WORK_CATEGORY_FIELD_ID } } }));
  const root = document.createElement('div');
  root.id = 'root';
  document.body.append(root);
}

const asked = (): string[] => host.productRequests.map((r) => `${r.method} ${r.path}`);

it('asks the first reads before the load invoke, and the view takes their answers instead of asking again', async () => {
  openEntry({ board: { id: board, type: 'scrum' }, sprint: { id: sprint, state: 'active' } });
  await act(async () => {
    require('../../../src/frontend/sprint-capacity/main');
  });

  expect((await screen.findByTestId('ktlo-share', {}, { timeout: 10_000 })).textContent).toMatch(/KTLO share: \d+%/);
  // The context first, then the three reads it names, then the load: nothing of the app's own code ran before them.
  expect(host.bridgeCalls.slice(0, 5)).toEqual(['getContext', 'fetchProduct', 'fetchProduct', 'fetchProduct', 'invoke']);
  expect(asked().slice(0, 3).sort()).toEqual([...FIRST_READS].sort());
  // Each asked once per opening of the surface: the first opening's client took what the entry asked. (React's
  // development StrictMode mounts the panel twice, and the second mount opens the surface afresh: its own reads.)
  const openings = host.invocationsOf('capacity/load').length;
  expect(host.bridgeCalls.filter((c) => c === 'getContext')).toHaveLength(openings);
  for (const read of FIRST_READS) expect(asked().filter((a) => a === read)).toHaveLength(openings);
  expect(asked()).toEqual(expect.arrayContaining(['POST /rest/api/3/issue/bulkfetch', 'POST /rest/api/3/changelog/bulkfetch']));
});

it('hands the reads asked ahead over once, and asks none by a context that names no board', async () => {
  const started = (extension: Record<string, unknown>): typeof import('../../../src/frontend/api/early') => {
    openEntry(extension);
    let early: typeof import('../../../src/frontend/api/early') | undefined;
    jest.isolateModules(() => {
      early = jest.requireActual<typeof import('../../../src/frontend/api/early')>('../../../src/frontend/api/early');
    });
    if (!early) throw new Error('early.ts did not load');
    return early;
  };
  const early = started({ board: { id: String(board) }, sprint: { id: sprint } });
  await early.startEarly();
  expect([...early.takeAhead().keys()].map((path) => path.split('?')[0])).toEqual(FIRST_READS.map((r) => r.replace('GET ', '')));
  expect(early.takeAhead().size).toBe(0);

  for (const extension of [{}, { board: { id: 'board-1' }, sprint: { id: sprint } }, { board: { id: -1 } }]) {
    const none = started(extension);
    await none.startEarly();
    expect(none.takeAhead().size).toBe(0);
  }
});
