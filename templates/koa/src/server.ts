import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import cors from "@koa/cors";
import Router from "@koa/router";
import Koa from "koa";
import supertokens from "supertokens-node";
import { middleware, type SessionContext } from "supertokens-node/framework/koa";
import Session, { type SessionContainer } from "supertokens-node/recipe/session";
import { verifySession } from "supertokens-node/recipe/session/framework/koa";
import { configOrExit, readConfig } from "./session-migration/config.js";
import { sessionMigrationRouter } from "./session-migration/koa.js";
import { createSessionMigration } from "./session-migration/migrate-session.js";

// Values already in the environment win over the .env file.
if (existsSync(".env")) process.loadEnvFile(".env");
const { migration, server } = configOrExit(() => readConfig(process.env));

supertokens.init({
  framework: "koa",
  supertokens: { connectionURI: server.connectionURI, apiKey: server.apiKey },
  appInfo: {
    appName: "{{projectName}}",
    apiDomain: server.apiDomain,
    apiBasePath: server.apiBasePath,
    websiteDomain: server.websiteDomain,
  },
  recipeList: [Session.init()],
});

const app = new Koa();
// An https API_DOMAIN in front of this plain-http server means a proxy terminates TLS: trust its X-Forwarded-Proto, or
// Koa refuses to set SuperTokens' Secure cookies.
app.proxy = server.apiDomain.startsWith("https://");

// Anything that went wrong further down: log it here, never send a stack trace to the browser.
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      ctx.status = status;
      ctx.body = { status: "BAD_REQUEST", message: "The request was not accepted." };
      return;
    }
    console.error(error);
    ctx.status = 500;
    ctx.body = { status: "INTERNAL_ERROR", message: "Something went wrong." };
  }
});

// Only your site may call this API with credentials, and it may send SuperTokens' own headers.
app.use(
  cors({
    origin: (ctx) => (migration.allowedOrigins.includes(ctx.get("origin")) ? ctx.get("origin") : ""),
    allowHeaders: ["content-type", ...supertokens.getAllCORSHeaders()],
    credentials: true,
  }),
);
// SuperTokens' own routes under API_BASE_PATH (session refresh, sign-out).
app.use(middleware());

// POST <route> with { "access_token": "<Auth0 access token>" }.
const migrationRoute = "{{route}}";
const migrationRouter = sessionMigrationRouter(createSessionMigration(migration), migrationRoute);
app.use(migrationRouter.routes()).use(migrationRouter.allowedMethods());

// Who am I? Answers 401 without a valid SuperTokens session; handy to check a migration worked.
const router = new Router();
router.get("/session", verifySession(), (ctx: SessionContext) => {
  // verifySession() has already answered 401 when there is no session.
  const session = ctx.session as SessionContainer;
  ctx.body = { userId: session.getUserId(), accessTokenPayload: session.getAccessTokenPayload() };
});
app.use(router.routes()).use(router.allowedMethods());

// Without HOST, Node listens on every interface, as most hosting platforms expect.
const listener = app.listen({ port: server.port, host: server.host }, () => {
  const { address, port } = listener.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  console.log(`Listening on http://${host}:${port}${migrationRoute}`);
});
listener.on("error", (error) => {
  console.error(`Could not listen on port ${server.port}: ${error.message}`);
  process.exit(1);
});
