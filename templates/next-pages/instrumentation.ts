// Runs once when the server starts: a bad setting stops it here with one line, instead of failing every request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { configOrExit, readConfig } = await import("./lib/session-migration/config");
  configOrExit(() => readConfig(process.env));
  // `next start` has set PORT to the port it listens on.
  const origin = `http://${process.env.HOST ?? "localhost"}:${process.env.PORT ?? "3000"}`;
  // The migration route, through the rewrite in next.config (it also answers at /api/migrate-session).
  console.log(`Listening on ${origin}{{route}}`);
}
