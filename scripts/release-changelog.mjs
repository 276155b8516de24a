#!/usr/bin/env node
// Stamps the Keep-a-Changelog "Unreleased" section of CHANGELOG.md with the version in package.json
// (run after `changeset version` by `npm run version-packages`): `## [Unreleased]` becomes
// `## [X.Y.Z] - YYYY-MM-DD` under a new empty `## [Unreleased]`, and the link references at the
// bottom follow. Refuses to run twice for one version or on an empty Unreleased section.
import { readFile, writeFile } from "node:fs/promises";

const root = new URL("../", import.meta.url);
const { version } = JSON.parse(await readFile(new URL("package.json", root), "utf8"));
const path = new URL("CHANGELOG.md", root);
const text = await readFile(path, "utf8");

const fail = (message) => {
  console.error(`release-changelog: ${message}`);
  process.exit(1);
};
if (text.includes(`## [${version}]`)) fail(`CHANGELOG.md already has a section for ${version}`);
const start = text.indexOf("## [Unreleased]");
if (start < 0) fail("CHANGELOG.md has no '## [Unreleased]' section");
const next = text.indexOf("\n## [", start + 1);
const body = text.slice(start + "## [Unreleased]".length, next < 0 ? undefined : next).trim();
if (!/^- /m.test(body)) fail("the Unreleased section lists no changes");

const date = new Date().toISOString().slice(0, 10);
let out = `${text.slice(0, start)}## [Unreleased]\n\n## [${version}] - ${date}\n\n${body}\n${next < 0 ? "" : text.slice(next)}`;

// Link references: [Unreleased]: …/compare/vX.Y.Z...HEAD and [X.Y.Z]: …/compare/vPREV...vX.Y.Z (or …/releases/tag/vX.Y.Z).
const unreleased = /^\[Unreleased\]: (\S+?)\/(?:compare\/(v[^.\s]+\.[^.\s]+\.[^.\s]+)\.\.\.HEAD|commits\/\S*)$/m.exec(
  out,
);
if (unreleased) {
  const repo = unreleased[1];
  const previous = unreleased[2];
  const line = previous
    ? `[${version}]: ${repo}/compare/${previous}...v${version}`
    : `[${version}]: ${repo}/releases/tag/v${version}`;
  out = out.replace(unreleased[0], `[Unreleased]: ${repo}/compare/v${version}...HEAD\n${line}`);
}
await writeFile(path, out.endsWith("\n") ? out : `${out}\n`);
console.log(`CHANGELOG.md: Unreleased → [${version}] - ${date}`);
