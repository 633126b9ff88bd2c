import { Stack } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';

/** One titled panel of the settings page (preview, bulk work, points, audit): a labelled section, its heading and what it does. */
export function SettingsPanel(props: { headingId: string; title: string; intro: ReactNode; testId?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={props.headingId} data-testid={props.testId}>
      <Stack space="space.150">
        <h2 id={props.headingId} style={{ margin: 0, font: token('font.heading.small'), color: token('color.text') }}>
          {props.title}
        </h2>
        <p style={{ margin: 0, color: token('color.text.subtle') }}>{props.intro}</p>
        {props.children}
      </Stack>
    </section>
  );
}
