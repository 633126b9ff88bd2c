import Button from '@atlaskit/button/new';
import { useId, useState } from 'react';
import type { ErrorCode } from '../../contracts/envelope';
import { exportAudit } from '../api/settings';
import { ErrorMessage } from '../shared/states';
import { SettingsPanel } from './settings-panel';

/** Who overrode which issue's category, when, and from what: a CSV file, downloaded in the browser. */

export function downloadCsv(filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

export function AuditExport({ projectKey }: { projectKey: string | null }) {
  const headingId = useId();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<{ code: ErrorCode; message: string } | null>(null);

  const run = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setDone(null);
    const answer = await exportAudit();
    setBusy(false);
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    downloadCsv(answer.data.filename, answer.data.csv);
    setDone(`Downloaded ${answer.data.filename}.`);
  };

  return (
    <SettingsPanel headingId={headingId} title="Override audit" intro={projectKey ? `Every override of a ${projectKey} issue's category, as a CSV file.` : 'Every override of an issue’s category, as a CSV file.'}>
      <div>
        <Button onClick={() => void run()} isLoading={busy}>
          Download override audit (CSV)
        </Button>
      </div>
      <div role="status" data-testid="audit-status">
        {done}
      </div>
      {error ? <ErrorMessage error={error} headingLevel="h3" /> : null}
    </SettingsPanel>
  );
}
