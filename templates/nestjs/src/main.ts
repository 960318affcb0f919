import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { NestFactory } from "@nestjs/core";
import type { NestExpressApplication } from "@nestjs/platform-express";
import supertokens from "supertokens-node";
import { middleware } from "supertokens-node/framework/express";
import Session from "supertokens-node/recipe/session";
import { AppModule } from "./app.module.js";
import { configOrExit, readConfig } from "./session-migration/config.js";
import { createSessionMigration } from "./session-migration/migrate-session.js";
import { SupertokensExceptionFilter } from "./supertokens.filter.js";

// Values already in the environment win over the .env file.
if (existsSync(".env")) process.loadEnvFile(".env");
const { migration, server } = configOrExit(() => readConfig(process.env));

supertokens.init({
  framework: "express",
  supertokens: { connectionURI: server.connectionURI, apiKey: server.apiKey },
  appInfo: {
    appName: "{{projectName}}",
    apiDomain: server.apiDomain,
    apiBasePath: server.apiBasePath,
    websiteDomain: server.websiteDomain,
  },
  recipeList: [Session.init()],
});

// Nest's global JSON parser is off: the migration route parses its own body (application/json only, 16 KB). For
// routes you add, apply `express.json()` to their paths with a module's MiddlewareConsumer (`forRoutes`).
const app = await NestFactory.create<NestExpressApplication>(
  AppModule.register(createSessionMigration(migration)),
  { bodyParser: false },
);
// Only your site may call this API with credentials, and it may send SuperTokens' own headers.
app.enableCors({
  origin: migration.allowedOrigins,
  allowedHeaders: ["content-type", ...supertokens.getAllCORSHeaders()],
  credentials: true,
});
app.use(middleware());
app.useGlobalFilters(new SupertokensExceptionFilter());
app.enableShutdownHooks();

// Without HOST, Node listens on every interface, as most hosting platforms expect.
try {
  await (server.host === undefined ? app.listen(server.port) : app.listen(server.port, server.host));
} catch (error) {
  console.error(`Could not listen on port ${server.port}: ${(error as Error).message}`);
  process.exit(1);
}
const { address, port } = app.getHttpServer().address() as AddressInfo;
const host = address.includes(":") ? `[${address}]` : address;
console.log(`Listening on http://${host}:${port}{{route}}`);
