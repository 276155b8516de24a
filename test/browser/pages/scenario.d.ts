// Types of scenario.js for the tests that run it in Node.

export interface ScenarioInput {
  datasets: number[][];
  tests: { a: number; b: number; options: Record<string, unknown> }[];
}

export function scenario(
  api: object,
  input: ScenarioInput,
): Record<string, unknown> & { backend: string; ttests: unknown[] | null };
