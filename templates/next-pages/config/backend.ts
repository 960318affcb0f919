// SuperTokens for this Next.js app: initialised once per server process, on the first request that needs it
// (instrumentation.ts has already checked the settings when the server started).
import type { NextApiRequest, NextApiResponse } from "next";
import supertokens from "supertokens-node";
import Session from "supertokens-node/recipe/session";
import { readConfig } from "../lib/session-migration/config";
import { createSessionMigration, type SessionMigration } from "../lib/session-migration/migrate-session";

interface Backend {
  migration: SessionMigration;
  allowedOrigins: string[];
}

let backendState: Backend | undefined;

export function ensureSuperTokensInit(): Backend {
  if (backendState === undefined) {
    // SuperTokens' own routes live in pages/api/auth/[[...path]].ts, hence /api/auth unless API_BASE_PATH says.
    const { migration, server } = readConfig({ API_BASE_PATH: "/api/auth", ...process.env });
    supertokens.init({
      // API routes get Node's request and response, which SuperTokens' Express support understands.
      framework: "express",
      isInServerlessEnv: true,
      supertokens: { connectionURI: server.connectionURI, apiKey: server.apiKey },
      appInfo: {
        appName: "{{projectName}}",
        apiDomain: server.apiDomain,
        apiBasePath: server.apiBasePath,
        websiteDomain: server.websiteDomain,
      },
      recipeList: [Session.init()],
    });
    backendState = { migration: createSessionMigration(migration), allowedOrigins: migration.allowedOrigins };
  }
  return backendState;
}

/**
 * CORS, for a website on another origin than this app: only your site may call these routes with credentials, and
 * it may send SuperTokens' own headers. Same-origin pages need none of it. Returns true when it answered a preflight.
 */
export function handleCors(req: NextApiRequest, res: NextApiResponse): boolean {
  const origin = req.headers.origin;
  const allowed = origin !== undefined && ensureSuperTokensInit().allowedOrigins.includes(origin);
  res.setHeader("vary", "origin");
  if (allowed) {
    res.setHeader("access-control-allow-origin", origin);
    res.setHeader("access-control-allow-credentials", "true");
  }
  if (req.method !== "OPTIONS") return false;
  if (allowed) {
    res.setHeader("access-control-allow-methods", "GET, POST, PUT, DELETE, OPTIONS");
    res.setHeader(
      "access-control-allow-headers",
      ["content-type", ...supertokens.getAllCORSHeaders()].join(", "),
    );
    res.setHeader("access-control-max-age", "600");
  }
  res.status(204).end();
  return true;
}
