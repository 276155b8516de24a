import { readFile, rename, writeFile } from "node:fs/promises";
import { BatchStatsError } from "../errors.js";
import { PrivacyBudget } from "../privacy/privacy-budget.js";
import type { PrivacyParameter } from "../privacy/privacy-loss.js";
import { type PrivatizeOptions, privatize } from "../privacy/privatize.js";
import { BadInput } from "./exit-codes.js";
import { type CliIo, writeLine } from "./io.js";
import { readOneSummary } from "./summary-reader.js";

/** The options of `batchstats privatize`, as commander parses them. */
export interface PrivatizeFlags {
  bounds: [number, number];
  rho?: number;
  epsilon?: number;
  delta?: number;
  budget?: string;
  minCount?: number;
  maxContributions?: number;
}

function privacyOf(flags: PrivatizeFlags): PrivacyParameter {
  if (flags.rho !== undefined) {
    if (flags.epsilon !== undefined || flags.delta !== undefined) {
      throw new BatchStatsError("E_BAD_ARGUMENT", "give --rho, or --epsilon (with --delta), not both", {
        field: "privacy",
      });
    }
    return { rho: flags.rho };
  }
  if (flags.epsilon === undefined) {
    throw new BatchStatsError(
      "E_BAD_ARGUMENT",
      "the privacy loss is required: --rho <ρ> or --epsilon <ε> [--delta <δ>]",
      {
        field: "privacy",
      },
    );
  }
  return flags.delta === undefined ? { epsilon: flags.epsilon } : { epsilon: flags.epsilon, delta: flags.delta };
}

/**
 * `batchstats privatize <summary.json> --bounds lo,hi --rho ρ [--budget budget.json]`: a
 * differentially private release of one clipped summary (made with `summarize --clip` or the
 * library's `summarize(values, { clip })`), printed as the `PrivateSummary` JSON. With
 * `--budget`, the release is charged to the budget in that file, which is rewritten (through a
 * temporary file and a rename) only when the release was made; an overspending release is
 * refused (`E_BUDGET_EXCEEDED`) and the file left as it was. The noise comes from the platform
 * CSPRNG.
 *
 * @example
 * ```ts
 * await privatizeCommand("minutes.json", { bounds: [0, 60], rho: 0.1, budget: "budget.json" }, io);
 * ```
 */
export async function privatizeCommand(file: string, flags: PrivatizeFlags, io: CliIo): Promise<void> {
  const privacy = privacyOf(flags);
  const summary = await readOneSummary(file, io);
  let budget: PrivacyBudget | undefined;
  if (flags.budget !== undefined) {
    let text: string;
    try {
      text = await readFile(flags.budget, "utf8");
    } catch (error) {
      throw new BatchStatsError("E_IO", `${flags.budget}: ${(error as Error).message}`, { field: "budget" });
    }
    try {
      budget = PrivacyBudget.fromJSON(text);
    } catch (error) {
      throw BadInput.from(error);
    }
  }
  const options: PrivatizeOptions = { bounds: flags.bounds, privacy };
  if (budget !== undefined) options.budget = budget;
  if (flags.minCount !== undefined) options.minCount = flags.minCount;
  if (flags.maxContributions !== undefined) options.maxContributions = flags.maxContributions;
  let released: ReturnType<typeof privatize> | undefined;
  let failure: unknown;
  try {
    released = privatize(summary, options);
  } catch (error) {
    failure = error;
  }
  // The budget is spent whenever noise was drawn (also when the noisy count is below --min-count).
  if (budget !== undefined && flags.budget !== undefined && (released !== undefined || isSpentFailure(failure))) {
    const temporary = `${flags.budget}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(budget)}\n`);
    await rename(temporary, flags.budget);
  }
  if (released === undefined) {
    throw failure instanceof BatchStatsError && failure.code !== "E_BAD_ARGUMENT" ? BadInput.from(failure) : failure;
  }
  writeLine(io.stdout, JSON.stringify(released));
}

function isSpentFailure(error: unknown): boolean {
  return error instanceof BatchStatsError && error.code === "E_TOO_FEW_TO_RELEASE";
}
