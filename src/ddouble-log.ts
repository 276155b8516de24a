/**
 * Natural logarithms in double-double, for terms that are later subtracted from one another or
 * multiplied by large numbers (so that a double's relative rounding would become a large
 * absolute error).
 *
 * Method: x = 2^k·m with m in [√½, √2], ln x = k·ln 2 + 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.172;
 * 2·atanh(s) = 2s + (2/3)s³ + Σ_{j≥2} 2s^(2j+1)/(2j + 1), the first two terms in double-double,
 * the rest (below 6e-5) in double through s^23 (the next term is below 1e-20). ln 2 is carried
 * as a double-double constant. The absolute error is about 1e-20 + 1e-31·|ln x|, far below an ulp
 * of any double result. ln(1 + x) for |x| ≲ 0.3 uses s = x/(2 + x) directly, without forming
 * 1 + x, so it keeps its relative accuracy for tiny x.
 * @internal
 */
import { type DD, ddAdd, ddDiv, ddDivNumber, ddMul, ddMulNumber, ddScale, exponentOf } from "./ddouble.js";

/** ln 2 as a double-double. @internal */
export const LN2_DD: DD = { hi: Math.LN2, lo: 2.3190468138462996e-17 };
/** log10(e) = 1/ln 10 as a double-double. @internal */
export const LOG10E_DD: DD = { hi: Math.LOG10E, lo: 1.098319650216765e-17 };

const ONE: DD = { hi: 1, lo: 0 };
const MINUS_ONE: DD = { hi: -1, lo: 0 };
const TWO: DD = { hi: 2, lo: 0 };

/** 2·atanh(s) for |s| ≤ 0.172 in double-double. */
function twiceAtanh(s: DD): DD {
  const s2 = ddMul(s, s);
  const s3 = ddMul(s2, s);
  const t = s2.hi;
  // Σ_{j=2}^{11} 2/(2j + 1)·t^(j−2), Horner
  let q = 2 / 23;
  q = 2 / 21 + t * q;
  q = 2 / 19 + t * q;
  q = 2 / 17 + t * q;
  q = 2 / 15 + t * q;
  q = 2 / 13 + t * q;
  q = 2 / 11 + t * q;
  q = 2 / 9 + t * q;
  q = 2 / 7 + t * q;
  q = 2 / 5 + t * q;
  const lead = ddAdd({ hi: 2 * s.hi, lo: 2 * s.lo }, ddDivNumber({ hi: 2 * s3.hi, lo: 2 * s3.lo }, 3));
  return ddAdd(lead, { hi: s3.hi * t * q, lo: 0 });
}

/**
 * ln x for a double-double x > 0, in double-double. Non-finite or non-positive x gives the
 * double `Math.log(x.hi)`. @internal
 */
export function ddLog(x: DD): DD {
  if (!(x.hi > 0 && x.hi < Infinity)) return { hi: Math.log(x.hi), lo: 0 };
  let k = exponentOf(x.hi);
  let m = ddScale(x, -k);
  if (m.hi > Math.SQRT2) {
    k++;
    m = ddScale(x, -k);
  }
  const s = ddDiv(ddAdd(m, MINUS_ONE), ddAdd(m, ONE));
  const lnM = twiceAtanh(s);
  return k === 0 ? lnM : ddAdd(ddMulNumber(LN2_DD, k), lnM);
}

/** ln(1 + x) for a double-double x > −1, in double-double. @internal */
export function ddLog1p(x: DD): DD {
  if (x.hi > -0.29 && x.hi < 0.41) return twiceAtanh(ddDiv(x, ddAdd(TWO, x)));
  return ddLog(ddAdd(ONE, x));
}
