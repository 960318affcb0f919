// Development stand-in for a SuperTokens core: an in-memory HTTP server speaking the Core Driver Interface 5.4
// subset that supertokens-node 24 uses for sessions. NOT for production: production uses a real SuperTokens
// core (self-hosted or managed). See README.md for what is implemented and what is not.
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HttpError, isJsonObject, type JsonObject } from "./input.js";
import { SigningKeys } from "./keys.js";
import { buildRoutes, CDI_VERSIONS, type Route } from "./routes.js";
import { CoreState, DEFAULT_TENANT, type SessionView } from "./state.js";

export type { SessionView } from "./state.js";

export interface SupertokensCoreOptions {
  /** Default 0 (random); `npm run dev:core` uses PORT or 3567. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** When set, every CDI call must carry this `api-key` header (several keys may be given comma-separated). */
  apiKey?: string;
  /** Seconds, default 3600. Fractions allowed (tests use 1-2 s tokens). */
  accessTokenValidity?: number;
  /** Seconds, default 100 days. */
  refreshTokenValidity?: number;
  /** Called with one line per request ("POST /recipe/session 200 3ms"); default: silent. */
  log?: (line: string) => void;
}

export interface SupertokensCore {
  /** "http://127.0.0.1:<port>" (IPv6 hosts are bracketed). */
  connectionURI: string;
  port: number;
  stop(): Promise<void>;
  /** Seconds; applies to access tokens minted from now on. */
  setAccessTokenValidity(seconds: number): void;
  /**
   * Sessions for tests: live sessions, then ended ones (revoked, token theft, expired; the latest 1000) flagged
   * `revoked: true` with a `revokedReason`. Filter with `!s.revoked` for live sessions only.
   */
  sessions(): SessionView[];
  /**
   * Dev-only: creates a SuperTokens user (an emailpassword-like user with no password) so that user-id
   * mappings can be created, as a real core requires an existing user. Also: POST /dev-only/users.
   */
  createUser(options?: { email?: string }): { id: string };
  readonly stats: { requests: number; byPath: Record<string, number> };
}

const MAX_BODY_BYTES = 1024 * 1024;
const DAY = 24 * 60 * 60;

function positiveSeconds(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(
      `startSupertokensCore: ${name} must be a positive number of seconds, got ${String(value)}`,
    );
  }
  return value;
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

async function readJsonBody(req: IncomingMessage): Promise<JsonObject> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_BODY_BYTES)
    throw new HttpError(413, `Request body is larger than ${MAX_BODY_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES)
      throw new HttpError(413, `Request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") throw new HttpError(400, "Invalid JSON input: the request body is empty");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, "Invalid JSON input: the request body is not valid JSON");
  }
  if (!isJsonObject(parsed))
    throw new HttpError(400, "Invalid JSON input: the request body must be a JSON object");
  return parsed;
}

interface Resolved {
  route?: Route;
  /** Routes at this path with other methods (for 405). */
  allowed: string[];
  path: string;
  tenantId: string;
  tenantInPath: boolean;
  appId?: string;
}

function resolve(routes: Route[], method: string, pathname: string): Resolved {
  const segments = pathname.split("/").filter((s) => s !== "");
  let appId: string | undefined;
  if (segments[0]?.startsWith("appid-")) appId = segments.shift()?.slice("appid-".length);
  const candidates: { path: string; tenantId: string; tenantInPath: boolean }[] = [
    { path: `/${segments.join("/")}`, tenantId: DEFAULT_TENANT, tenantInPath: false },
  ];
  if (segments.length >= 2) {
    candidates.push({
      path: `/${segments.slice(1).join("/")}`,
      tenantId: segments[0] ?? "",
      tenantInPath: true,
    });
  }
  for (const candidate of candidates) {
    const atPath = routes.filter(
      (r) => r.path === candidate.path && !(r.devOnly && (appId !== undefined || candidate.tenantInPath)),
    );
    if (atPath.length > 0) {
      const route = atPath.find((r) => r.method === method);
      return { ...candidate, route, allowed: atPath.map((r) => r.method), appId };
    }
  }
  return { path: pathname, tenantId: DEFAULT_TENANT, tenantInPath: false, allowed: [], appId };
}

