import { BatchStatsError } from "../errors.js";
import { describeValue, errorText } from "../options.js";

/**
 * The `format` tag of a serialised posterior (`Posterior#toJSON`).
 *
 * @example
 * ```ts
 * import { conjugatePosterior, POSTERIOR_FORMAT } from "batchstats";
 * conjugatePosterior({ family: "beta" }).toJSON().format === POSTERIOR_FORMAT; // => true
 * ```
 */
export const POSTERIOR_FORMAT = "batchstats.posterior";
/**
 * The current (and only) version of the posterior JSON format. `Posterior.fromJSON` rejects others.
 *
 * @example
 * ```ts
 * import { POSTERIOR_VERSION } from "batchstats";
 * POSTERIOR_VERSION; // => 1
 * ```
 */
export const POSTERIOR_VERSION = 1;

/** The JSON form of a Beta posterior: Beta(alpha + alphaLo, beta + betaLo). */
export interface BetaPosteriorJSON {
  format: typeof POSTERIOR_FORMAT;
  version: typeof POSTERIOR_VERSION;
  family: "beta";
  alpha: number;
  alphaLo: number;
  beta: number;
  betaLo: number;
}

/** The JSON form of a Normal–Inverse-Gamma posterior; each parameter is `x + xLo` (a double-double). */
export interface NormalInverseGammaPosteriorJSON {
  format: typeof POSTERIOR_FORMAT;
  version: typeof POSTERIOR_VERSION;
  family: "normal-inverse-gamma";
  kappa: number;
  kappaLo: number;
  mu: number;
  muLo: number;
  alpha: number;
  alphaLo: number;
  beta: number;
  betaLo: number;
}

/** The JSON form of a posterior, version 1. */
export type PosteriorJSON = BetaPosteriorJSON | NormalInverseGammaPosteriorJSON;

const BETA_KEYS = ["format", "version", "family", "alpha", "alphaLo", "beta", "betaLo"] as const;
const NIG_KEYS = [
  "format",
  "version",
  "family",
  "kappa",
  "kappaLo",
  "mu",
  "muLo",
  "alpha",
  "alphaLo",
  "beta",
  "betaLo",
] as const;

function bad(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_SUMMARY", `invalid posterior: ${field} ${message}`, { field });
}

function read(obj: Record<string, unknown>, field: string): number {
  const v = obj[field];
  if (typeof v !== "number" || !Number.isFinite(v)) bad(field, `must be a finite number, got ${describeValue(v)}`);
  return v;
}

function low(obj: Record<string, unknown>, field: string, hi: number): number {
  const lo = read(obj, field);
  if (hi + lo !== hi) bad(field, `must be smaller than half an ulp of its high part (${hi}), got ${lo}`);
  return lo;
}

/**
 * Validates untrusted posterior JSON (a string or a parsed value) field by field: unknown or
 * missing keys, wrong types, an unknown family or version, parameters outside their domain
 * (Beta: α, β > 0; NIG: κ ≥ 0, α ≥ −½, β ≥ 0) are `E_BAD_SUMMARY` naming the field. @internal
 */
export function parsePosteriorJSON(input: unknown): PosteriorJSON {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new BatchStatsError("E_BAD_SUMMARY", `invalid posterior: not JSON (${errorText(error)})`);
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BatchStatsError("E_BAD_SUMMARY", `invalid posterior: expected an object, got ${describeValue(value)}`);
  }
  const obj = Object.create(null) as Record<string, unknown>;
  let key = "";
  try {
    for (key of Object.keys(value)) obj[key] = (value as Record<string, unknown>)[key];
  } catch (error) {
    throw new BatchStatsError(
      "E_BAD_SUMMARY",
      `invalid posterior: ${key || "its fields"} could not be read (${errorText(error)})`,
      {
        field: key || "posterior",
      },
    );
  }
  if (obj.format !== POSTERIOR_FORMAT) bad("format", `must be "${POSTERIOR_FORMAT}", got ${describeValue(obj.format)}`);
  if (obj.version !== POSTERIOR_VERSION) {
    bad(
      "version",
      `${describeValue(obj.version)} is not supported (this version of batchstats reads version ${POSTERIOR_VERSION})`,
    );
  }
  const family = obj.family;
  if (family !== "beta" && family !== "normal-inverse-gamma") {
    bad("family", `must be "beta" or "normal-inverse-gamma", got ${describeValue(family)}`);
  }
  const keys: readonly string[] = family === "beta" ? BETA_KEYS : NIG_KEYS;
  for (const k of Object.keys(obj)) if (!keys.includes(k)) bad(k, `is not a field of a ${family} posterior`);
  for (const k of keys) if (!(k in obj)) bad(k, "is missing");
  const alpha = read(obj, "alpha");
  const alphaLo = low(obj, "alphaLo", alpha);
  const beta = read(obj, "beta");
  const betaLo = low(obj, "betaLo", beta);
  if (family === "beta") {
    if (!(alpha > 0)) bad("alpha", `must be positive, got ${alpha}`);
    if (!(beta > 0)) bad("beta", `must be positive, got ${beta}`);
    return { format: POSTERIOR_FORMAT, version: POSTERIOR_VERSION, family, alpha, alphaLo, beta, betaLo };
  }
  const kappa = read(obj, "kappa");
  const kappaLo = low(obj, "kappaLo", kappa);
  const mu = read(obj, "mu");
  const muLo = low(obj, "muLo", mu);
  if (kappa < 0 || (kappa === 0 && kappaLo !== 0)) bad("kappa", `must be non-negative, got ${kappa}`);
  if (alpha < -0.5 || (alpha === -0.5 && alphaLo < 0)) bad("alpha", `must be at least -0.5, got ${alpha}`);
  if (beta < 0 || (beta === 0 && betaLo !== 0)) bad("beta", `must be non-negative, got ${beta}`);
  return {
    format: POSTERIOR_FORMAT,
    version: POSTERIOR_VERSION,
    family,
    kappa,
    kappaLo,
    mu,
    muLo,
    alpha,
    alphaLo,
    beta,
    betaLo,
  };
}
