// Builds packages/cli/dist/templates from templates/: the TypeScript sources as authored, plus a JavaScript variant
// derived from the same source (types erased with ts-blank-space, then tidied and formatted with Biome). Nobody
// maintains the JavaScript by hand.
//
//   dist/templates/manifest.json                 { frameworks: { express: { coreDir, addFiles } } }
//   dist/templates/core/{ts,js}/…                the framework-neutral core
//   dist/templates/<framework>/{ts,js}/…         one runnable project per framework and language
//   dist/templates/<framework>/add/{ts,js}.md    what to do after add mode wrote its files
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import tsBlankSpace from "ts-blank-space";
import ts from "typescript";
import { keepBlocks } from "../src/templates.js";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const defaultSource = join(repoRoot, "templates");
const defaultOut = fileURLToPath(new URL("../dist/templates/", import.meta.url));

// Files that describe a template to this script and never reach users.
const BUILD_ONLY = new Set(["template.json", "tsconfig.template.json", "MOUNT.md"]);
const TS_ONLY = new Set(["tsconfig.json"]);
// Template-level docs in templates/ that are not part of any template.
const NOT_TEMPLATES = new Set(["README.md", "ENDPOINT.md", "tsconfig.json"]);

export interface FrameworkManifest {
  /** Where the shared core is copied inside a generated project. */
  coreDir: string;
  /** Framework files (TypeScript paths) written in add mode, besides the core. */
  addFiles: string[];
  /**
   * "extensionless": the project is bundled (Next.js/Turbopack), which does not map `./x.js` imports onto `x.ts`;
   * the TypeScript core is written with `./x` imports instead.
   */
  coreImports?: "extensionless";
}

export interface TemplatesManifest {
  frameworks: Record<string, FrameworkManifest>;
}

