// `npm run bench`: runs every benchmark (or those named on the command line: element, endpoint, cli, e2e) and prints
// each one's figures beside the baseline it measured in the same run. Benchmarks never assert on time.
import { existsSync } from "node:fs";

const all = ["element", "endpoint", "cli", "e2e"];
const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : all;

for (const name of wanted) {
  if (!all.includes(name)) {
    console.error(`Unknown benchmark "${name}". Available: ${all.join(", ")}`);
    process.exit(2);
  }
}

for (const name of wanted) {
  const file = new URL(`./${name}/run.ts`, import.meta.url);
  if (!existsSync(file)) {
    console.log(`\n== ${name}: not written yet`);
    continue;
  }
  console.log(`\n== ${name}`);
  const mod = (await import(file.href)) as { run: () => Promise<void> };
  await mod.run();
}
