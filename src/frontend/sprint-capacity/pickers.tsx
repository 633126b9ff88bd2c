import { token } from '@atlaskit/tokens';
import { useId } from 'react';

export interface PickerOption {
  id: number;
  label: string;
}

/** A labelled native select: keyboard and screen-reader behaviour come with it, and it costs no bundle. */
export function Picker({ label, options, value, onChange, testId }: { label: string; options: PickerOption[]; value: number | null; onChange: (id: number) => void; testId: string }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} style={{ display: 'block', font: token('font.body.small'), fontWeight: token('font.weight.semibold'), color: token('color.text.subtle') }}>
        {label}
      </label>
      <select
        id={id}
        data-testid={testId}
        value={value ?? ''}
        onChange={(e) => onChange(Number(e.target.value))}
        style={{
          font: token('font.body'),
          color: token('color.text'),
          backgroundColor: token('color.background.input'),
          border: `${token('border.width')} solid ${token('color.border.input')}`,
          borderRadius: token('radius.small'),
          padding: `${token('space.050')} ${token('space.100')}`,
          minWidth: '12rem',
        }}
      >
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