export function buildTemplates(options: { sourceDir?: string; outDir?: string } = {}): TemplatesManifest {
  const sourceDir = options.sourceDir ?? defaultSource;
  const outDir = options.outDir ?? defaultOut;
  rmSync(outDir, { recursive: true, force: true });

  const manifest: TemplatesManifest = { frameworks: {} };
  for (const entry of readdirSync(sourceDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || NOT_TEMPLATES.has(entry.name)) continue;
    const dir = join(sourceDir, entry.name);
    if (entry.name !== "core") {
      if (!existsSync(join(dir, "template.json"))) {
        // A framework still being written: not offered until it says how to assemble it.
        console.warn(`build-templates: skipping templates/${entry.name} (no template.json yet)`);
        continue;
      }
      const config = JSON.parse(readFileSync(join(dir, "template.json"), "utf8")) as FrameworkManifest & {
        jsScripts?: Record<string, string>;
      };
      manifest.frameworks[entry.name] = {
        coreDir: config.coreDir,
        addFiles: config.addFiles,
        ...(config.coreImports ? { coreImports: config.coreImports } : {}),
      };
      buildTemplate(dir, join(outDir, entry.name), config.jsScripts ?? {});
    } else {
      buildTemplate(dir, join(outDir, "core"), {});
    }
  }
  writeFileSync(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function buildTemplate(dir: string, out: string, jsScripts: Record<string, string>): void {
  for (const file of listFiles(dir)) {
    const name = file.split("/").pop() ?? file;
    if (BUILD_ONLY.has(name)) continue;
    const source = readFileSync(join(dir, file), "utf8");
    if (file === "ADD.md") {
      // Add-mode instructions are printed by the CLI, not written into the project.
      write(join(out, "add", "ts.md"), forLanguage(file, source, "ts"));
      write(join(out, "add", "js.md"), forLanguage(file, source, "js"));
      continue;
    }
    write(join(out, "ts", file), forLanguage(file, source, "ts"));
    if (TS_ONLY.has(name)) continue;
    if (file.endsWith(".ts") && !file.endsWith(".d.ts")) {
      write(join(out, "js", file.replace(/\.ts$/, ".js")), toJavaScript(source, file));
    } else if (name === "package.json") {
      write(join(out, "js", file), javaScriptPackageJson(source, jsScripts));
    } else {
      write(join(out, "js", file), forLanguage(file, source, "js"));
    }
  }
}

/** Keeps `<!-- ts -->…<!-- /ts -->` blocks for one language only and resolves `{{ext}}`. */
function forLanguage(file: string, text: string, language: "ts" | "js"): string {
  const out = file.endsWith(".md") ? keepBlocks(text, language, language === "ts" ? "js" : "ts") : text;
  return out.replaceAll("{{ext}}", `.${language}`);
}

/** The JavaScript project needs no compiler: no build script, no TypeScript or type packages. */
function javaScriptPackageJson(source: string, jsScripts: Record<string, string>): string {
  const pkg = JSON.parse(source) as {
    scripts?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  // No compile step, unless jsScripts names one (Next.js builds JavaScript projects too).
  const scripts = { ...pkg.scripts };
  delete scripts.build;
  pkg.scripts = { ...scripts, ...jsScripts };
  const devDependencies = Object.fromEntries(
    Object.entries(pkg.devDependencies ?? {}).filter(
      ([name]) => name !== "typescript" && !name.startsWith("@types/"),
    ),
  );
  if (Object.keys(devDependencies).length > 0) pkg.devDependencies = devDependencies;
  else delete pkg.devDependencies;
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/**
 * Erases the types (ts-blank-space keeps every position, so comments stay where they were), drops the lines that held
 * only types together with the comments that described them, then lets Biome restore normal spacing.
 */
export function toJavaScript(typescript: string, file: string): string {
  const source = documentTypes(lowerDecorators(typescript, file));
  const unsupported: string[] = [];
  const blanked = tsBlankSpace(source, (node) =>
    unsupported.push(source.slice(node.pos, node.end).trim().slice(0, 60)),
  );
  if (unsupported.length > 0) {
    throw new Error(
      `${file}: TypeScript that cannot be erased (use plain syntax): ${unsupported.join(", ")}`,
    );
  }
  const tsLines = source.split("\n");
  const jsLines = blanked.split("\n");
  const erased = tsLines.map((line, i) => line.trim() !== "" && (jsLines[i] ?? "").trim() === "");
  const keep = jsLines.map((_, i) => !erased[i]);
  // A comment block directly above an erased type declaration documented that type: it goes too.
  for (let i = 0; i < jsLines.length; i++) {
    if (!erased[i] || !TYPE_DECLARATION.test(tsLines[i] ?? "")) continue;
    let j = i - 1;
    while (j >= 0 && isCommentLine(tsLines[j] ?? "")) keep[j--] = false;
  }
  const kept = jsLines.filter((_, i) => keep[i]).join("\n");
  // `import express, { type A } from "express"` leaves an empty `{ }` behind.
  const cleaned = kept.replace(/^(import \w+), \{\s*\} from/gm, "$1 from");
  return format(cleaned, file.replace(/\.ts$/, ".js"));
}

/**
 * Exported interfaces and type aliases document the contract (what an adapter passes, what each setting means), so
 * the JavaScript variant keeps them as JSDoc `@typedef`s in their place: the same words, and types an editor reads.
 * Everything else typed is erased as usual.
 */
export function documentTypes(source: string): string {
  const sf = ts.createSourceFile("types.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  const oneLine = (text: string) => text.replace(/\s*\n\s*/g, " ").replace(/;\s*}/g, " }");
  for (const statement of sf.statements) {
    const exported = (ts.getModifiers(statement as ts.HasModifiers) ?? []).some(
      (m) => m.kind === ts.SyntaxKind.ExportKeyword,
    );
    if (!exported) continue;
    const lines: string[] = [];
    const docs = ts.getJSDocCommentsAndTags(statement).filter(ts.isJSDoc);
    const about = docs
      .map((d) => ts.getTextOfJSDocComment(d.comment) ?? "")
      .join(" ")
      .trim();
    if (ts.isInterfaceDeclaration(statement) && !statement.typeParameters) {
      if (about) lines.push(...about.split("\n"));
      lines.push(`@typedef {object} ${statement.name.text}`);
      for (const member of statement.members) {
        if (!member.name || !ts.isIdentifier(member.name)) continue;
        const name = member.name.text;
        let type = "unknown";
        if (ts.isPropertySignature(member) && member.type) type = oneLine(member.type.getText(sf));
        if (ts.isMethodSignature(member)) {
          const params = member.parameters.map((p) => oneLine(p.getText(sf))).join(", ");
          type = `(${params}) => ${member.type ? oneLine(member.type.getText(sf)) : "void"}`;
        }
        const optional = member.questionToken ? `[${name}]` : name;
        const doc = ts
          .getJSDocCommentsAndTags(member)
          .filter(ts.isJSDoc)
          .map((d) => ts.getTextOfJSDocComment(d.comment) ?? "")
          .join(" ")
          .replace(/\s*\n\s*/g, " ")
          .trim();
        lines.push(...wrap(`@property {${type}} ${optional}${doc ? ` ${doc}` : ""}`));
      }
    } else if (ts.isTypeAliasDeclaration(statement) && !statement.typeParameters) {
      if (about) lines.push(...about.split("\n"));
      lines.push(`@typedef {${oneLine(statement.type.getText(sf))}} ${statement.name.text}`);
    } else {
      continue;
    }
    // The declaration and its own doc comment give way to the typedef (the erasure would drop both).
    const start = docs.length > 0 ? (docs[0] as ts.JSDoc).getStart(sf) : statement.getStart(sf);
    edits.push({
      start,
      end: statement.end,
      text: `/**\n${lines.map((l) => ` * ${l}`.trimEnd()).join("\n")}\n */`,
    });
  }
  let out = source;
  for (const e of edits.sort((x, y) => y.start - x.start))
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** Words over lines of a JSDoc block (110 columns with its " * " prefix); continuation lines are indented. */
function wrap(text: string, width = 106): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `  ${word}`;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Decorators (NestJS's, written as `@Controller()` in the TypeScript templates, compiled there with
 * `experimentalDecorators`) become plain calls after their class in the JavaScript variant, so it runs on Node without
 * a compiler. In reading order: the class, its constructor's parameters, then each method and its parameters. Nest's
 * decorators only record metadata, so the order TypeScript would apply them in does not matter, and what they return
 * is not needed; decorators that replace a class or a descriptor are not supported.
 */
export function lowerDecorators(source: string, file: string): string {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const removals: { start: number; end: number }[] = [];
  const insertions: { at: number; text: string }[] = [];
  const decoratorsOf = (node: ts.Node): readonly ts.Decorator[] =>
    (ts.canHaveDecorators(node) ? ts.getDecorators(node) : undefined) ?? [];
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node) && node.name) {
      const cls = node.name.text;
      const calls: string[] = [];
      const take = (target: ts.Node, args: string) => {
        for (const d of decoratorsOf(target)) {
          removals.push(removalRange(source, d.getStart(sf), d.end));
          calls.push(`${d.expression.getText(sf)}(${args});`);
        }
      };
      take(node, cls);
      for (const member of node.members) {
        if (ts.isConstructorDeclaration(member)) {
          for (const [i, p] of member.parameters.entries()) take(p, `${cls}, undefined, ${i}`);
          continue;
        }
        const decorated =
          decoratorsOf(member).length > 0 ||
          (ts.isMethodDeclaration(member) && member.parameters.some((p) => decoratorsOf(p).length > 0));
        if (!decorated) continue;
        if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name) || isStatic(member)) {
          throw new Error(
            `${file}: decorators are supported on classes, constructor parameters, instance methods and their parameters`,
          );
        }
        const proto = `${cls}.prototype`;
        const key = JSON.stringify(member.name.text);
        take(member, `${proto}, ${key}, Object.getOwnPropertyDescriptor(${proto}, ${key})`);
        for (const [i, p] of member.parameters.entries()) take(p, `${proto}, ${key}, ${i}`);
      }
      if (calls.length > 0) insertions.push({ at: node.end, text: `\n${calls.join("\n")}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (insertions.length === 0) return source;
  const edits = [
    ...removals.map((r) => ({ ...r, text: "" })),
    ...insertions.map((i) => ({ start: i.at, end: i.at, text: i.text })),
  ].sort((x, y) => y.start - x.start);
  let out = source;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  // The note joins the file's opening comment, or opens the file.
  const header = /^(?:\/\/.*\n)*/.exec(out)?.[0] ?? "";
  return `${header}${header ? "//\n" : ""}${DECORATOR_NOTE}\n${out.slice(header.length)}`;
}

const DECORATOR_NOTE =
  "// Nest's decorators are applied as plain calls after each class (what `@Decorator()` compiles to),\n" +
  "// so this file runs on Node without a compiler.";

/** A decorator alone on its line goes with its line; one inline (a parameter's) with the space after it. */
function removalRange(source: string, start: number, end: number): { start: number; end: number } {
  const lineStart = source.lastIndexOf("\n", start - 1) + 1;
  const lineEnd = source.indexOf("\n", end);
  const before = source.slice(lineStart, start);
  const after = source.slice(end, lineEnd < 0 ? source.length : lineEnd);
  if (before.trim() === "" && after.trim() === "")
    return { start: lineStart, end: lineEnd < 0 ? end : lineEnd + 1 };
  return { start, end: source[end] === " " ? end + 1 : end };
}

function isStatic(member: ts.ClassElement): boolean {
  return (
    ts.canHaveModifiers(member) &&
    (ts.getModifiers(member) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword)
  );
}

const TYPE_DECLARATION = /^\s*(export\s+)?(declare\s+)?(interface|type|abstract class)\b/;

function isCommentLine(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.startsWith("//") || trimmed.startsWith("/*") || trimmed.startsWith("*");
}

function format(code: string, file: string): string {
  const biome = join(repoRoot, "node_modules", "@biomejs", "biome", "bin", "biome");
  const result = spawnSync(
    process.execPath,
    [biome, "format", `--stdin-file-path=${file.split("/").pop()}`],
    {
      cwd: repoRoot,
      input: code,
      encoding: "utf8",
    },
  );
  if (result.status !== 0) throw new Error(`Biome could not format ${file}:\n${result.stderr}`);
  return result.stdout;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === "node_modules" || entry === "dist") continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      for (const inner of listFiles(path)) out.push(`${entry}/${inner}`);
    } else {
      out.push(relative(dir, path).split(sep).join("/"));
    }
  }
  return out.sort();
}

function write(path: string, contents: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, contents);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const manifest = buildTemplates();
  console.log(
    `Templates built for ${Object.keys(manifest.frameworks).join(", ")} in ${relative(repoRoot, defaultOut)}`,
  );
}
