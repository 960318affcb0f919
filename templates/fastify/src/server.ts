import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import cors from "@fastify/cors";
import Fastify, { type FastifyError, type FastifyRequest } from "fastify";
import supertokens from "supertokens-node";
import {
  errorHandler,
  type SessionRequest,
  plugin as supertokensPlugin,
} from "supertokens-node/framework/fastify";
import Session, { type SessionContainer } from "supertokens-node/recipe/session";
import { verifySession } from "supertokens-node/recipe/session/framework/fastify";
import { configOrExit, readConfig } from "./session-migration/config.js";
import { sessionMigrationPlugin } from "./session-migration/fastify.js";
import { createSessionMigration } from "./session-migration/migrate-session.js";

// Values already in the environment win over the .env file.
if (existsSync(".env")) process.loadEnvFile(".env");
const { migration, server } = configOrExit(() => readConfig(process.env));

supertokens.init({
  framework: "fastify",
  supertokens: { connectionURI: server.connectionURI, apiKey: server.apiKey },
  appInfo: {
    appName: "{{projectName}}",
    apiDomain: server.apiDomain,
    apiBasePath: server.apiBasePath,
    websiteDomain: server.websiteDomain,
  },
  recipeList: [Session.init()],
});

const app = Fastify();

// Only your site may call this API with credentials, and it may send SuperTokens' own headers.
await app.register(cors, {
  origin: migration.allowedOrigins,
  allowedHeaders: ["content-type", ...supertokens.getAllCORSHeaders()],
  credentials: true,
});
// SuperTokens' own routes under API_BASE_PATH (session refresh, sign-out).
await app.register(supertokensPlugin);

// POST <route> with { "access_token": "<Auth0 access token>" }.
const migrationRoute = "{{route}}";
await app.register(sessionMigrationPlugin, {
  migration: createSessionMigration(migration),
  path: migrationRoute,
});

// Who am I? Answers 401 without a valid SuperTokens session; handy to check a migration worked.
app.get("/session", { preHandler: verifySession<FastifyRequest>() }, async (request) => {
  // verifySession() has already answered 401 when there is no session.
  const session = (request as SessionRequest).session as SessionContainer;
  return { userId: session.getUserId(), accessTokenPayload: session.getAccessTokenPayload() };
});

const supertokensErrors = errorHandler();
app.setErrorHandler(async (error: FastifyError, request, reply) => {
  if (Session.Error.isErrorFromSuperTokens(error)) {
    await supertokensErrors(error, request, reply);
    return reply;
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return reply.code(status).send({ status: "BAD_REQUEST", message: error.message });
  }
  // Anything else that went wrong: log it here, never send a stack trace to the browser.
  console.error(error);
  return reply.code(500).send({ status: "INTERNAL_ERROR", message: "Something went wrong." });
});

// Without HOST, listen on every interface, as most hosting platforms expect (Fastify's own default is localhost).
try {
  await app.listen({ port: server.port, host: server.host ?? "0.0.0.0" });
} catch (error) {
  console.error(`Could not listen on port ${server.port}: ${(error as Error).message}`);
  process.exit(1);
}
const { address, port } = app.server.address() as AddressInfo;
const host = address.includes(":") ? `[${address}]` : address;
console.log(`Listening on http://${host}:${port}${migrationRoute}`);
