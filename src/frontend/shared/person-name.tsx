import { useEffect, useState } from 'react';
import { displayName } from '../api/users';

/** The name of the person behind an account id, as the viewer may see it; "someone" when Jira shows none. */
export function usePersonName(accountId: string | null): { name: string | null; loading: boolean } {
  const [state, setState] = useState<{ id: string | null; name: string | null }>({ id: null, name: null });
  useEffect(() => {
    if (accountId === null) return undefined;
    let live = true;
    void displayName(accountId).then((name) => {
      if (live) setState({ id: accountId, name });
    });
    return () => {
      live = false;
    };
  }, [accountId]);
  return { name: state.id === accountId ? state.name : null, loading: accountId !== null && state.id !== accountId };
}

export const UNKNOWN_PERSON = 'someone';

export function PersonName({ accountId }: { accountId: string }) {
  const { name, loading } = usePersonName(accountId);
  return (
    <span data-testid="person-name" aria-busy={loading || undefined}>
      {loading ? '…' : (name ?? UNKNOWN_PERSON)}
    </span>
  );
}
