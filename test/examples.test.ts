/**
 * Runs every `@example` in the doc comments of src/ (the sources of the public entry points)
 * and checks what the examples claim.
 *
 * - The code block of each `@example` (a fenced ```ts block, or the whole tag text) runs as an
 *   async function against the sources: `"batchstats"` is src/index.ts, `"batchstats/node"` is
 *   src/node/index.ts, and the exports of both are in scope even without an import, with those of
 *   the example's own module.
 * - `EXPR; // => VALUE` checks the expression statement ending on that line (or, for a comment
 *   on a line of its own, the statement just above it). VALUE is a JS literal (number, string,
 *   boolean, null, undefined, NaN, ±Infinity, arrays and objects of those); text after the
 *   literal is commentary. Numbers compare exactly (NaN equals NaN), everything else deeply.
 * - `console.log(ARGS); // => TEXT` checks the single argument against a literal as above, or
 *   else the printed text (`util.format(...ARGS)`) against TEXT.
 * - `EXPR; // => throws CODE` expects EXPR to throw an error whose `code` or `name` is CODE.
 * - Every checked line must actually run (a check inside a branch not taken fails).
 * - Examples without `// =>` must run without throwing.
 *
 * Failures name the file, line and symbol. Also checks that every value exported from the entry
 * points has a doc comment with an `@example`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { format, inspect } from "node:util";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const ENTRIES: Record<string, string> = {
  batchstats: "src/index.ts",
  "batchstats/node": "src/node/index.ts",
  "batchstats/sql": "src/sql/index.ts",
};
const entries = Object.entries(ENTRIES).filter(([, file]) => existsSync(join(root, file)));

interface Example {
  file: string; // relative to the repository root
  line: number; // 1-based line of the first code line in the file
  symbol: string;
  code: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(p);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".generated.ts") && !entry.name.endsWith(".d.ts")
      ? [p]
      : [];
  });
}

/** The name of the declaration a doc comment belongs to, e.g. `Summary.variance`. */
function symbolAt(source: ts.SourceFile, commentEnd: number): string {
  let found = "(module)";
  const visit = (node: ts.Node, owner: string) => {
    const name = (node as { name?: ts.Node }).name;
    const text = name && (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) ? name.text : undefined;
    const qualified = text ? (owner ? `${owner}.${text}` : text) : owner;
    const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
    if (docs?.some((doc) => doc.end === commentEnd)) {
      found = ts.isConstructorDeclaration(node) ? `${owner}.constructor` : qualified || found;
      if (ts.isVariableStatement(node)) {
        found = node.declarationList.declarations.map((d) => d.name.getText(source)).join(", ");
      }
    }
    ts.forEachChild(node, (child) => visit(child, qualified));
  };
  visit(source, "");
  return found;
}

/** Every `@example` of a file, with the line its code starts on. */
function examplesOf(path: string): Example[] {
  const text = readFileSync(path, "utf8");
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const file = relative(root, path);
  const out: Example[] = [];
  for (const match of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const start = match.index;
    const firstLine = source.getLineAndCharacterOfPosition(start).line + 1;
    const lines = match[0].split("\n").map((l) => l.replace(/^\s*\/?\*\*?\/?\s?/, "").replace(/\s*\*\/$/, ""));
    const symbol = symbolAt(source, start + match[0].length);
    for (let i = 0; i < lines.length; i++) {
      if (!/^@example\b/.test(lines[i]!)) continue;
      // The tag runs to the next block tag or the end of the comment.
      let end = i + 1;
      while (end < lines.length && !/^@\w/.test(lines[end]!)) end++;
      const body = lines.slice(i + 1, end);
      const fences: [number, number][] = [];
      for (let j = 0; j < body.length; j++) {
        if (!/^```/.test(body[j]!)) continue;
        let k = j + 1;
        while (k < body.length && !/^```\s*$/.test(body[k]!)) k++;
        fences.push([j + 1, k]);
        j = k;
      }
      if (fences.length === 0) fences.push([0, body.length]);
      for (const [from, to] of fences) {
        out.push({ file, line: firstLine + i + 1 + from, symbol, code: body.slice(from, to).join("\n") });
      }
      i = end - 1;
    }
  }
  return out;
}

