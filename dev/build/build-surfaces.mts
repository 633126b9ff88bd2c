import { build } from 'vite';
import { formatSizeReport, isOverBudget, kB, measureSurface } from './bundle-sizes.js';
import { STATIC_DIR, surfaceConfig, surfaces } from '../../vite.config.mjs';

/**
 * `npm run build`: every Custom UI surface to static/<surface>/ (see vite.config.mts), then each one's size, raw and
 * gzip. Exits non-zero when a surface is over its gzip budget.
 */
async function main(): Promise<void> {
  const names = surfaces();
  for (const surface of names) {
    // configFile: false: the shared config comes from surfaceConfig, not from KTLO_SURFACE.
    await build({ ...surfaceConfig(surface), configFile: false, logLevel: 'warn', mode: 'production' });
  }
  const sizes = names.map((surface) => measureSurface(STATIC_DIR, surface));
  console.log(formatSizeReport(sizes));
  for (const size of sizes.filter(isOverBudget)) {
    console.error(`${size.surface} is ${kB(size.gzip)} gzip, over its budget of ${kB(size.budgetGzip ?? 0)}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
