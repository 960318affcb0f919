// CDN build: self-contained ESM with code splitting. `auth0-session-migrator.js` (self-defining) and `index.js`
// (class, function, pure pieces) include lit; the migration flow and each SDK become lazily loaded chunks.
// Usage: node --import tsx scripts/build-cdn.ts [outdir]   (default dist/cdn)
import { readdirSync, readFileSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile, type Plugin } from "esbuild";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

export interface CdnBuildOptions {
  outdir?: string;
  minify?: boolean;
  /** Treat these packages as external (used by the benchmark to size the element without lit). */
  external?: string[];
  /** Entry points to build (default both). */
  entries?: ("auth0-session-migrator" | "index")[];
}

export interface CdnBuildResult {
  outdir: string;
  metafiles: Metafile[];
}

const sources = {
  "auth0-session-migrator": "src/define.ts",
  index: "src/index.ts",
} as const;

/**
 * Two stages. (1) Each SDK and the migration flow are bundled on their own (self-contained ESM, content-hashed names).
 * (2) The entries are built with their imports of those modules pointing at those files, so an entry shares no chunk
 * (not even esbuild's CommonJS helpers, nor a small module the flow also uses) with the lazily loaded code: a page
 * without an Auth0 session downloads exactly one file. Both entries load the same flow file.
 * Everything is written flat into `outdir`, so relative import paths are the same from every file.
 */
export async function buildCdn(options: CdnBuildOptions = {}): Promise<CdnBuildResult> {
  const outdir = options.outdir ?? `${packageDir}dist/cdn`;
  await rm(outdir, { recursive: true, force: true });
  const common = {
    absWorkingDir: packageDir,
    outdir,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2021",
    minify: options.minify ?? true,
    legalComments: "none",
    metafile: true,
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
  } as const;
  const vendor = await build({
    ...common,
    entryPoints: {
      "auth0-spa-js": "@auth0/auth0-spa-js",
      "supertokens-web-js": "src/supertokens-sdk.ts",
      flow: "src/flow.ts",
    },
    entryNames: "[name]-[hash]",
  });
  const vendorFile = (entry: string) => {
    const out = Object.entries(vendor.metafile.outputs).find(([, o]) => o.entryPoint?.endsWith(entry));
    if (!out) throw new Error(`CDN build: no output for ${entry}`);
    return `./${out[0].split("/").pop()}`;
  };
  const prebuilt: Record<string, string> = {
    "@auth0/auth0-spa-js": vendorFile("@auth0/auth0-spa-js/dist/auth0-spa-js.production.esm.js"),
    "./supertokens-sdk.js": vendorFile("src/supertokens-sdk.ts"),
    "./flow.js": vendorFile("src/flow.ts"),
  };
  const metafiles: Metafile[] = [vendor.metafile];
  // One build per entry, so each entry file holds everything it needs up front (no shared static chunk). The flow is
  // imported statically by index.js (its migrateAuth0Session) and lazily by the element.
  for (const name of options.entries ?? (["auth0-session-migrator", "index"] as const)) {
    const result = await build({
      ...common,
      entryPoints: { [name]: sources[name] },
      splitting: true,
      chunkNames: "[name]-[hash]",
      external: options.external ?? [],
      plugins: [
        {
          name: "prebuilt",
          setup(b) {
            b.onResolve(
              { filter: /^(@auth0\/auth0-spa-js|\.\/supertokens-sdk\.js|\.\/flow\.js)$/ },
              (args) => ({
                path: prebuilt[args.path],
                external: true,
              }),
            );
          },
        },
        minifyStyles,
      ],
    });
    metafiles.push(result.metafile);
  }
  await writeFile(path.join(outdir, "THIRD-PARTY-LICENSES.md"), thirdPartyLicenses(metafiles));
  return { outdir, metafiles };
}

/**
 * esbuild does not minify CSS inside lit's css`` template: collapse the whitespace of src/styles.ts's one template
 * (it has no interpolations) in the CDN files. The npm build keeps it readable; app bundlers minify it there.
 */
const minifyStyles: Plugin = {
  name: "minify-styles",
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]styles\.ts$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const contents = source.replace(/= css`([^`$]*)`/, (_, text: string) => `= css\`${minifyCss(text)}\``);
      if (contents === source) throw new Error("CDN build: no css`` template found in styles.ts");
      return { contents, loader: "ts" };
    });
  },
};

/** Whitespace-only CSS minification: enough for hand-written rules without strings or comments. */
export function minifyCss(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .replace(/\s*([{};,>])\s*/g, "$1")
    .replace(/:\s+/g, ":")
    .replace(/;}/g, "}")
    .trim();
}

/**
 * The licence notices of every npm package with code in the CDN files (lit, the two SDKs and what they pull in):
 * the minified files keep no comments, so the notices travel next to them in THIRD-PARTY-LICENSES.md.
 */
export function thirdPartyLicenses(metafiles: Metafile[]): string {
  const dirs = new Set<string>();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.split(path.sep).join("/"));
      if (match) dirs.add(path.resolve(packageDir, match[1]));
    }
  }
  const sections = [...dirs].sort().map((dir) => {
    const meta = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
      name: string;
      version: string;
      license?: string;
    };
    const file = readdirSync(dir).find((f) => /^licen[cs]e(\.md|\.txt)?$/i.test(f));
    const text = file
      ? readFileSync(path.join(dir, file), "utf8").trim()
      : "(the package ships no licence file)";
    return `## ${meta.name}@${meta.version} (${meta.license ?? "see below"})\n\n${text}\n`;
  });
  return `# Third-party licences\n\nPackages bundled into the files of this directory.\n\n${sections.join("\n")}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { outdir } = await buildCdn({ outdir: process.argv[2] });
  console.log(`CDN build written to ${outdir}`);
}
