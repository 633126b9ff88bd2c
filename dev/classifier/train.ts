import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FOLDS } from './folds';
import { chooseParams, loadData } from './evaluate';
import { describeParams, ENSEMBLE, fitEnsemble, calibrate } from './train-core';

/**
 * `npm run train`: the shipped model. Settings chosen by cross-validation over the five folds of the real corpus (folds-by-source.json: each tracker in one fold),
 * then fitted on the whole corpus and the development set (the ENSEMBLE best settings each, averaged); writes src/domain/model-weights.json (feature names and
 * numbers only). Deterministic: the same data and folds give the same file.
 */

const OUT = join(__dirname, '..', '..', 'src', 'domain', 'model-weights.json');

const data = loadData();
const { params, calibration, score, ensemble } = chooseParams(data, Array.from({ length: FOLDS }, (_, f) => f));
const weights = calibrate(fitEnsemble([...data.corpusExamples, ...data.devExamples], ensemble), calibration);
writeFileSync(OUT, `${JSON.stringify(weights, null, 1)}\n`);
console.log(`chose ${describeParams(params, calibration)} (cross-validated ${(score * 100).toFixed(1)}%), averaged with the next ${ENSEMBLE - 1} settings [${ensemble.slice(1).map((p) => describeParams(p)).join('; ')}]; ${Object.keys(weights.features).length} features -> ${OUT}`);
