// Bundles src/index.ts and everything it imports (commander, prompts, the renderer) into one ESM file,
// dist/index.js, so the published package has no runtime dependencies. Templates are read from dist/templates at
// run time (written by build-templates.ts).
import { readFileSync, statSync } from "node:fs";
import { build } from "esbuild";

const root = new URL("..", import.meta.url);
const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as { version: string };
const outfile = new URL("dist/index.js", root).pathname;

await build({
  entryPoints: [new URL("src/index.ts", root).pathname],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  legalComments: "none",
  // prompts' entry chooses between a transpiled copy for Node < 8.6 and its sources; bundle the sources only.
  alias: { prompts: "prompts/lib/index.js" },
  define: { __CLI_VERSION__: JSON.stringify(pkg.version) },
  // prompts and commander are CommonJS; give their require() calls of node built-ins a real require.
  banner: {
    js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
  },
  logLevel: "warning",
});

console.log(`bundled ${outfile} (${(statSync(outfile).size / 1024).toFixed(1)} KB)`);
