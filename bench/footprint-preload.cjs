// Loaded with `node --require` into every process of the footprint measurement (bench/suites/startup.mjs),
// bare Node and the package's alike, so its own cost cancels out: when the process exits it writes one
// line to stderr, `@@footprint {"rss":…,"maxRss":…,"cpuMs":…}` — resident memory at exit, peak resident
// memory, and the CPU time the process used since it started (user + system), all of the whole process.
// CommonJS, so that it starts no ES module loader in processes that have none (`node -e 0`, the CLI).
const { writeSync } = require("node:fs");

process.on("exit", () => {
  const { user, system } = process.cpuUsage();
  const line = {
    rss: process.memoryUsage.rss(),
    maxRss: process.resourceUsage().maxRSS * 1024,
    cpuMs: (user + system) / 1e3,
  };
  writeSync(2, `\n@@footprint ${JSON.stringify(line)}\n`);
});
