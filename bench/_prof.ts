import { generateIssues } from './generate';
import { classify } from '../src/domain/classify';
import { DEFAULT_GLOBAL_CONFIG, resolveConfig } from '../src/domain/config';
const config = resolveConfig(DEFAULT_GLOBAL_CONFIG);
const issues = generateIssues(100000, 1);
let t = Date.now();
for (const i of issues) classify(i, config);
for (const i of issues) classify(i, config);
console.log('classify', Date.now() - t);
