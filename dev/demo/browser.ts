// Driving the demo in headless Chromium (playwright-core, the system's Chromium): shared by the screenshot script,
// the end-to-end tests and the benchmark.
import { type Browser, chromium, type Page } from "playwright-core";

export function launchChromium(): Promise<Browser> {
  const args = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
  ];
  if (process.getuid?.() === 0) args.push("--no-sandbox");
  return chromium.launch({
    executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
    headless: true,
    args,
  });
}

/**
 * Does what a person does: opens the demo (with optional variant query), clicks "Sign in with Auth0", types a user
 * name on the tenant's login page and submits. Resolves once the browser is back on the site.
 */
export async function signInAsPerson(page: Page, siteUrl: string, user: string, query = ""): Promise<void> {
  const site = new URL(siteUrl).origin;
  await page.goto(`${site}/${query}`);
  await page.waitForSelector("body[data-state]:not([data-state=loading])");
  await Promise.all([page.waitForURL((url) => url.pathname.startsWith("/login/")), page.click("#sign-in")]);
  await page.fill("#user", user);
  await Promise.all([
    page.waitForURL((url) => url.origin === site && !url.searchParams.has("code")),
    page.click("button.primary"),
  ]);
}

/** Waits for the page's final demo state (signed-in, error, auth0, signed-out) and returns it. */
export async function settledState(page: Page, timeout = 20_000): Promise<string> {
  const handle = await page.waitForFunction(
    () => {
      const s = document.body.dataset.state;
      const events = window.__migratorEvents ?? [];
      const ended = events.some((e) => e.type !== "auth0-migration-start");
      return ended && s && s !== "loading" && s !== "migrating" ? s : false;
    },
    undefined,
    { timeout },
  );
  return (await handle.jsonValue()) as string;
}
