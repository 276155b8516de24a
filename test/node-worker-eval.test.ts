/**
 * `summarizeFile(…, { workers: 2 })` finds its worker script from code evaluated by `node -e`
 * (CommonJS eval, which defines a global `__filename` of "[eval]"), `node --input-type=module -e`
 * and `node -e 'require(…)'`: the ESM and CommonJS builds of dist/ and the tsc build of src/, each
 * in a child process.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RANGE_BYTES } from "../src/node/files/plan-ranges.js";
import { builtSources, root } from "./support/node-build.js";

let dir: string;
let file: string;
const VALUES = RANGE_BYTES / 8 + 1000; // two ranges: the second is read by a worker

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "batchstats-eval-"));
  file = join(dir, "two-ranges.f64");
  const values = new Float64Array(VALUES);
  for (let i = 0; i < values.length; i++) values[i] = i % 7;
  await writeFile(file, values);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `node …args` and gives what it printed (stdout, stderr), or rejects with them. */
function node(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: dir }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stdout}${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

const call = (module: string) =>
  `(await ${module}).summarizeFile(${JSON.stringify(file)}, { format: "f64le", workers: 2 })` +
  ".then((r) => console.log(r.summary.count), (e) => console.log(e.code, e.message))";

function distFile(path: string): string {
  const built = join(root, "dist", path);
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` (npm test does) first`);
  return built;
}

const esmBuilds = {
  "dist (ESM)": () => distFile("node/index.js"),
  "tsc build of src/": () => join(builtSources(), "node", "index.js"),
};

describe.each(Object.entries(esmBuilds))("workers from eval code, %s", (_, modulePath) => {
  it("node -e with import()", async () => {
    const url = pathToFileURL(modulePath()).href;
    const { stdout } = await node(["-e", `(async () => ${call(`import(${JSON.stringify(url)})`)})()`]);
    expect(stdout.trim()).toBe(String(VALUES));
  });

  it("node --input-type=module -e", async () => {
    const url = pathToFileURL(modulePath()).href;
    const { stdout } = await node(["--input-type=module", "-e", `await ${call(`import(${JSON.stringify(url)})`)};`]);
    expect(stdout.trim()).toBe(String(VALUES));
  });
});

describe("workers from eval code, dist (CommonJS)", () => {
  it("node -e with require()", async () => {
    const path = distFile("node/index.cjs");
    const { stdout } = await node(["-e", `(async () => ${call(`require(${JSON.stringify(path)})`)})()`]);
    expect(stdout.trim()).toBe(String(VALUES));
  });
});
