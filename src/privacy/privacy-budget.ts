import { BatchStatsError } from "../errors.js";
import { describeValue } from "../options.js";
import { epsilonForRho, type PrivacyLoss, type PrivacyParameter, parsePrivacy } from "./privacy-loss.js";

/** The `format` tag of a serialised privacy budget. */
const BUDGET_FORMAT = "batchstats.privacyBudget";
const BUDGET_VERSION = 1;

/** Spending may exceed the total by this relative amount (so that 0.1 + 0.2 fits in 0.3). */
const SLACK = 1e-12;

/** The JSON form of a `PrivacyBudget`. */
export interface PrivacyBudgetJSON {
  format: typeof BUDGET_FORMAT;
  version: typeof BUDGET_VERSION;
  total: { rho: number } | { epsilon: number; delta?: number };
  /** ρ spent (zCDP budgets, including (ε, δ) ones) or ε spent (pure budgets). */
  spent: number;
  releases: number;
}

/** What a budget has spent or has left, in its own terms. */
export interface PrivacyAmount {
  /** zCDP ρ (budgets given as `{ rho }` or `{ epsilon, delta }`). */
  rho?: number;
  /** ε: pure ε for `{ epsilon }` budgets; for `{ epsilon, delta }` budgets, the ε that ρ converts to at that δ. */
  epsilon?: number;
  /** The δ of an `{ epsilon, delta }` budget. */
  delta?: number;
}

/**
 * A privacy budget that releases draw from and that cannot be overspent: a release that costs
 * more than what is left is refused with `E_BUDGET_EXCEEDED` and nothing is deducted.
 *
 * Accounting: a `{ rho }` budget counts in zero-concentrated DP, where ρ adds up over releases
 * (Bun & Steinke 2016, Lemma 2.3); an ε-DP release costs ρ = ε²/2 there (their Proposition
 * 1.4). An `{ epsilon, delta }` budget is the same zCDP account with the total ρ that gives
 * (ε, δ)-DP by ε = ρ + 2√(ρ·ln(1/δ)) (Proposition 1.3). An `{ epsilon }` budget counts pure ε,
 * which adds up (basic composition), and accepts only pure (Laplace) releases. Sums are kept to
 * within 1e-12 relative, so that 0.1 + 0.2 fits in a budget of 0.3.
 *
 * @example
 * ```ts
 * import { PrivacyBudget } from "batchstats";
 * const budget = new PrivacyBudget({ rho: 1 });
 * budget.spend({ rho: 0.25 });
 * budget.remaining; // => { rho: 0.75 }
 * PrivacyBudget.fromJSON(JSON.stringify(budget)).spent; // => { rho: 0.25 }
 * budget.spend({ rho: 2 }); // => throws E_BUDGET_EXCEEDED
 * ```
 */
export class PrivacyBudget {
  readonly #total: PrivacyLoss & { given?: { epsilon: number; delta: number } };
  #spent = 0;
  #releases = 0;

  /** @param total `{ rho }`, `{ epsilon }` or `{ epsilon, delta }`, each > 0 (delta < 1). */
  constructor(total: PrivacyParameter) {
    this.#total = parsePrivacy(total, "total");
  }

  /** How many spends have been accepted. */
  get releases(): number {
    return this.#releases;
  }

