// Shared helpers for the dev SuperTokens core tests: a raw CDI client, an Express 5 app wired with
// supertokens-node 24, and a tiny cookie/header-token client that talks to it like a browser would.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import supertokens from "supertokens-node";
import { errorHandler, middleware } from "supertokens-node/framework/express";
import Session from "supertokens-node/recipe/session";
import { verifySession } from "supertokens-node/recipe/session/framework/express";
import type { NetworkInterceptor } from "supertokens-node/types";

export interface CdiResponse {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
  text: string;
}

/** Calls the core the way supertokens-node does (cdi-version, rid, api-key headers). */
export async function cdi(
  connectionURI: string,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; apiKey?: string; headers?: Record<string, string> } = {},
): Promise<CdiResponse> {
  const headers: Record<string, string> = { "cdi-version": "5.4", ...options.headers };
  if (options.apiKey !== undefined) headers["api-key"] = options.apiKey;
  if (path.includes("/recipe/session")) headers.rid = "session";
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers["content-type"] = "application/json; charset=utf-8";
  const res = await fetch(connectionURI + path, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  const contentType = res.headers.get("content-type") ?? "";
  let parsed: Record<string, unknown> = {};
  if (contentType.startsWith("application/json")) parsed = JSON.parse(text) as Record<string, unknown>;
  return { status: res.status, contentType, body: parsed, text };
}

export function decodeJwt(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const [header, payload] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(header ?? "", "base64url").toString("utf8")) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as Record<string, unknown>,
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** supertokens.init (once per process) with the Session recipe against `connectionURI`. */
export function initSupertokens(options: {
  connectionURI: string;
  apiKey?: string;
  networkInterceptor?: NetworkInterceptor;
}): void {
  supertokens.init({
    framework: "express",
    supertokens: {
      connectionURI: options.connectionURI,
      ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
      ...(options.networkInterceptor === undefined ? {} : { networkInterceptor: options.networkInterceptor }),
    },
    appInfo: {
      appName: "dev-core-test",
      apiDomain: "http://localhost:3001",
      websiteDomain: "http://localhost:3000",
      apiBasePath: "/auth",
    },
    recipeList: [Session.init()],
    telemetry: false,
  });
}

export interface TestApp {
  url: string;
  stop(): Promise<void>;
}

/**
 * Express 5 app: POST /login {userId, payload?} creates a session (transfer method from `st-auth-mode`),
 * GET /protected (local JWT verification), GET /protected-strict (checkDatabase: true), plus the SDK's own
 * /auth/session/refresh and /auth/signout.
 */
export async function startApp(): Promise<TestApp> {
  const app = express();
  app.use(middleware());
  app.use(express.json());
  app.post("/login", async (req, res, next) => {
    try {
      const { userId, payload } = req.body as { userId: string; payload?: Record<string, unknown> };
      const session = await Session.createNewSession(
        req,
        res,
        "public",
        supertokens.convertToRecipeUserId(userId),
        payload ?? {},
      );
      res.json({
        userId: session.getUserId(),
        recipeUserId: session.getRecipeUserId().getAsString(),
        handle: session.getHandle(),
      });
    } catch (error) {
      next(error);
    }
  });
  const reply = (req: express.Request, res: express.Response) => {
    const session = (req as express.Request & { session?: Session.SessionContainer }).session;
    res.json({
      userId: session?.getUserId(),
      recipeUserId: session?.getRecipeUserId().getAsString(),
      handle: session?.getHandle(),
      payload: session?.getAccessTokenPayload(),
    });
  };
  app.get("/protected", verifySession(), reply);
  app.get("/protected-strict", verifySession({ checkDatabase: true }), reply);
  app.use(errorHandler());
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ message: error instanceof Error ? error.message : String(error) });
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface Cookie {
  value: string;
  path: string;
}

export interface ClientResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/**
 * A browser-like client of the test app. Cookie mode keeps the cookies the SDK sets (honouring Path, so
 * sRefreshToken only goes to the refresh endpoint); header mode keeps st-access-token / st-refresh-token and
 * sends them as `Authorization: Bearer`.
 */
export class Client {
  readonly mode: "cookie" | "header";
  readonly baseUrl: string;
  readonly cookies = new Map<string, Cookie>();
  accessToken: string | undefined;
  refreshToken: string | undefined;

  constructor(baseUrl: string, mode: "cookie" | "header") {
    this.baseUrl = baseUrl;
    this.mode = mode;
  }

  async request(method: string, path: string, body?: unknown): Promise<ClientResponse> {
    const headers: Record<string, string> = { "st-auth-mode": this.mode };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.mode === "cookie") {
      const cookie = [...this.cookies.entries()]
        .filter(([, c]) => path.startsWith(c.path))
        .map(([name, c]) => `${name}=${c.value}`)
        .join("; ");
      if (cookie !== "") headers.cookie = cookie;
    } else {
      const token = path === "/auth/session/refresh" ? this.refreshToken : this.accessToken;
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
    }
    const res = await fetch(this.baseUrl + path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    this.#store(res.headers);
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
    } catch {
      parsed = { text };
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }

  /** The access token currently held (cookie or header mode). */
  currentAccessToken(): string | undefined {
    return this.mode === "cookie" ? this.cookies.get("sAccessToken")?.value : this.accessToken;
  }

  currentRefreshToken(): string | undefined {
    return this.mode === "cookie" ? this.cookies.get("sRefreshToken")?.value : this.refreshToken;
  }

  /** Replaces the held refresh token (to replay an old one). */
  setRefreshToken(token: string): void {
    if (this.mode === "cookie")
      this.cookies.set("sRefreshToken", { value: token, path: "/auth/session/refresh" });
    else this.refreshToken = token;
  }

  setAccessToken(token: string): void {
    if (this.mode === "cookie") this.cookies.set("sAccessToken", { value: token, path: "/" });
    else this.accessToken = token;
  }

  #store(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = decodeURIComponent(pair.slice(eq + 1));
      let path = "/";
      let expired = value === "";
      for (const attribute of attributes) {
        const [key = "", val = ""] = attribute.split("=");
        if (key.toLowerCase() === "path") path = val;
        if (key.toLowerCase() === "expires" && Date.parse(val) < Date.now()) expired = true;
        if (key.toLowerCase() === "max-age" && Number(val) <= 0) expired = true;
      }
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
    const access = headers.get("st-access-token");
    if (access !== null) this.accessToken = access === "" ? undefined : access;
    const refresh = headers.get("st-refresh-token");
    if (refresh !== null) this.refreshToken = refresh === "" ? undefined : refresh;
  }
}
