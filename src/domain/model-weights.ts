import { modelWeightsSchema, type ModelWeights } from './model';
import shipped from './model-weights.json';

/** The model `npm run train` fitted on the real corpus and the development set (feature names and numbers only). */
export const DEFAULT_MODEL: ModelWeights = modelWeightsSchema.parse(shipped);
