import Button from '@atlaskit/button/new';
import { Inline, Stack } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useId, useState } from 'react';
import type { Envelope, ErrorCode } from '../../contracts/envelope';
import type { BulkDryRun, BulkStatus } from '../../contracts/resolvers';
import { dryRunBulk, getBulkStatus, resumeBulk, startBulk } from '../api/settings';
import { formatWhen } from '../shared/format';
import { Notice } from '../shared/notice';
import { ErrorMessage, Loading } from '../shared/states';
import { SettingsPanel } from './settings-panel';

/**
 * Reclassifies every issue of the enabled projects with the saved rules, in batches through the app's queue. It asks
 * first, saying how many issues would change (a dry run: nothing written), and reports issues classified for the
 * first time apart from issues whose category changed. The progress is polled every `pollMs` only while the job runs.
 */

export const BULK_POLL_MS = 2000;

type Load = { status: 'loading' } | { status: 'ready' } | { status: 'failed'; error: { code: ErrorCode; message: string } };

export interface BulkReclassificationProps {
  pollMs?: number;
  /** The page has changes not saved yet: the run would use the saved rules, not those on screen. */
  unsaved?: boolean;
  locale?: string;
  timeZone?: string;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function BulkReclassification({ pollMs = BULK_POLL_MS, unsaved = false, locale, timeZone }: BulkReclassificationProps) {
  const headingId = useId();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [job, setJob] = useState<BulkStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<{ code: ErrorCode; message: string } | null>(null);
  const [asking, setAsking] = useState<BulkDryRun | null>(null);

  const fetchLatest = useCallback(async () => {
    setLoad({ status: 'loading' });
    const answer = await getBulkStatus();
    if (answer.ok) {
      setJob(answer.data);
      setLoad({ status: 'ready' });
    } else setLoad({ status: 'failed', error: answer.error });
  }, []);

  useEffect(() => {
    void fetchLatest();
  }, [fetchLatest]);

  const running = job?.state === 'running';
  const jobId = job?.jobId;
  useEffect(() => {
    if (!running || jobId === undefined) return undefined;
    let live = true;
    const timer = setTimeout(() => {
      void getBulkStatus(jobId).then((answer) => {
        if (!live) return;
        if (answer.ok) setJob(answer.data);
        else setActionError(answer.error);
      });
    }, pollMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [running, jobId, job, pollMs]);

  const ask = async (): Promise<void> => {
    setBusy(true);
    setActionError(null);
    const answer = await dryRunBulk();
    setBusy(false);
    if (answer.ok) setAsking(answer.data);
    else setActionError(answer.error);
  };

  const act = async (action: () => Promise<Envelope<BulkStatus>>): Promise<void> => {
    setAsking(null);
    setBusy(true);
    setActionError(null);
    const answer = await action();
    setBusy(false);
    if (answer.ok) setJob(answer.data);
    else setActionError(answer.error);
  };

  return (
    <SettingsPanel headingId={headingId} title="Reclassify existing issues" intro="After enabling a project or changing the rules, apply the saved rules to every open or recently resolved issue of the enabled projects. It runs in the background, in batches." testId="bulk">
      {load.status === 'loading' ? <Loading label="Loading the last reclassification…" /> : null}
      {load.status === 'failed' ? <ErrorMessage error={load.error} onRetry={() => void fetchLatest()} headingLevel="h3" /> : null}
      {load.status === 'ready' && job ? <JobProgress job={job} locale={locale} timeZone={timeZone} /> : null}
      {load.status === 'ready' && !job ? <p style={{ margin: 0 }}>No reclassification has run yet.</p> : null}
      {actionError ? <ErrorMessage error={actionError} headingLevel="h3" /> : null}
      {asking ? (
        <Notice
          appearance="warning"
          headingLevel="h3"
          title={asking.firstWrites + asking.changes === 0 ? 'Nothing would change' : `Reclassify ${plural(asking.examined, 'issue', 'issues')}?`}
          role="alert"
          testId="bulk-confirm"
          actions={[
            { label: 'Reclassify now', onClick: () => void act(startBulk) },
            { label: 'Cancel', onClick: () => setAsking(null) },
          ]}
        >
          <p style={{ margin: 0 }} data-testid="bulk-dry-run">
            {`With the saved rules, ${plural(asking.changes, 'issue', 'issues')} of ${asking.examined} would change category and ${plural(asking.firstWrites, 'issue', 'issues')} would get a category for the first time. Each of them is one write to Jira.`}
          </p>
          {unsaved ? <p style={{ margin: 0 }}>This page has changes that are not saved: the reclassification uses the saved rules. Save first to apply yours.</p> : null}
        </Notice>
      ) : null}
      {load.status === 'ready' ? (
        <Inline space="space.100">
          <Button appearance="primary" onClick={() => void ask()} isDisabled={running || busy || asking !== null}>
            Start reclassification
          </Button>
          {job && job.state === 'failed' && job.failedBatches > 0 ? (
            <Button onClick={() => void act(() => resumeBulk(job.jobId))} isDisabled={busy}>
              Resume failed batches
            </Button>
          ) : null}
        </Inline>
      ) : null}
    </SettingsPanel>
  );
}

function JobProgress({ job, locale, timeZone }: { job: BulkStatus; locale?: string; timeZone?: string }) {
  const percent = job.total > 0 ? Math.min(100, Math.round((job.processed / job.total) * 100)) : job.state === 'done' ? 100 : 0;
  const words = `${job.processed} of ${job.total} issues processed`;
  const state = job.state === 'running' ? 'Running' : job.state === 'done' ? 'Finished' : 'Stopped with failures';
  return (
    <Stack space="space.100">
      <div data-testid="bulk-state" aria-live="polite">
        {`${state}: ${words}: ${job.changed} changed category, ${job.firstWrites} classified for the first time. Started ${formatWhen(job.startedAt, locale, timeZone)}.`}
      </div>
      <div
        role="progressbar"
        aria-label="Reclassification progress"
        aria-valuemin={0}
        aria-valuemax={job.total}
        aria-valuenow={job.processed}
        aria-valuetext={words}
        style={{ height: token('space.100'), backgroundColor: token('color.background.neutral'), borderRadius: token('radius.small'), overflow: 'hidden' }}
      >
        <div
          style={{
            width: `${percent}%`,
            height: '100%',
            backgroundColor: job.state === 'failed' ? token('color.background.danger.bold') : token('color.background.brand.bold'),
          }}
        />
      </div>
      {job.state === 'failed' ? (
        <p style={{ margin: 0, color: token('color.text.danger') }} data-testid="bulk-failed">
          {job.failedBatches > 0
            ? `${job.failedBatches} ${job.failedBatches === 1 ? 'batch' : 'batches'} failed. Resume to retry ${job.failedBatches === 1 ? 'it' : 'them'}.`
            : 'The reclassification could not be planned. Start it again.'}
        </p>
      ) : null}
    </Stack>
  );
}
