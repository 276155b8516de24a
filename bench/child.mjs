// Runs one suite in this (fresh) process, so JIT state never leaks between suites, and writes
// its JSON result to the file named in the options. Usage: node bench/child.mjs SUITE OPTIONS_JSON
import { writeFileSync } from "node:fs";

const [suite, optionsText] = process.argv.slice(2);
const options = JSON.parse(optionsText);
const { run } = await import(`./suites/${suite}.mjs`);
const result = await run(options);
writeFileSync(options.out, JSON.stringify(result));
