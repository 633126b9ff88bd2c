import { readFileSync } from 'node:fs';
import type * as Axe from 'axe-core';
import type { Frame } from 'playwright-core';

/**
 * axe-core in a surface's frame. The frame's CSP (script-src 'self') refuses an injected <script>, so axe's source is
 * evaluated through the browser's debugging protocol, as a devtools console would, and run on the frame's document.
 */

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** The serious and critical violations axe finds in the frame (WCAG 2.x A and AA rules and best practices). */
export async function seriousViolations(frame: Frame): Promise<AxeFinding[]> {
  await frame.evaluate(AXE_SOURCE);
  const found = await frame.evaluate(async () => {
    // The global the evaluated source defined (axe.min.js sets window.axe).
    const axe = (window as unknown as { axe: typeof Axe }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')) }));
  });
  return found.filter((f) => f.impact === 'serious' || f.impact === 'critical');
}
