/** A `Summary` with exactly the given (count, mean, M2), as the fixture generators take them. */
import { Summary } from "../../src/index.js";

export interface ExactArm {
  count: number;
  mean: number;
  m2: number;
}

export function summaryOf(x: ExactArm): Summary {
  return Summary.fromJSON({
    format: "batchstats.summary",
    version: 1,
    count: x.count,
    mean: x.mean,
    meanLo: 0,
    m2: x.m2,
    m2Lo: 0,
    omitted: 0,
  });
}

/** A fixture number: a decimal string, "inf" or "-inf". */
export function num(s: string): number {
  return s === "inf" ? Infinity : s === "-inf" ? -Infinity : Number(s);
}

/** |got − want| / |want| (0 when equal, including infinities). */
export function rel(got: number, want: number): number {
  if (got === want) return 0;
  return Math.abs(got - want) / Math.abs(want);
}
