import { token } from '@atlaskit/tokens';
import { useId } from 'react';
import { SelectPicker } from '../shared/select';

export interface PickerOption {
  id: number;
  label: string;
}

/** A labelled Atlaskit Select of boards, sprints or periods; `searchable` lets a long list be filtered by typing. */
export function Picker({ label, options, value, onChange, testId, searchable = false }: { label: string; options: PickerOption[]; value: number | null; onChange: (id: number) => void; testId: string; searchable?: boolean }) {
  const id = useId();
  return (
    <div data-testid={testId}>
      <label htmlFor={id} style={{ display: 'block', font: token('font.body.small'), fontWeight: token('font.weight.semibold'), color: token('color.text.subtle') }}>
        {label}
      </label>
      <SelectPicker inputId={id} testId={testId} value={value} onChange={onChange} options={options.map((o) => ({ value: o.id, label: o.label }))} searchable={searchable} />
    </div>
  );
}
