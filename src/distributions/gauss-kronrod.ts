/**
 * The 21-point Gauss–Kronrod rule on one panel, with its embedded 10-point Gauss rule: the pair gives a
 * panel's integral and an estimate of its error from the same 21 values of the integrand.
 *
 * Nodes and weights of QUADPACK's QK21 (Piessens, de Doncker-Kapenga, Überhuber & Kahaner 1983,
 * *QUADPACK*, §2.2; the Kronrod extension of the 10-point Gauss–Legendre rule, exact for polynomials of
 * degree 31, the Gauss rule for degree 19). Checked in test/noncentral-t-quadrature.test.ts by the
 * moments they integrate exactly.
 * @internal
 */

/** Abscissae in [0, 1): the Kronrod nodes ±x_k; odd k (1, 3, …, 9) are the Gauss nodes; x_10 = 0. */
const NODES = [
  0.9956571630258081, 0.9739065285171717, 0.9301574913557082, 0.8650633666889845, 0.7808177265864169,
  0.6794095682990244, 0.5627571346686047, 0.4333953941292472, 0.2943928627014602, 0.14887433898163122, 0,
];
/** Kronrod weights of ±x_k. */
const KRONROD_WEIGHTS = [
  0.011694638867371874, 0.032558162307964725, 0.054755896574351995, 0.07503967481091996, 0.0931254545836976,
  0.10938715880229764, 0.12349197626206584, 0.13470921731147334, 0.14277593857706009, 0.14773910490133849,
  0.1494455540029169,
];
/** Gauss weights of ±x_1, ±x_3, …, ±x_9. */
const GAUSS_WEIGHTS = [
  0.06667134430868814, 0.1494513491505806, 0.21908636251598204, 0.26926671930999635, 0.29552422471475287,
];

/**
 * ∫ f over [lo, hi] by the 21-point Kronrod rule, and the 10-point Gauss value from the same nodes.
 * @returns [Kronrod value, Gauss value]
 * @internal
 */
export function gaussKronrod21(f: (x: number) => number, lo: number, hi: number): [number, number] {
  const half = (hi - lo) / 2;
  const mid = lo + half;
  let kronrod = KRONROD_WEIGHTS[10]! * f(mid);
  let gauss = 0;
  for (let k = 0; k < 10; k++) {
    const dx = half * NODES[k]!;
    const pair = f(mid - dx) + f(mid + dx);
    kronrod += KRONROD_WEIGHTS[k]! * pair;
    if (k % 2 === 1) gauss += GAUSS_WEIGHTS[(k - 1) / 2]! * pair;
  }
  return [kronrod * half, gauss * half];
}
