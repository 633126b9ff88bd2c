import { token } from '@atlaskit/tokens';
import { StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { enableTheming } from '../api/view';

/**
 * Starts a surface: Jira's theme (light/dark through the design tokens) and the React root in #root. Theming is not
 * awaited: the surface renders at once and the colours follow when the host answers.
 */
export function mount(Surface: ComponentType): void {
  void enableTheming();
  const element = document.getElementById('root');
  if (!element) throw new Error('the surface page has no #root element');
  // Text and background that Atlaskit components do not set themselves follow the theme too.
  document.body.style.color = token('color.text');
  document.body.style.backgroundColor = token('utility.elevation.surface.current');
  document.body.style.font = token('font.body');
  createRoot(element).render(
    <StrictMode>
      <Surface />
    </StrictMode>,
  );
}
