import { token } from '@atlaskit/tokens';

/** The look of the surfaces' plain data tables, in Atlaskit tokens (no DynamicTable: it would not fit the bundle budget). */
export const cell = { padding: `${token('space.050')} ${token('space.100')}`, textAlign: 'left' as const, borderBottom: `${token('border.width')} solid ${token('color.border')}` };
export const numberCell = { ...cell, textAlign: 'right' as const, fontVariantNumeric: 'tabular-nums' };
export const tableStyle = { borderCollapse: 'collapse' as const, font: token('font.body'), color: token('color.text') };
export const captionStyle = { textAlign: 'left' as const, font: token('font.heading.xsmall'), paddingBottom: token('space.100'), color: token('color.text') };
