import Button from '@atlaskit/button/new';
import { Stack } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useId, useState } from 'react';
import type { ErrorCode } from '../../contracts/envelope';
import type { PointsUsage as Usage } from '../../contracts/resolvers';
import { PURPOSES, type Purpose } from '../../jira/points';
import { getPointsUsage } from '../api/settings';
import { formatWhen } from '../shared/format';
import { Notice } from '../shared/notice';
import { ErrorMessage, Loading } from '../shared/states';
import { SettingsPanel } from './settings-panel';

/**
 * What KTLO Lens has spent of Jira's points quota on this site: this UTC hour and today, by purpose, the background
 * budget, and what Jira's quota headers last said. Jira admins only (the resolver checks).
 */

const PURPOSE_WORDS: Record<Purpose, string> = {
  view: 'Views (people opening the app)',
  trigger: 'Issue events',
  snapshot: 'Sprint snapshots',
  daily: 'Daily run',
  backfill: 'History backfill',
  bulk: 'Bulk reclassification',
};

type Load = { status: 'loading' } | { status: 'ready'; usage: Usage } | { status: 'failed'; error: { code: ErrorCode; message: string } };

const cell = { padding: `${token('space.050')} ${token('space.150')}`, textAlign: 'right' as const, borderBottom: `1px solid ${token('color.border')}` };
const nameCell = { ...cell, textAlign: 'left' as const };

export function PointsUsage({ locale, timeZone }: { locale?: string; timeZone?: string }) {
  const headingId = useId();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const fetchUsage = useCallback(async () => {
    setLoad({ status: 'loading' });
    const answer = await getPointsUsage();
    setLoad(answer.ok ? { status: 'ready', usage: answer.data } : { status: 'failed', error: answer.error });
  }, []);
  useEffect(() => {
    void fetchUsage();
  }, [fetchUsage]);

  return (
    <SettingsPanel headingId={headingId} title="Jira points used" intro="Jira meters every call KTLO Lens makes in points, against one hourly quota shared by every site that uses the app." testId="points-usage">
      {load.status === 'loading' ? <Loading label="Loading the points used…" /> : null}
      {load.status === 'failed' ? <ErrorMessage error={load.error} onRetry={() => void fetchUsage()} headingLevel="h3" /> : null}
      {load.status === 'ready' ? <UsageTable usage={load.usage} locale={locale} timeZone={timeZone} /> : null}
      {load.status === 'ready' ? (
        <div>
          <Button onClick={() => void fetchUsage()}>Refresh</Button>
        </div>
      ) : null}
    </SettingsPanel>
  );
}

function UsageTable({ usage, locale, timeZone }: { usage: Usage; locale?: string | undefined; timeZone?: string | undefined }) {
  const { quota } = usage;
  return (
    <Stack space="space.100">
      {usage.wallClearsAt ? (
        <Notice appearance="warning" title="Jira's hourly quota is spent" testId="points-wall">
          <p style={{ margin: 0 }}>{`Background work is paused and resumes by itself after ${formatWhen(usage.wallClearsAt, locale, timeZone)}.`}</p>
        </Notice>
      ) : null}
      <table style={{ borderCollapse: 'collapse' }} aria-label="Points by purpose">
        <thead>
          <tr>
            <th style={nameCell}>Purpose</th>
            <th style={cell}>This hour</th>
            <th style={cell}>Today</th>
          </tr>
        </thead>
        <tbody>
          {PURPOSES.map((p) => (
            <tr key={p}>
              <td style={nameCell}>{PURPOSE_WORDS[p]}</td>
              <td style={cell}>{usage.hour.byPurpose[p]?.points ?? 0}</td>
              <td style={cell}>{usage.today.byPurpose[p]?.points ?? 0}</td>
            </tr>
          ))}
          <tr>
            <th style={nameCell}>All</th>
            <td style={cell} data-testid="points-hour">
              {usage.hour.total.points}
            </td>
            <td style={cell} data-testid="points-today">
              {usage.today.total.points}
            </td>
          </tr>
        </tbody>
      </table>
      <p style={{ margin: 0 }} data-testid="points-budget">
        {`Background work today: ${usage.budget.backgroundToday} of ${usage.budget.backgroundPerDay} points.`}
      </p>
      <p style={{ margin: 0, color: token('color.text.subtle') }} data-testid="points-quota">
        {quota === null
          ? 'Jira has not sent quota headers yet.'
          : `${quota.enforced === false ? 'Reported, not yet enforced by Jira' : 'Enforced by Jira'}: ${quota.quota ?? 'an unstated number of'} points an hour for the app${
              quota.remaining === null ? '' : `, ${quota.remaining} left`
            }${quota.nearLimit ? ' (near the limit)' : ''}, as of ${formatWhen(quota.at, locale, timeZone)}.`}
      </p>
    </Stack>
  );
}
