// `npm run dev:auth0`: runs the development Auth0 tenant until Ctrl-C. PORT (default 4000) and HOST
// ("localhost" or "127.0.0.1", default "localhost" so a demo app on localhost shares the site for silent login).
import { startAuth0Tenant } from "./index.js";
import { FIXED_USERS } from "./users.js";

const port = Number(process.env.PORT ?? 4000);
const host = process.env.HOST ?? "localhost";
if (host !== "localhost" && host !== "127.0.0.1") {
  console.error(`HOST must be "localhost" or "127.0.0.1" (got "${host}")`);
  process.exit(2);
}

let tenant: Awaited<ReturnType<typeof startAuth0Tenant>>;
try {
  tenant = await startAuth0Tenant({ port, host });
} catch (err) {
  console.error(`Could not start the development Auth0 tenant: ${(err as Error).message}`);
  process.exit(1);
}

console.log(`Development Auth0 tenant (never for production) at ${tenant.url}
  issuer     ${tenant.issuer}
  domain     ${tenant.url}   (auth0-spa-js \`domain\`)
  client id  ${tenant.clientId}
  audience   ${tenant.audience}
  users      ${FIXED_USERS.map((u) => u.sub).join(", ")} (or type any name on the login form)
Press Ctrl-C to stop.`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the development Auth0 tenant.`);
  await tenant.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