/** The extent of the JS literal at the start of `text` (trailing commentary ignored), or -1. */
function literalEnd(text: string): number {
  let i = 0;
  const space = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const take = (re: RegExp): boolean => {
    const m = re.exec(text.slice(i));
    if (m) i += m[0].length;
    return m !== null;
  };
  const value = (): boolean => {
    space();
    const c = text[i];
    if (c === "[" || c === "{") {
      const close = c === "[" ? "]" : "}";
      i++;
      for (;;) {
        space();
        if (text[i] === close) {
          i++;
          return true;
        }
        if (c === "{") {
          if (!take(/^([A-Za-z_$][\w$]*|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\d+)\s*:/)) return false;
        }
        if (!value()) return false;
        space();
        if (text[i] === ",") i++;
        else if (text[i] !== close) return false;
      }
    }
    return take(
      /^("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\$]|\\.)*`|-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?(?![\w$])|(?:-?Infinity|NaN|true|false|null|undefined)(?![\w$]))/i,
    );
  };
  return value() ? i : -1;
}

type Expectation =
  | { kind: "value"; value: unknown; text: string }
  | { kind: "throws"; code: string; text: string }
  | { kind: "printed"; text: string };

function parseExpectation(text: string): Expectation {
  const trimmed = text.trim();
  const throws = /^throws\s+([\w.$]+)/.exec(trimmed);
  if (throws) return { kind: "throws", code: throws[1]!, text: trimmed };
  const end = literalEnd(trimmed);
  if (end > 0) {
    const value: unknown = new Function(`return (${trimmed.slice(0, end)});`)();
    return { kind: "value", value, text: trimmed };
  }
  return { kind: "printed", text: trimmed };
}

interface Check {
  line: number; // line in the source file
  expectation: Expectation;
  console: boolean;
  hits: number;
}

/** Rewrites an example into the body of an async function; `// =>` statements call `__check`. */
function instrument(example: Example): { body: string; checks: Check[] } {
  const source = ts.createSourceFile("example.ts", example.code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const codeLines = example.code.split("\n");
  const statements: ts.ExpressionStatement[] = [];
  const imports: ts.ImportDeclaration[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isExpressionStatement(node)) statements.push(node);
    if (ts.isImportDeclaration(node)) imports.push(node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
  const edits: { start: number; end: number; text: string }[] = [];
  const checks: Check[] = [];
  codeLines.forEach((lineText, index) => {
    const at = lineText.indexOf("// =>");
    if (at < 0) return;
    const own = lineText.slice(0, at).trim() === "";
    const candidates = statements.filter((s) => (own ? lineOf(s.end) < index : lineOf(s.end) === index));
    const target = candidates.sort((a, b) => b.end - a.end || b.pos - a.pos)[0];
    if (!target)
      throw new Error(`${example.file}:${example.line + index} (${example.symbol}): no statement before "// =>"`);
    const expr = target.expression;
    const isConsole =
      ts.isCallExpression(expr) && expr.expression.getText(source) === "console.log" && expr.arguments.length > 0;
    const id = checks.length;
    checks.push({
      line: example.line + index,
      expectation: parseExpectation(lineText.slice(at + 5)),
      console: isConsole,
      hits: 0,
    });
    const value = isConsole
      ? `[${(expr as ts.CallExpression).arguments.map((a) => a.getText(source)).join(", ")}]`
      : `(${expr.getText(source)})`;
    // An expression with `await` needs an async thunk, and the check then has to be awaited.
    const isAsync = /\bawait\b/.test(value);
    const text = isAsync ? `(await __check(${id}, async () => ${value}))` : `__check(${id}, () => ${value})`;
    edits.push({ start: expr.getStart(source), end: expr.end, text });
  });
  for (const decl of imports) {
    const spec = (decl.moduleSpecifier as ts.StringLiteral).text;
    const clause = decl.importClause;
    let text = "";
    if (clause && !clause.isTypeOnly) {
      const parts: string[] = [];
      const mod = `(await __import(${JSON.stringify(spec)}))`;
      if (clause.name) parts.push(`const ${clause.name.text} = ${mod}.default;`);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) parts.push(`const ${bindings.name.text} = ${mod};`);
      if (bindings && ts.isNamedImports(bindings)) {
        const names = bindings.elements
          .filter((e) => !e.isTypeOnly)
          .map((e) => (e.propertyName ? `${e.propertyName.getText(source)}: ${e.name.text}` : e.name.text));
        const wanted = JSON.stringify(
          bindings.elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).getText(source)),
        );
        if (names.length > 0)
          parts.push(`const { ${names.join(", ")} } = __named(${mod}, ${JSON.stringify(spec)}, ${wanted});`);
      }
      text = parts.join(" ");
    }
    edits.push({ start: decl.getStart(source), end: decl.end, text });
  }
  let code = example.code;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    code = code.slice(0, edit.start) + edit.text + code.slice(edit.end);
  }
  const js = ts.transpileModule(`(async () => {\n${code}\n})`, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    reportDiagnostics: true,
  });
  const diagnostics = js.diagnostics ?? [];
  if (diagnostics.length > 0) {
    const message = ts.flattenDiagnosticMessageText(diagnostics[0]!.messageText, "\n");
    throw new Error(`${example.file}:${example.line} (${example.symbol}): the example does not parse: ${message}`);
  }
  return { body: js.outputText.trim().replace(/;$/, ""), checks };
}

