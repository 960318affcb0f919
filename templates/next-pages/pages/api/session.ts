// Who am I? Answers 401 without a valid SuperTokens session; handy to check a migration worked.
import type { Response } from "express";
import type { NextApiRequest, NextApiResponse } from "next";
import type { SessionRequest } from "supertokens-node/framework/express";
import { superTokensNextWrapper } from "supertokens-node/nextjs";
import type { SessionContainer } from "supertokens-node/recipe/session";
import { verifySession } from "supertokens-node/recipe/session/framework/express";
import { ensureSuperTokensInit, handleCors } from "../../config/backend";

export default async function session(
  req: NextApiRequest & SessionRequest,
  res: NextApiResponse & Response,
): Promise<void> {
  ensureSuperTokensInit();
  if (handleCors(req, res)) return;
  // Without a session, SuperTokens' error handler answers 401 and this goes no further.
  await superTokensNextWrapper((next) => verifySession()(req, res, next), req, res);
  const current = req.session as SessionContainer;
  res.json({ userId: current.getUserId(), accessTokenPayload: current.getAccessTokenPayload() });
}