  /** What has been spent. */
  get spent(): PrivacyAmount {
    return this.amount(this.#spent);
  }

  /** What is left. */
  get remaining(): PrivacyAmount {
    return this.amount(Math.max(0, this.totalValue() - this.#spent));
  }

  private totalValue(): number {
    const t = this.#total;
    return t.kind === "zcdp" ? t.rho : t.epsilon;
  }

  private amount(value: number): PrivacyAmount {
    const t = this.#total;
    if (t.kind === "pure") return { epsilon: value };
    if (t.given === undefined) return { rho: value };
    return { rho: value, epsilon: epsilonForRho(value, t.given.delta), delta: t.given.delta };
  }

  /** The cost of a loss in this budget's currency (ρ or ε). @internal */
  costOf(loss: PrivacyLoss): number {
    if (this.#total.kind === "zcdp") return loss.kind === "zcdp" ? loss.rho : (loss.epsilon * loss.epsilon) / 2;
    if (loss.kind === "zcdp") {
      throw new BatchStatsError(
        "E_BAD_ARGUMENT",
        "a pure-ε budget cannot pay for a zCDP (Gaussian) release: give privacy as { epsilon } or use a { rho } budget",
        { field: "options.privacy" },
      );
    }
    return loss.epsilon;
  }

  /** `E_BUDGET_EXCEEDED` unless `cost` fits in what is left; deducts nothing. @internal */
  check(cost: number): void {
    const total = this.totalValue();
    if (this.#spent + cost > total * (1 + SLACK)) {
      const unit = this.#total.kind === "zcdp" ? "ρ" : "ε";
      throw new BatchStatsError(
        "E_BUDGET_EXCEEDED",
        `the release costs ${unit} = ${cost} but the budget has ${Math.max(0, total - this.#spent)} left of ${total}`,
        { field: "budget" },
      );
    }
  }

  /** Deducts a cost already checked. @internal */
  deduct(cost: number): void {
    this.#spent += cost;
    this.#releases++;
  }

  /**
   * Spends `{ rho }` or `{ epsilon, delta? }` (for a release made by other means), or throws
   * `E_BUDGET_EXCEEDED` and spends nothing.
   */
  spend(privacy: PrivacyParameter): this {
    const cost = this.costOf(parsePrivacy(privacy, "privacy"));
    this.check(cost);
    this.deduct(cost);
    return this;
  }

  /** The JSON form (round trip through `PrivacyBudget.fromJSON`). */
  toJSON(): PrivacyBudgetJSON {
    const t = this.#total;
    const total =
      t.kind === "pure"
        ? { epsilon: t.epsilon }
        : t.given === undefined
          ? { rho: t.rho }
          : { epsilon: t.given.epsilon, delta: t.given.delta };
    return { format: BUDGET_FORMAT, version: BUDGET_VERSION, total, spent: this.#spent, releases: this.#releases };
  }

  /** Rebuilds a budget from its JSON form (string or object), validating every field (`E_BAD_ARGUMENT`). */
  static fromJSON(value: unknown): PrivacyBudget {
    let v = value;
    if (typeof v === "string") {
      try {
        v = JSON.parse(v);
      } catch (error) {
        badBudget("", `not JSON (${(error as Error).message})`);
      }
    }
    if (typeof v !== "object" || v === null || Array.isArray(v))
      badBudget("", `expected an object, got ${describeValue(v)}`);
    const o = v as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      if (!["format", "version", "total", "spent", "releases"].includes(key))
        badBudget(key, "is not a field of a budget");
    }
    if (o.format !== BUDGET_FORMAT) badBudget("format", `must be "${BUDGET_FORMAT}", got ${describeValue(o.format)}`);
    if (o.version !== BUDGET_VERSION) badBudget("version", `${describeValue(o.version)} is not supported`);
    let budget: PrivacyBudget;
    try {
      budget = new PrivacyBudget(o.total as PrivacyParameter);
    } catch (error) {
      badBudget("total", (error as Error).message);
    }
    const spent = o.spent;
    if (typeof spent !== "number" || !Number.isFinite(spent) || spent < 0) {
      badBudget("spent", `must be a finite number ≥ 0, got ${describeValue(spent)}`);
    }
    if (spent > budget.totalValue() * (1 + SLACK)) badBudget("spent", "exceeds the total");
    const releases = o.releases;
    if (typeof releases !== "number" || !Number.isSafeInteger(releases) || releases < 0) {
      badBudget("releases", `must be an integer ≥ 0, got ${describeValue(releases)}`);
    }
    budget.#spent = spent;
    budget.#releases = releases;
    return budget;
  }
}

function badBudget(field: string, message: string): never {
  throw new BatchStatsError("E_BAD_ARGUMENT", `invalid privacy budget: ${field === "" ? "" : `${field} `}${message}`, {
    field: field === "" ? "budget" : `budget.${field}`,
  });
}

/** True for a PrivacyBudget of this copy of batchstats. @internal */
export function isPrivacyBudget(value: unknown): value is PrivacyBudget {
  return value instanceof PrivacyBudget;
}
