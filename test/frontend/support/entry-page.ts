import { host } from './fake-bridge';

/** The page a surface's entry point (main.tsx) draws into, opened from the sprint menu of board 1's sprint 12: its #root. */
export function sprintMenuPage(): HTMLElement {
  host.context = { accountId: 'user-dev-1', extension: { type: 'jira:sprintAction', board: { id: 1 }, sprint: { id: 12 } } };
  const root = document.createElement('div');
  root.id = 'root';
  document.body.append(root);
  return root;
}