function describeValue(value: unknown): string {
  return typeof value === "string"
    ? JSON.stringify(value)
    : inspect(value, { depth: 6, breakLength: Number.POSITIVE_INFINITY });
}

function sameValue(actual: unknown, expected: unknown): boolean {
  if (typeof expected === "number") return actual === expected || (Number.isNaN(expected) && Number.isNaN(actual));
  try {
    expect(actual).toEqual(expected);
    return true;
  } catch {
    return false;
  }
}

/** The entry points' exports, and those of the example's own module (internal helpers document themselves too). */
async function loadScope(file: string): Promise<Record<string, unknown>> {
  const scope: Record<string, unknown> = {};
  for (const [, entry] of [...entries].reverse()) Object.assign(scope, await import(join(root, entry)));
  if (existsSync(join(root, file))) Object.assign(scope, await import(join(root, file)));
  return scope;
}

async function importFor(spec: string): Promise<unknown> {
  const file = ENTRIES[spec];
  if (file) {
    if (!existsSync(join(root, file))) throw new Error(`the example imports ${spec}, but ${file} does not exist`);
    return import(join(root, file));
  }
  return import(spec);
}

/** The module, after checking that it exports every imported name. */
function named(mod: Record<string, unknown>, spec: string, names: string[]): Record<string, unknown> {
  const absent = names.filter((n) => !(n in mod));
  if (absent.length > 0) throw new Error(`${spec} does not export ${absent.join(", ")}`);
  return mod;
}

const quiet = { ...console, log() {}, info() {}, warn() {}, error() {}, debug() {}, table() {}, dir() {} };

async function runExample(example: Example): Promise<string[]> {
  const { body, checks } = instrument(example);
  const scope = await loadScope(example.file);
  const names = Object.keys(scope).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
  const failures: string[] = [];
  const where = (check: Check) => `${example.file}:${check.line} (${example.symbol})`;
  const verify = (check: Check, outcome: { value: unknown } | { error: unknown }) => {
    const e = check.expectation;
    if (e.kind === "throws") {
      if ("value" in outcome) {
        failures.push(`${where(check)}: expected to throw ${e.code}, got ${describeValue(outcome.value)}`);
      } else {
        const { code, name } = (outcome.error ?? {}) as { code?: unknown; name?: unknown };
        if (code !== e.code && name !== e.code) {
          failures.push(`${where(check)}: expected to throw ${e.code}, threw ${String(outcome.error)}`);
        }
      }
      return;
    }
    if ("error" in outcome) throw outcome.error;
    const { value } = outcome;
    if (check.console) {
      const args = value as unknown[];
      const printed = format(...args);
      if (e.kind === "value" && args.length === 1 && sameValue(args[0], e.value)) return;
      if (printed === e.text) return;
      failures.push(`${where(check)}: "// => ${e.text}" but console.log printed ${JSON.stringify(printed)}`);
    } else if (e.kind !== "value") {
      failures.push(`${where(check)}: cannot read "${e.text}" as a literal value`);
    } else if (!sameValue(value, e.value)) {
      failures.push(`${where(check)}: expected ${describeValue(e.value)}, got ${describeValue(value)}`);
    }
  };
  const __check = (id: number, thunk: () => unknown): unknown => {
    const check = checks[id]!;
    check.hits++;
    let result: unknown;
    try {
      result = thunk();
    } catch (error) {
      return verify(check, { error });
    }
    if (result instanceof Promise) {
      return result.then(
        (value: unknown) => verify(check, { value }),
        (error: unknown) => verify(check, { error }),
      );
    }
    return verify(check, { value: result });
  };
  const run = new Function("__import", "__named", "__check", "console", ...names, `{ return ${body}; }`) as (
    ...args: unknown[]
  ) => () => Promise<void>;
  try {
    await run(importFor, named, __check, quiet, ...names.map((n) => scope[n]))();
  } catch (error) {
    failures.push(`${example.file}:${example.line} (${example.symbol}): the example threw ${String(error)}`);
    return failures;
  }
  for (const check of checks) {
    if (check.hits === 0) failures.push(`${where(check)}: this "// =>" line never ran`);
  }
  return failures;
}

