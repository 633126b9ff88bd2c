import { token } from '@atlaskit/tokens';
import type { MouseEvent } from 'react';
import { openIssue } from '../api/capacity';

/** An issue key that opens the issue in Jira. Inside Jira's iframe a relative href would open the app's own origin: Jira navigates for us. */
export function IssueLink({ issueKey }: { issueKey: string }) {
  const follow = (event: MouseEvent) => {
    event.preventDefault();
    void openIssue(issueKey);
  };
  return (
    <a href={`/browse/${encodeURIComponent(issueKey)}`} onClick={follow} style={{ color: token('color.link') }}>
      {issueKey}
    </a>
  );
}
