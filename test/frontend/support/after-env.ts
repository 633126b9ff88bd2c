import { configure } from '@testing-library/react';
import { forgetDisplayNames } from '../../../src/frontend/api/users';
import { host } from './fake-bridge';

// jsdom has no CSS.escape, which user-event uses to find the radios of a group for arrow keys. Browsers have it.
if (typeof globalThis.CSS?.escape !== 'function') {
  const escape = (value: string): string => value.replace(/[^a-zA-Z0-9_\u00A0-\uFFFF-]/g, (c) => `\\${c}`);
  Object.assign(globalThis, { CSS: { ...globalThis.CSS, escape } });
}

// A view's figures load on demand (lazy chunks ts-jest compiles on first use): on two shared cores under load that
// took longer than findBy's default second, and a first test of a file failed, then passed alone. Within the test's 15 s.
configure({ asyncUtilTimeout: 10_000 });

// @testing-library/react unmounts after each test by itself; the host forgets its answers and calls.
afterEach(() => {
  host.reset();
  forgetDisplayNames();
});
