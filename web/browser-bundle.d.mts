// Types of web/browser-bundle.mjs.

/** Where web/serve.mjs serves the package's dist/ folder, as npm would install it next to a page. */
export const PACKAGE_URL: string;

/** An entry (default dist/index.js) and the chunks it imports, as a page without a bundler loads them. */
export function browserEntry(entry?: string): { dir: string; entry: string; url: string; files: string[] };

/** The specifiers a module's text imports (static, re-exported, side-effect and dynamic), comments left out. */
export function importedSpecifiers(text: string): string[];
