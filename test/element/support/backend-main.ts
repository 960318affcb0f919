// A minimal SuperTokens backend for the element's integration test, run as a child process (supertokens.init is
// per process): Express + supertokens-node 24 against the dev core, with a /migrate-session route that verifies the
// Auth0 access token with jose against the dev tenant's JWKS and creates a session for its `sub`.
// Config comes from ELEMENT_BACKEND_CONFIG (JSON); prints {"port":N} once listening on 127.0.0.1.
import { createServer } from "node:http";
import cors from "cors";
import express, { type NextFunction, type Request, type Response } from "express";
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from "jose";
import supertokens from "supertokens-node";
import { errorHandler, middleware } from "supertokens-node/framework/express";
import Session from "supertokens-node/recipe/session";
import { verifySession } from "supertokens-node/recipe/session/framework/express";

interface Config {
  websiteOrigin: string;
  issuer: string;
  jwksUri: string;
  audience: string;
  connectionURI: string;
  host: string;
}

const config = JSON.parse(process.env.ELEMENT_BACKEND_CONFIG ?? "{}") as Config;
const server = createServer();
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address() as { port: number };

supertokens.init({
  framework: "express",
  supertokens: { connectionURI: config.connectionURI },
  appInfo: {
    appName: "element-integration",
    apiDomain: `http://${config.host}:${port}`,
    websiteDomain: config.websiteOrigin,
    apiBasePath: "/auth",
  },
  recipeList: [Session.init()],
});

const jwks = createRemoteJWKSet(new URL(config.jwksUri), { timeoutDuration: 3000 });

const reply = (
  res: Response,
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) => {
  res.status(status).set(headers).json(body);
};

const app = express();
app.use(
  cors({
    origin: config.websiteOrigin,
    allowedHeaders: ["content-type", ...supertokens.getAllCORSHeaders()],
    credentials: true,
  }),
);
// What reached this backend (not preflights), for the test to check the SDK's requests: GET /test-log.
const requestLog: Array<{ method: string; path: string; status: number; start: number; end: number }> = [];
app.get("/test-log", (_req, res) => {
  res.json(requestLog);
});
app.use((req, res, next) => {
  if (req.method !== "OPTIONS") {
    const entry = { method: req.method, path: req.path, status: 0, start: performance.now(), end: 0 };
    res.on("finish", () => {
      entry.status = res.statusCode;
      entry.end = performance.now();
      requestLog.push(entry);
    });
  }
  next();
});
app.use(middleware());

app.post("/migrate-session", express.json({ limit: "16kb", type: () => true }), async (req, res, next) => {
  try {
    if (!req.is("application/json"))
      return reply(res, 415, { status: "UNSUPPORTED_MEDIA_TYPE", message: "JSON only" });
    const token = (req.body as { access_token?: unknown } | undefined)?.access_token;
    if (typeof token !== "string" || !token)
      return reply(res, 400, { status: "BAD_REQUEST", message: "access_token" });
    let sub: string;
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer: config.issuer, audience: config.audience });
      if (typeof payload.sub !== "string") throw new Error("no sub");
      sub = payload.sub;
    } catch (e) {
      if (e instanceof joseErrors.JWKSTimeout || (e as { code?: string }).code === "ERR_JOSE_GENERIC") {
        return reply(
          res,
          503,
          { status: "AUTH0_UNAVAILABLE", message: "JWKS unavailable" },
          { "retry-after": "1" },
        );
      }
      return reply(res, 401, { status: "INVALID_TOKEN", message: "the access token is not valid" });
    }
    await Session.createNewSession(req, res, "public", supertokens.convertToRecipeUserId(sub));
    reply(res, 200, { status: "OK", message: "session created", userId: sub });
  } catch (e) {
    next(e);
  }
});

app.get("/me", verifySession(), (req, res) => {
  const session = (req as Request & { session?: { getUserId(): string } }).session;
  res.json({ userId: session?.getUserId() });
});

app.use(errorHandler());
app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
  console.error("element backend:", err);
  reply(res, 500, { status: "INTERNAL_ERROR", message: "internal error" });
});

server.on("request", app);
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.on("SIGTERM", () => server.close(() => process.exit(0)));
