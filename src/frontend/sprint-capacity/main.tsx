import '../shared/zod-jitless';
import { openSurface } from '../api/capacity';

/**
 * The context and the board's reads are asked first, and sent before React and the panel's code are even evaluated
 * (their ~30-40 ms of module code and first render would otherwise run before the context's answer is handled). The
 * browser fetches that code with the page (index.html preloads it); a copy it could not get is said in the page.
 */
void openSurface()
  .then(() => import('./surface.js'))
  .then(
    ({ drawSurface }) => drawSurface(),
    (e: unknown) => {
      const root = document.getElementById('root');
      if (root) root.textContent = `KTLO Lens could not load its code (${e instanceof Error ? e.message : String(e)}). Reload the page to try again.`;
    },
  );
