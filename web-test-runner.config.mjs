// Browser tests: @web/test-runner on Debian's Chromium (CHROME_PATH, else /usr/bin/chromium), one page at a time.
// Run through `npm run test:browser`, which loads tsx so the server-side commands below can be TypeScript.
import { readdirSync } from "node:fs";
import { esbuildPlugin } from "@web/dev-server-esbuild";
import { chromeLauncher } from "@web/test-runner-chrome";

const commandsDir = new URL("./test/browser/commands/", import.meta.url);

/**
 * Server commands for browser tests (`executeServerCommand(name, payload)`): every module in
 * test/browser/commands exports `commands` (name -> handler) and may export `stopAll()`.
 */
async function loadCommandModules() {
  const files = readdirSync(commandsDir)
    .filter((f) => f.endsWith(".ts"))
    .sort();
  return Promise.all(files.map((f) => import(new URL(f, commandsDir).href)));
}

function serverCommandsPlugin() {
  let modules = [];
  return {
    name: "server-commands",
    async serverStart() {
      modules = await loadCommandModules();
    },
    async serverStop() {
      await Promise.allSettled(modules.map((m) => m.stopAll?.()));
    },
    async executeCommand({ command, payload, session }) {
      for (const m of modules) {
        const handler = m.commands?.[command];
        if (handler) return (await handler(payload ?? {}, { session })) ?? null;
      }
      return undefined;
    },
  };
}

const isRoot = process.getuid?.() === 0;

export default {
  files: ["test/**/*.browser.test.ts", "!**/node_modules/**"],
  nodeResolve: { exportConditions: ["browser", "development"] },
  concurrency: 1,
  browserStartTimeout: 60000,
  testsStartTimeout: 60000,
  testsFinishTimeout: 180000,
  testFramework: { config: { timeout: 30000 } },
  plugins: [esbuildPlugin({ ts: true, target: "es2022", tsconfig: "tsconfig.json" }), serverCommandsPlugin()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
        headless: true,
        args: [
          ...(isRoot ? ["--no-sandbox"] : []),
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
        ],
      },
    }),
  ],
};