// The command line's modules (src/cli) are not library API: their examples show use inside the CLI
// (with its `io` streams) and are not run here; test/cli*.test.ts runs the built command instead.
const examples = sourceFiles(join(root, "src"))
  .filter((file) => !relative(root, file).startsWith(join("src", "cli")))
  .flatMap(examplesOf);

describe("@example blocks", () => {
  it("exist", () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map((e) => [`${e.file}:${e.line} ${e.symbol}`, e] as const))("%s", async (_name, example) => {
    const failures = await runExample(example);
    if (failures.length > 0) expect.fail(failures.join("\n"));
  });
});

describe("the example checker", () => {
  const check = (code: string) => runExample({ file: "x.ts", line: 10, symbol: "f", code });

  it("passes true claims, in every form", async () => {
    const code = [
      "const s = { mean: 3, list: [1, 'a'] };",
      "s.mean; // => 3",
      "s; // => { mean: 3, list: [1, 'a'] } (trailing words are commentary)",
      "0 / 0; // => NaN",
      "JSON.stringify(s.list);",
      "// => '[1,\"a\"]'",
      "console.log(s.mean, 'x'); // => 3 x",
      "await Promise.resolve(2); // => 2",
      "JSON.parse('{'); // => throws SyntaxError",
    ].join("\n");
    expect(await check(code)).toEqual([]);
  });

  it("names the file, line and symbol of a false claim", async () => {
    expect(await check("1 + 1; // => 3")).toEqual(["x.ts:10 (f): expected 3, got 2"]);
    expect(await check("0.1 + 0.2; // => 0.3")).toEqual(["x.ts:10 (f): expected 0.3, got 0.30000000000000004"]);
    expect(await check("'a';\n[1]; // => [2]")).toEqual(["x.ts:11 (f): expected [ 2 ], got [ 1 ]"]);
  });

  it("fails a claim that never runs, and an example that throws", async () => {
    expect(await check("if (false) console.log(1); // => 1")).toEqual(['x.ts:10 (f): this "// =>" line never ran']);
    expect((await check("null.x;"))[0]).toMatch(/^x\.ts:10 \(f\): the example threw TypeError/);
  });
});

describe("documentation of the public API", () => {
  it.each(entries)("every value exported from %s has a doc comment with an @example", (_spec, file) => {
    const program = ts.createProgram([join(root, file)], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      noEmit: true,
      skipLibCheck: true,
    });
    const checker = program.getTypeChecker();
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(join(root, file))!)!;
    const missing: string[] = [];
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (!(symbol.flags & ts.SymbolFlags.Value)) continue; // types and interfaces: a doc comment is enough
      const declaration = symbol.declarations?.[0];
      if (!declaration) continue;
      const tags = ts.getJSDocTags(ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration);
      if (!tags.some((tag) => tag.tagName.text === "example")) {
        const where = declaration.getSourceFile();
        const line = where.getLineAndCharacterOfPosition(declaration.getStart()).line + 1;
        missing.push(`${exported.name} (${relative(root, where.fileName)}:${line})`);
      }
    }
    expect(missing, `exports without an @example: ${missing.join(", ")}`).toEqual([]);
  });
});
