import { act, screen } from '@testing-library/react';
import { answerView } from '../support/decided-issue';
import { host } from '../support/fake-bridge';

jest.mock('../../../src/frontend/api/issue-decided', () => jest.requireActual('../support/decided-issue'));

/** The surface's entry point, as the built index.html runs it: theming on, the panel rendered into #root. */

it('enables Jira theming at startup and renders the panel into #root', async () => {
  answerView({
    issueKey: 'OPS-113',
    category: 'KTLO',
    confidence: 0.93,
    source: 'rules',
    unsure: false,
    reasons: ["recurring maintenance: 'monthly security patching'"],
    override: null,
    canOverride: true,
    canSuggestRule: false,
    projectEnabled: true,
  });
  const root = document.createElement('div');
  root.id = 'root';
  document.body.append(root);

  // Loaded only now, as the page's script runs after #root exists.
  await act(async () => {
    require('../../../src/frontend/issue-panel/main');
  });

  expect(host.themingEnabled).toBe(true);
  expect((await screen.findByTestId('category-lozenge')).textContent).toBe('KTLO');
  expect(root.contains(screen.getByTestId('category-lozenge'))).toBe(true);
  // Text outside Atlaskit components follows the theme through tokens, not fixed colours.
  expect(document.body.style.color).toMatch(/^var\(--ds-text/);
});
