// Who am I? Answers 401 without a valid SuperTokens session; handy to check a migration worked.
import type { NextRequest } from "next/server";
import { withSession } from "supertokens-node/nextjs";
import { ensureSuperTokensInit, preflight, withCors } from "../../../config/backend";
import { withDecodableCookies } from "../../../lib/session-migration/next-app";

export async function GET(request: NextRequest): Promise<Response> {
  ensureSuperTokensInit();
  const response = await withSession(withDecodableCookies(request), async (error, session) => {
    // Without a valid session SuperTokens answers 401 itself; `error` is anything else that went wrong.
    if (error) throw error;
    if (!session) return Response.json({ message: "unauthorised" }, { status: 401 });
    return Response.json({
      userId: session.getUserId(),
      accessTokenPayload: session.getAccessTokenPayload(),
    });
  });
  return withCors(request, response);
}

export const OPTIONS = preflight;
