/**
 * A one-file app bundled by esbuild as an application would bundle it for the browser: minified,
 * ES module, es2022, from the repository root (so "../dist/index.js" and absolute paths resolve).
 */
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The bundled code of `contents` and esbuild's metafile (which input kept how many bytes). */
export async function bundleApp(contents: string): Promise<{ code: string; metafile: Metafile }> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "error",
  });
  return { code: result.outputFiles[0]?.text ?? "", metafile: result.metafile };
}
