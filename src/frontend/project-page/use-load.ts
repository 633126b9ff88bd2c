import { useCallback, useEffect, useRef, useState } from 'react';
import type { Envelope, ErrorCode } from '../../contracts/envelope';

export type Failure = { code: ErrorCode; message: string };
export type Load<T> = { status: 'loading' } | { status: 'failed'; error: Failure } | { status: 'ready'; data: T };

export interface Loaded<T> {
  load: Load<T>;
  refreshing: boolean;
  /** Says what happened after Refresh, for the live region. */
  announcement: string;
  /** Asks again and keeps the current numbers on screen meanwhile. */
  refresh: () => void;
  /** Measures again like refresh, from the app's data as last asked (a save on the same surface asked it afresh already). */
  redraw: () => void;
  /** Asks again from the loading state (after an error). */
  retry: () => void;
}

/**
 * One view's answer: computed on open, again on Refresh (which asks the app's data afresh too) or Retry, nothing polls. An answer that arrives
 * after a newer request (or after the view went away) is dropped.
 */
export function useLoad<T>(fetch: (fresh: boolean) => Promise<Envelope<T>>, refreshedText: string): Loaded<T> {
  const [load, setLoad] = useState<Load<T>>({ status: 'loading' });
  const [refreshing, setRefreshing] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const latest = useRef(0);

  const run = useCallback(
    async (quiet: boolean, fresh: boolean = quiet): Promise<void> => {
      const id = ++latest.current;
      if (quiet) setRefreshing(true);
      else setLoad({ status: 'loading' });
      setAnnouncement('');
      const answer = await fetch(fresh);
      if (id !== latest.current) return;
      setRefreshing(false);
      setLoad(answer.ok ? { status: 'ready', data: answer.data } : { status: 'failed', error: answer.error });
      if (quiet && answer.ok) setAnnouncement(refreshedText);
    },
    [fetch, refreshedText],
  );

  useEffect(() => {
    void run(false);
    return () => {
      latest.current++;
    };
  }, [run]);

  return { load, refreshing, announcement, refresh: () => void run(true), redraw: () => void run(true, false), retry: () => void run(false) };
}
