// POST /api/migrate-session (and {{route}}, rewritten to it by next.config)
// with { "access_token": "<Auth0 access token>" }.
import type { NextRequest } from "next/server";
import { ensureSuperTokensInit, preflight, withCors } from "../../../config/backend";
import { migrateSession } from "../../../lib/session-migration/next-app";

export async function POST(request: NextRequest): Promise<Response> {
  const { migration } = ensureSuperTokensInit();
  return withCors(request, await migrateSession(migration, request));
}

export const OPTIONS = preflight;
