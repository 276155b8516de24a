#!/usr/bin/env node
// Builds the AssemblyScript kernel twice (SIMD and scalar, one source; see asconfig.json) and
// embeds both modules as hexadecimal text in src/backend/wasm-bytes.generated.ts, so the library never
// fetches a .wasm file (no bundler configuration, no top-level await).
// Run by `npm run build:wasm` (part of `npm run build`, which `prepare` runs on `npm ci`).
import { readFile, writeFile, mkdir } from "node:fs/promises";
import asc from "assemblyscript/asc";

const root = new URL("../", import.meta.url);
const targets = ["simd", "scalar"];

await mkdir(new URL("build/", root), { recursive: true });
const encoded = {};
for (const target of targets) {
  const { error, stderr } = await asc.main(["assembly/index.ts", "--config", "asconfig.json", "--target", target], {
    stdout: process.stdout,
    stderr: process.stderr,
  });
  if (error) {
    console.error(`asc failed for target ${target}: ${error.message}\n${stderr.toString()}`);
    process.exit(1);
  }
  const bytes = await readFile(new URL(`build/kernel.${target}.wasm`, root));
  if (!WebAssembly.validate(bytes) && target === "scalar") {
    console.error(`build/kernel.${target}.wasm does not validate`);
    process.exit(1);
  }
  encoded[target] = { hex: bytes.toString("hex"), size: bytes.length };
}

const source = `// generated — do not edit. Made by scripts/build-wasm.mjs from assembly/index.ts
// (AssemblyScript ${JSON.parse(await readFile(new URL("node_modules/assemblyscript/package.json", root), "utf8")).version}).
// Regenerate with \`npm run build:wasm\`.

/** The kernel built with f64x2 SIMD (${encoded.simd.size} bytes), hex (src/backend/kernel-bytes.ts). */
export const KERNEL_SIMD_HEX =
  "${encoded.simd.hex}";

/** The kernel built without SIMD (${encoded.scalar.size} bytes), hex (src/backend/kernel-bytes.ts). */
export const KERNEL_SCALAR_HEX =
  "${encoded.scalar.hex}";
`;
await writeFile(new URL("src/backend/wasm-bytes.generated.ts", root), source);
console.log(
  `wasm kernel: simd ${encoded.simd.size} B, scalar ${encoded.scalar.size} B → src/backend/wasm-bytes.generated.ts`,
);

// The pair kernel (co-moments of two columns) is a module of its own, in a file of its own, so
// that an application importing only summarize/merge bundles none of its bytes.
const pairs = {};
for (const target of targets) {
  const outFile = `build/pairs.${target}.wasm`;
  const { error, stderr } = await asc.main(
    [
      "assembly/pairs.ts",
      "--config",
      "asconfig.json",
      "--target",
      target,
      "--outFile",
      outFile,
      "--textFile",
      `build/pairs.${target}.wat`,
    ],
    { stdout: process.stdout, stderr: process.stderr },
  );
  if (error) {
    console.error(`asc failed for the pair kernel, target ${target}: ${error.message}\n${stderr.toString()}`);
    process.exit(1);
  }
  const bytes = await readFile(new URL(outFile, root));
  pairs[target] = { hex: bytes.toString("hex"), size: bytes.length };
}
await writeFile(
  new URL("src/backend/pair-wasm-bytes.generated.ts", root),
  `// generated — do not edit. Made by scripts/build-wasm.mjs from assembly/pairs.ts
// (AssemblyScript ${JSON.parse(await readFile(new URL("node_modules/assemblyscript/package.json", root), "utf8")).version}).
// Regenerate with \`npm run build:wasm\`.

/** The pair kernel built with f64x2 SIMD (${pairs.simd.size} bytes), hex (src/backend/kernel-bytes.ts). */
export const PAIR_KERNEL_SIMD_HEX =
  "${pairs.simd.hex}";

/** The pair kernel built without SIMD (${pairs.scalar.size} bytes), hex (src/backend/kernel-bytes.ts). */
export const PAIR_KERNEL_SCALAR_HEX =
  "${pairs.scalar.hex}";
`,
);
console.log(
  `wasm pair kernel: simd ${pairs.simd.size} B, scalar ${pairs.scalar.size} B → src/backend/pair-wasm-bytes.generated.ts`,
);
