// `npm run demo:screenshot [-- <path>]`: runs the demo on free ports, signs in as a person would, waits for the
// migration and writes a screenshot (default docs/demo.png).
import { resolve } from "node:path";
import { launchChromium, settledState, signInAsPerson } from "./browser.js";
import { DemoError, ROOT, startDemo } from "./orchestrate.js";

const target = resolve(process.argv[2] ?? `${ROOT}/docs/demo.png`);
const demo = await startDemo({
  ports: { site: 0, api: 0, tenant: 0, core: 0 },
  log: (l) => console.log(l),
}).catch((e: unknown) => {
  console.error(`demo:screenshot: ${e instanceof DemoError ? e.message : String(e)}`);
  process.exit(1);
});
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1120, height: 900 }, deviceScaleFactor: 1 });
  await signInAsPerson(page, demo.url, "alice");
  const state = await settledState(page);
  if (state !== "signed-in") throw new Error(`the demo ended in state "${state}", not signed-in`);
  // Stable pixels: no caret, no hover.
  await page.mouse.move(0, 0);
  await page.screenshot({ path: target, fullPage: true, animations: "disabled" });
  console.log(`Wrote ${target}`);
} finally {
  await browser.close();
  await demo.stop();
}
