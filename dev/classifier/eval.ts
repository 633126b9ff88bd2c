import { BASE_CONFIG, crossValidate, HELDOUT_TARGET, loadData, shippedFigures, TEAM_TARGET, type HeldOut, type Report } from './evaluate';
import { describeParams } from './train-core';

/**
 * `npm run eval`: nested cross-validation on the real corpus, the development set and the article's scenarios.
 * `npm run eval -- --misses` also lists every outer-fold issue scored wrong (fold, team, tracker, what it got and why).
 */

const pct = (x: number): string => (x * 100).toFixed(1) + '%';

export function printReport(report: Report, shipped: ReturnType<typeof shippedFigures>, listMisses = false): void {
  const r = report.rulesAlone;
  console.log(`rules alone (no model): real corpus ${pct(r.all)} (infra ${pct(r.infra)}, product ${pct(r.product)}), dev set ${pct(r.dev)}`);
  const split = (title: string, h: HeldOut): void => {
    console.log(`nested cross-validation on the real corpus, ${title} (settings chosen on the inner folds only; each outer fold scored once):`);
    for (const f of h.folds) {
      console.log(`  fold ${f.fold} (${f.size} issues): ${pct(f.accuracy)}  infra ${pct(f.infra)}  product ${pct(f.product)}  without disputed ${pct(f.undisputed)}  unsure ${pct(f.unsure)}  [${describeParams(f.params, f.calibration)}]; inner folds ${pct(f.inner)}`);
    }
    const accs = h.folds.map((f) => f.accuracy);
    if (listMisses) {
      for (const m of h.misses) {
        console.log(`    wrong in fold ${m.fold}: ${m.key} (${m.team ?? '-'}, ${m.source ?? '-'}${m.disputed ? ', disputed' : ''}) '${m.summary}' is ${m.expected}, got ${m.got} ${m.confidence.toFixed(2)}${m.unsure ? ' unsure' : ''}: ${m.reasons.join('; ')}`);
      }
    }
    console.log(`  mean held-out ${pct(h.heldout)} (spread ${pct(Math.min(...accs))}-${pct(Math.max(...accs))}) [target >= ${pct(HELDOUT_TARGET)}, stretch 92%]; infra ${pct(h.heldoutInfra)}, product ${pct(h.heldoutProduct)} [each >= ${pct(TEAM_TARGET)}]; without the disputed ${pct(h.heldoutUndisputed)}`);
  };
  const curve = report.curve;
  const trained = curve.points.at(-1)?.trained ?? 0;
  const issues = (n: number | null): string => (n === null ? 'no number: the error does not fall' : `about ${n.toLocaleString('en')} labelled issues`);
  split('each tracker in one fold (folds-by-source.json: the figure that judges)', report);
  split('stratified split (folds.json: a tracker may sit on both sides)', report.stratified);
  console.log('learning curve, each tracker in one fold (settings fixed in advance; every outer fold scored by models trained on some of the other fifths and the development set):');
  for (const p of curve.points) console.log(`  ${p.fifths} of the other fifths (${Math.round(p.trained)} issues): ${pct(p.accuracy)}  infra ${pct(p.infra)}  product ${pct(p.product)}`);
  console.log(`  if the error kept falling at this rate (a * n^-b through the points with corpus issues), ${pct(HELDOUT_TARGET)} held out would take ${issues(curve.neededForTarget)} and infra ${pct(TEAM_TARGET)} ${issues(curve.neededForInfraTarget)} (trained on ${Math.round(trained)} at the last point)`);
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
  printReport(report, shippedFigures(data, BASE_CONFIG), process.argv.includes('--misses'));
}
