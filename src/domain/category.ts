/** The two kinds of work KTLO Lens tells apart. */
export const CATEGORIES = ['KTLO', 'PROJECT'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Where a classification came from, strongest first. */
export type ClassificationSource = 'override' | 'parent' | 'rules' | 'default';

export interface Classification {
  category: Category;
  /** 0..1: how sure the decision is. 1 only for overrides and explicit labels; see classify.ts for the formula. */
  confidence: number;
  source: ClassificationSource;
  /** Below the configured confidence (`lowConfidenceThreshold`): `category` is only a leaning, and a person should decide. */
  unsure: boolean;
  /** Plain-language reasons, strongest first, e.g. "recurring maintenance: 'monthly patching'". */
  reasons: string[];
}

/** Display label used on the custom field and lozenge ("KTLO" / "Project"). */
export function categoryLabel(category: Category): 'KTLO' | 'Project' {
  return category === 'KTLO' ? 'KTLO' : 'Project';
}
