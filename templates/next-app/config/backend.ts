// SuperTokens for this Next.js app: initialised once per server process, on the first request that needs it
// (instrumentation.ts has already checked the settings when the server started).
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
    // SuperTokens' own routes live in app/api/auth/[[...path]]/route.ts, hence /api/auth unless API_BASE_PATH says.
    const { migration, server } = readConfig({ API_BASE_PATH: "/api/auth", ...process.env });
    supertokens.init({
      framework: "custom",
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

// CORS, for a website on another origin than this app: only your site may call these routes with credentials, and
// it may send SuperTokens' own headers. Same-origin pages need none of it.
function corsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get("origin");
  if (origin === null || !ensureSuperTokensInit().allowedOrigins.includes(origin)) return { vary: "origin" };
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-credentials": "true",
    vary: "origin",
  };
}

export function withCors(request: Request, response: Response): Response {
  for (const [name, value] of Object.entries(corsHeaders(request))) response.headers.set(name, value);
  return response;
}

export function preflight(request: Request): Response {
  const headers = corsHeaders(request);
  if (headers["access-control-allow-origin"] !== undefined) {
    headers["access-control-allow-methods"] = "GET, POST, PUT, DELETE, OPTIONS";
    headers["access-control-allow-headers"] = ["content-type", ...supertokens.getAllCORSHeaders()].join(", ");
    headers["access-control-max-age"] = "600";
  }
  return new Response(null, { status: 204, headers });
}
