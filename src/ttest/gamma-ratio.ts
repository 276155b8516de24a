/**
 * ln(Γ(a + ½)/(Γ(a)·√a)), from the distributions layer (src/distributions/gamma-ratio.ts).
 * @internal
 */
export { logGammaRatioHalfScaled } from "../distributions/gamma-ratio.js";
