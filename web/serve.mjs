#!/usr/bin/env node
// A tiny static server on 127.0.0.1 for the A/B calculator (`npm run demo`) and the browser tests.
//
//   /                                files of web/ (index.html is the calculator)
//   /node_modules/batchstats/dist/   the package's dist/: its ES module entry index.js loads as is in
//                                    a browser (web/browser-bundle.mjs), as installed by npm
//   /batchstats.js                   `export * from` that entry, for the calculator's import map
//   /batchstats-ingest.js            `export * from` dist/ingest.js (batchstats/ingest), for its worker
//   other mounts                     test pages, given by the caller of startServer()
//
// The calculator is served with a Content-Security-Policy that forbids every network request
// from the page (connect-src 'none', form-action 'none'): the data a person drops on it cannot
// be sent anywhere, whatever the script does. 'wasm-unsafe-eval' lets the WebAssembly kernel
// compile; the inline import map is allowed by its hash, computed here.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { browserEntry, PACKAGE_URL } from "./browser-bundle.mjs";

const webDir = fileURLToPath(new URL("./", import.meta.url));

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
};

/** sha256 source expressions of the inline scripts of an HTML page, for its CSP. */
function inlineScriptHashes(html) {
  const hashes = [];
  for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
    hashes.push(`'sha256-${createHash("sha256").update(match[1]).digest("base64")}'`);
  }
  return hashes;
}

/** The calculator's policy: scripts and workers from this origin only, no requests at all. */
export function demoPolicy(html) {
  return [
    "default-src 'none'",
    `script-src 'self' 'wasm-unsafe-eval' ${inlineScriptHashes(html).join(" ")}`.trim(),
    "worker-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Starts the server. `mounts` maps URL prefixes (ending in "/") to folders, tried in order after
 * the built-in routes; `headers(pathname)` may add response headers (e.g. a CSP for a test page).
 * Resolves when listening, with the base URL and a `close()` that ends open connections too.
 *
 * @param {{ port?: number, mounts?: { prefix: string, dir: string }[],
 *           headers?: (pathname: string) => Record<string, string> | undefined }} [options]
 * @returns {Promise<{ url: string, port: number, entry: ReturnType<typeof browserEntry>, close(): Promise<void> }>}
 */
export async function startServer(options = {}) {
  const entry = browserEntry();
  const mounts = [{ prefix: PACKAGE_URL, dir: entry.dir }, ...(options.mounts ?? []), { prefix: "/", dir: webDir }];
  /** /batchstats.js: the calculator imports the package under this name (import map, worker). */
  const reexport = Buffer.from(`export * from ${JSON.stringify(entry.url)};\n`);
  /** /batchstats-ingest.js: batchstats/ingest (dist/ingest.js), with which the calculator's worker reads files. */
  const ingestReexport = Buffer.from(`export * from ${JSON.stringify(browserEntry("ingest.js").url)};\n`);

  function resolveFile(pathname) {
    for (const { prefix, dir } of mounts) {
      if (!pathname.startsWith(prefix)) continue;
      let rest = pathname.slice(prefix.length);
      if (rest === "" || rest.endsWith("/")) rest += "index.html";
      const file = normalize(join(dir, rest));
      if (!file.startsWith(normalize(dir.endsWith(sep) ? dir : dir + sep))) return undefined; // no ../
      return file;
    }
    return undefined;
  }

  /** The file a path names (for its type) and its bytes, or undefined. */
  async function load(pathname) {
    if (pathname === "/batchstats.js") return { file: `${webDir}batchstats.js`, body: reexport };
    if (pathname === "/batchstats-ingest.js") return { file: `${webDir}batchstats-ingest.js`, body: ingestReexport };
    const file = resolveFile(pathname);
    try {
      return file && { file, body: await readFile(file) };
    } catch {
      return undefined;
    }
  }

  const server = createServer(async (req, res) => {
    try {
      const { pathname } = new URL(req.url ?? "/", "http://localhost");
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { Allow: "GET, HEAD" }).end();
        return;
      }
      const found = await load(decodeURIComponent(pathname));
      if (!found) {
        res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end(`not found: ${pathname}\n`);
        return;
      }
      const { file, body } = found;
      const type = TYPES[extname(file)] ?? "application/octet-stream";
      const head = {
        "Content-Type": type,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
      };
      if (file.startsWith(webDir) && type.startsWith("text/html")) {
        head["Content-Security-Policy"] = demoPolicy(body.toString("utf8"));
      }
      Object.assign(head, options.headers?.(pathname) ?? {});
      res.writeHead(200, head);
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (error) {
      res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" }).end(String(error));
    }
  });

  const sockets = new Set();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    entry,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// `npm run demo [-- --port N]`
if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const at = process.argv.indexOf("--port");
  const wanted = at > 0 ? Number(process.argv[at + 1]) : Number(process.env.PORT ?? 5180);
  let server;
  try {
    server = await startServer({ port: wanted });
  } catch (error) {
    if (error.code !== "EADDRINUSE") throw error;
    server = await startServer({ port: 0 });
  }
  console.log(`batchstats A/B calculator: ${server.url}`);
  console.log(`(batchstats from dist/: ${server.entry.files.join(" + ")})`);
  console.log("Everything is computed in the browser; this server only sends the page's files. Ctrl-C to stop.");
}
