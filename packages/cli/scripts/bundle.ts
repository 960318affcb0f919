// Bundles src/index.ts and everything it imports (commander, prompts, the renderer) into one ESM file,
// dist/index.js, so the published package has no runtime dependencies. Templates are read from dist/templates at
// run time (written by build-templates.ts). The bundled packages' licence texts (the minified bundle keeps no
// comments) go to dist/THIRD-PARTY-LICENSES.md, which ships with it.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build, type Metafile } from "esbuild";

const root = new URL("..", import.meta.url);
const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as { version: string };
const outfile = new URL("dist/index.js", root).pathname;

const result = await build({
  entryPoints: [new URL("src/index.ts", root).pathname],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  legalComments: "none",
  metafile: true,
  // prompts' entry chooses between a transpiled copy for Node < 8.6 and its sources; bundle the sources only.
  alias: { prompts: "prompts/lib/index.js" },
  define: { __CLI_VERSION__: JSON.stringify(pkg.version) },
  // prompts and commander are CommonJS; give their require() calls of node built-ins a real require.
  banner: {
    js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
  },
  logLevel: "warning",
});

/** The licence notice of every npm package with code in the bundle, from its package.json and licence file. */
function thirdPartyLicenses(metafile: Metafile, workingDir: string): string {
  const dirs = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.split(path.sep).join("/"));
    if (match) dirs.add(path.resolve(workingDir, match[1]));
  }
  const sections = [...dirs].sort().map((dir) => {
    const meta = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
      name: string;
      version: string;
      license?: string;
    };
    const file = readdirSync(dir).find((f) => /^licen[cs]e(\.md|\.txt)?$/i.test(f));
    if (!file) throw new Error(`${meta.name} is bundled but ships no licence file`);
    const text = readFileSync(path.join(dir, file), "utf8").trim();
    return `## ${meta.name}@${meta.version} (${meta.license ?? "see below"})\n\n${text}\n`;
  });
  return `# Third-party licences\n\nThis file lists the packages bundled into dist/index.js.\n\n${sections.join("\n")}`;
}

const licences = new URL("dist/THIRD-PARTY-LICENSES.md", root).pathname;
if (!existsSync(path.dirname(licences))) throw new Error("dist/ is missing after the build");
writeFileSync(licences, thirdPartyLicenses(result.metafile, process.cwd()));

console.log(`bundled ${outfile} (${(statSync(outfile).size / 1024).toFixed(1)} KB)`);
