/**
 * The t-test layer's view of Student's t quantiles, which live in the distributions layer
 * (src/distributions/t-quantile.ts, where the method is described).
 * @internal
 */
export { tCentralQuantile, tQuantile } from "../distributions/t-quantile.js";
