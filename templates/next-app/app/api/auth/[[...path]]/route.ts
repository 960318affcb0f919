// SuperTokens' own routes under /api/auth (session refresh, sign-out, …).
import type { NextRequest } from "next/server";
import { getAppDirRequestHandler } from "supertokens-node/nextjs";
import { ensureSuperTokensInit, preflight, withCors } from "../../../../config/backend";
import { withDecodableCookies } from "../../../../lib/session-migration/next-app";

const handleAuthRequest = getAppDirRequestHandler();

async function handle(request: NextRequest): Promise<Response> {
  ensureSuperTokensInit();
  return withCors(request, await handleAuthRequest(withDecodableCookies(request)));
}

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const DELETE = handle;
export const PATCH = handle;
export const OPTIONS = preflight;
