import { forgetDisplayNames } from '../../../src/frontend/api/users';
import { host } from './fake-bridge';

// jsdom has no CSS.escape, which user-event uses to find the radios of a group for arrow keys. Browsers have it.
if (typeof globalThis.CSS?.escape !== 'function') {
  const escape = (value: string): string => value.replace(/[^a-zA-Z0-9_\u00A0-\uFFFF-]/g, (c) => `\\${c}`);
  Object.assign(globalThis, { CSS: { ...globalThis.CSS, escape } });
}

// @testing-library/react unmounts after each test by itself; the host forgets its answers and calls.
afterEach(() => {
  host.reset();
  forgetDisplayNames();
});