export async function startSupertokensCore(options: SupertokensCoreOptions = {}): Promise<SupertokensCore> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`startSupertokensCore: port must be an integer 0-65535, got ${String(options.port)}`);
  }
  const host = options.host ?? "127.0.0.1";
  const accessTokenValidity = positiveSeconds(options.accessTokenValidity, "accessTokenValidity", 3600);
  const refreshTokenValidity = positiveSeconds(
    options.refreshTokenValidity,
    "refreshTokenValidity",
    100 * DAY,
  );
  if (options.apiKey !== undefined && (typeof options.apiKey !== "string" || options.apiKey.trim() === "")) {
    throw new TypeError("startSupertokensCore: apiKey must be a non-empty string when given");
  }
  const apiKeyDigests = options.apiKey
    ?.split(",")
    .map((k) => k.trim())
    .filter((k) => k !== "")
    .map(digest);
  const log = options.log;

  const keys = await SigningKeys.create();
  const state = new CoreState(keys, {
    accessTokenValidityMs: accessTokenValidity * 1000,
    refreshTokenValidityMs: refreshTokenValidity * 1000,
  });
  const routes = buildRoutes(state, keys);
  const stats = { requests: 0, byPath: {} as Record<string, number> };

  function apiKeyProblem(req: IncomingMessage): string | undefined {
    if (apiKeyDigests === undefined) return undefined;
    const given = req.headers["api-key"];
    if (typeof given !== "string" || given === "") {
      return "Invalid API key: this core requires an `api-key` header (set apiKey in supertokens.init)";
    }
    const givenDigest = digest(given);
    const ok = apiKeyDigests.some((d) => timingSafeEqual(d, givenDigest));
    return ok
      ? undefined
      : "Invalid API key: the `api-key` header does not match the key this core was started with";
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://core.invalid");
    } catch {
      throw new HttpError(400, "Malformed request URL");
    }
    const resolved = resolve(routes, method, url.pathname);
    stats.requests++;
    const statsKey = resolved.allowed.length > 0 ? resolved.path : url.pathname.slice(0, 200);
    stats.byPath[statsKey] = (stats.byPath[statsKey] ?? 0) + 1;
    const route = resolved.route;
    if (route === undefined) {
      if (resolved.allowed.length > 0) {
        res.setHeader("allow", resolved.allowed.join(", "));
        throw new HttpError(405, `Method ${method} is not supported on ${resolved.path}`);
      }
      throw new HttpError(
        404,
        `Not found: ${method} ${url.pathname} is not an endpoint of this development core`,
      );
    }
    if (!route.open) {
      const problem = apiKeyProblem(req);
      if (problem !== undefined) throw new HttpError(401, problem);
    }
    if (
      (resolved.appId !== undefined && resolved.appId !== "public") ||
      resolved.tenantId !== DEFAULT_TENANT
    ) {
      throw new HttpError(
        400,
        `AppId or tenantId not found: this development core has only the app "public" with the tenant "public" ` +
          `(got app "${resolved.appId ?? "public"}", tenant "${resolved.tenantId}")`,
      );
    }
    const cdiVersion = req.headers["cdi-version"];
    if (
      !route.open &&
      !route.devOnly &&
      typeof cdiVersion === "string" &&
      !CDI_VERSIONS.includes(cdiVersion)
    ) {
      throw new HttpError(
        400,
        `cdi-version ${cdiVersion} not supported (this core speaks ${CDI_VERSIONS.join(", ")})`,
      );
    }
    const body = method === "POST" || method === "PUT" ? await readJsonBody(req) : {};
    const result = await route.handle({
      tenantId: resolved.tenantId,
      tenantInPath: resolved.tenantInPath,
      query: url.searchParams,
      body,
    });
    if (route.text) sendText(res, 200, String(result));
    else sendJson(res, 200, result);
  }

  const server = createServer((req, res) => {
    const started = Date.now();
    res.on("finish", () => log?.(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`));
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        sendJson(res, error.status, { message: error.message });
      } else {
        console.error("[dev supertokens core] internal error:", error);
        sendJson(res, 500, { message: "Internal error in the development SuperTokens core" });
      }
    });
  });
  server.on("clientError", (_error, socket) => {
    const body = JSON.stringify({ message: "Malformed HTTP request" });
    if (socket.writable) {
      socket.end(
        "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\n" +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once("error", rejectListen);
    server.listen(port, host, () => {
      server.off("error", rejectListen);
      resolveListen();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const uriHost = host.includes(":") ? `[${host}]` : host;
  let stopping: Promise<void> | undefined;

  return {
    connectionURI: `http://${uriHost}:${actualPort}`,
    port: actualPort,
    stats,
    stop() {
      stopping ??= new Promise<void>((resolveStop) => {
        server.close(() => resolveStop());
        server.closeAllConnections();
      });
      return stopping;
    },
    setAccessTokenValidity(seconds: number) {
      state.setAccessTokenValidity(positiveSeconds(seconds, "accessTokenValidity", 3600) * 1000);
    },
    sessions: () => state.sessions(),
    createUser(createOptions = {}) {
      const user = state.createUser(createOptions.email === undefined ? {} : { email: createOptions.email });
      return { id: String(user.id) };
    },
  };
}
