// Makes sure a Chromium exists for the browser tests: CHROME_PATH, else Debian's /usr/bin/chromium.
// As root with apt-get it installs Debian's package; otherwise it says in one line how to get one.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const path = process.env.CHROME_PATH || "/usr/bin/chromium";
if (existsSync(path)) process.exit(0);
if (process.env.CHROME_PATH) {
  console.error(`CHROME_PATH=${path} does not exist; point it at a Chromium or Chrome binary.`);
  process.exit(1);
}
const isRoot = process.getuid?.() === 0;
const hasApt = existsSync("/usr/bin/apt-get");
if (!isRoot || !hasApt) {
  console.error(
    "No Chromium found: install Debian's package (sudo apt-get install -y chromium) or set CHROME_PATH.",
  );
  process.exit(1);
}
console.log("Installing Debian's chromium for the browser tests (apt-get install -y chromium)...");
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
if (!existsSync(path)) {
  console.error(`apt-get finished but ${path} is still missing.`);
  process.exit(1);
}
