// `npm run dev:core`: runs the in-memory development SuperTokens core until Ctrl-C.
// Environment: PORT (default 3567), HOST (default 127.0.0.1), API_KEY (optional),
// ACCESS_TOKEN_VALIDITY (seconds, default 3600), QUIET=1 to stop logging requests.
import { startSupertokensCore } from "./index.js";

function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) {
    console.error(`${name} must be a number, got "${raw}"`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const apiKey = process.env.API_KEY === "" ? undefined : process.env.API_KEY;
  const accessTokenValidity = numberFromEnv("ACCESS_TOKEN_VALIDITY");
  const core = await startSupertokensCore({
    port: numberFromEnv("PORT") ?? 3567,
    host: process.env.HOST || "127.0.0.1",
    ...(apiKey === undefined ? {} : { apiKey }),
    ...(accessTokenValidity === undefined ? {} : { accessTokenValidity }),
    ...(process.env.QUIET === "1" ? {} : { log: (line: string) => console.log(`  ${line}`) }),
  });
  console.log("SuperTokens DEVELOPMENT core (in-memory, not for production) is running.");
  console.log(`connectionURI: ${core.connectionURI}`);
  console.log(apiKey === undefined ? "api-key: none required" : "api-key: required (from API_KEY)");
  if (!["127.0.0.1", "localhost", "::1"].includes(process.env.HOST || "127.0.0.1")) {
    console.warn(
      "WARNING: listening beyond loopback; this core has no persistence and is for development only.",
    );
  }
  console.log("Press Ctrl-C to stop.");

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the development core...`);
    core.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(
    `Could not start the development SuperTokens core: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
});
