/**
 * The t-test layer's view of Student's t tail probabilities, which live in the distributions layer
 * (src/distributions/t-distribution.ts, where the method is described).
 * @internal
 */
export { tCentral, tDensity, tLogSf, tLogTwoSided, tSf, tTwoSided } from "../distributions/t-distribution.js";
