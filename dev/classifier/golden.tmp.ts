import { createHash } from 'node:crypto';
import { classify, readIssue } from '../../src/domain/classify';
import { learnFromExamples, teamModel } from '../../src/domain/team-model';
import { generateIssues } from '../../bench/generate';
import { BASE_CONFIG } from './evaluate';
import { loadDevSet, loadRealCorpus } from './corpus';
const h = createHash('sha256');
const corpus = loadRealCorpus();
const dev = loadDevSet();
const issues = [...generateIssues(30_000, 1), ...corpus.map((l) => l.issue), ...dev.map((l) => l.issue)];
let n = 0;
const lines: string[] = [];
for (const i of issues) { { const j = JSON.stringify(classify(i, BASE_CONFIG)); h.update(j); if (process.env.DUMP) lines.push(j); } n++; }
const stats = learnFromExamples(corpus.filter((_, i) => i % 5 === 0).map((l) => ({ id: l.issue.key, issue: l.issue, category: l.category })), (issue) => readIssue(issue, BASE_CONFIG));
const team = { ...BASE_CONFIG, team: teamModel(stats) };
for (const i of issues.slice(-2000)) { { const j = JSON.stringify(classify(i, team)); h.update(j); if (process.env.DUMP) lines.push(j); } n++; }
console.log(n, h.digest("hex"));
if (process.env.DUMP) require("node:fs").writeFileSync(process.env.DUMP, lines.join("\n"));
