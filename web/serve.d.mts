// Types of web/serve.mjs, for the TypeScript tests that start it.

export interface ServerOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** URL prefixes (ending in "/") served from folders, tried before web/. */
  mounts?: { prefix: string; dir: string }[];
  /** Extra response headers for a path (e.g. a Content-Security-Policy). */
  headers?: (pathname: string) => Record<string, string> | undefined;
}

export interface RunningServer {
  /** Base URL, ending in "/". */
  url: string;
  port: number;
  /**
   * The package's main entry as served (`url`, under /node_modules/batchstats/dist/; /batchstats.js
   * re-exports it): its folder, file name, and the files of its module graph in load order.
   */
  entry: { dir: string; entry: string; url: string; files: string[] };
  close(): Promise<void>;
}

export function startServer(options?: ServerOptions): Promise<RunningServer>;

/** The Content-Security-Policy of the calculator page, given its HTML. */
export function demoPolicy(html: string): string;
