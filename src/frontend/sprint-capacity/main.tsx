import { startEarly } from '../api/early';

/**
 * The context and the board's first reads are asked first, before zod, the contracts, React and the panel's code are
 * even evaluated (their ~50 ms of module code and the first render would otherwise run before the context's answer
 * is handled, and every read of the view would wait for it); the measurement code is fetched beside them. The
 * browser fetches the rest with the page (index.html preloads it); a copy it could not get is said in the page.
 */
void startEarly()
  .then(() => import('../api/capacity.js'))
  .then(({ openSurface }) => openSurface())
  .then(() => import('./surface.js'))
  .then(
    ({ drawSurface }) => drawSurface(),
    (e: unknown) => {
      const root = document.getElementById('root');
      if (root) root.textContent = `KTLO Lens could not load its code (${e instanceof Error ? e.message : String(e)}). Reload the page to try again.`;
    },
  );
