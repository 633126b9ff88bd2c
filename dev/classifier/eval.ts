import { BASE_CONFIG, crossValidate, loadData, shippedFigures, type Report } from './evaluate';

/** `npm run eval`: nested cross-validation on the real corpus, the development set and the article's scenarios. */

const pct = (x: number): string => (x * 100).toFixed(1) + '%';

export function printReport(report: Report, shipped: ReturnType<typeof shippedFigures>): void {
  const r = report.rulesAlone;
  console.log(`rules alone (no model): real corpus ${pct(r.all)} (infra ${pct(r.infra)}, product ${pct(r.product)}), dev set ${pct(r.dev)}`);
  console.log('nested cross-validation on the real corpus (settings chosen on the inner folds only; each outer fold scored once):');
  for (const f of report.folds) {
    console.log(`  fold ${f.fold} (${f.size} issues): ${pct(f.accuracy)}  infra ${pct(f.infra)}  product ${pct(f.product)}  without disputed ${pct(f.undisputed)}  unsure ${pct(f.unsure)}  [l2 ${f.params.l2}, features ${f.params.kinds.join('')}]`);
  }
  console.log(`  mean held-out ${pct(report.heldout)} [target >= 88%, stretch 92%]; infra ${pct(report.heldoutInfra)}, product ${pct(report.heldoutProduct)} [each >= 85%]; without the disputed ${pct(report.heldoutUndisputed)}`);
  console.log('learning from a fifth as overrides (base model trained on the development set only), scored on the other four fifths:');
  for (const t of report.team) {
    const o = t.options;
    console.log(`  fifth ${t.fold} (L2 ${o.l2}, ${o.vote.neighbours} neighbours at weight ${o.vote.weight}, chosen on its halves): ${pct(t.before)} -> ${pct(t.after)} (${((t.after - t.before) * 100).toFixed(1)} points; with the app's fixed options ${((t.shipped - t.before) * 100).toFixed(1)})`);
  }
  console.log(`  mean gain ${(report.teamGain * 100).toFixed(1)} points [target >= 3]; with the app's fixed options ${(report.teamGainShipped * 100).toFixed(1)}`);
  console.log(`shipped model: dev set ${pct(shipped.dev)} (trained on it: a training figure)${shipped.devWrong.length ? `, wrong: ${shipped.devWrong.join(', ')}` : ''}; a model trained on the real corpus alone scores the dev set ${pct(report.devHeldout)} [target >= 97%]`);
  for (const s of shipped.scenarios) console.log(`  scenario ${s.got === s.expected ? 'right' : 'WRONG'}: ${s.name} -> ${s.got}${s.unsure ? ' (unsure)' : ''}`);
}

if (require.main === module) {
  const data = loadData();
  const report = crossValidate(data);
  printReport(report, shippedFigures(data, BASE_CONFIG));
}
