import Button from '@atlaskit/button/new';
import StatusErrorIcon from '@atlaskit/icon/core/status-error';
import StatusInformationIcon from '@atlaskit/icon/core/status-information';
import StatusWarningIcon from '@atlaskit/icon/core/status-warning';
import { Inline, Stack } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { useId, type ReactNode } from 'react';

/**
 * A section message in the Atlassian look (icon, title, text, actions on the appearance's background), built from
 * design tokens. @atlaskit/section-message draws the same, but always bundles its dismiss IconButton (tooltip, popper,
 * portal) and the legacy emotion button of its actions: about 35 kB gzip the issue panel cannot afford.
 */

export type NoticeAppearance = 'information' | 'warning' | 'error';

const APPEARANCES = {
  information: { background: token('color.background.information'), icon: StatusInformationIcon, iconColor: token('color.icon.information'), label: 'Information' },
  warning: { background: token('color.background.warning'), icon: StatusWarningIcon, iconColor: token('color.icon.warning'), label: 'Warning' },
  error: { background: token('color.background.danger'), icon: StatusErrorIcon, iconColor: token('color.icon.danger'), label: 'Error' },
} as const;

export interface NoticeAction {
  label: string;
  onClick: () => void;
}

export interface NoticeProps {
  appearance: NoticeAppearance;
  title: string;
  headingLevel?: 'h2' | 'h3';
  children?: ReactNode;
  actions?: NoticeAction[];
  /** `alert` for errors that appear after an action, so screen readers say them at once. */
  role?: 'alert' | 'status';
  testId?: string;
}

export function Notice({ appearance, title, headingLevel = 'h2', children, actions = [], role, testId }: NoticeProps) {
  const titleId = useId();
  const look = APPEARANCES[appearance];
  const Icon = look.icon;
  const Heading = headingLevel;
  return (
    <section
      aria-labelledby={titleId}
      role={role}
      data-testid={testId}
      style={{
        backgroundColor: look.background,
        borderRadius: token('radius.large'),
        padding: token('space.200'),
        color: token('color.text'),
        wordBreak: 'break-word',
      }}
    >
      <Inline space="space.200" alignBlock="start">
        <Icon label={look.label} color={look.iconColor} spacing="spacious" />
        <Stack space="space.100" grow="fill">
          <Heading id={titleId} style={{ margin: 0, font: token('font.heading.xsmall'), color: token('color.text') }}>
            {title}
          </Heading>
          {children ? <div style={{ font: token('font.body') }}>{children}</div> : null}
          {actions.length > 0 ? (
            <Inline space="space.100" shouldWrap>
              {actions.map((action) => (
                <Button key={action.label} onClick={action.onClick} spacing="compact">
                  {action.label}
                </Button>
              ))}
            </Inline>
          ) : null}
        </Stack>
      </Inline>
    </section>
  );
}
