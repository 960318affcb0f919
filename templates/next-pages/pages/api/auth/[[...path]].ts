// SuperTokens' own routes under /api/auth (session refresh, sign-out, …). Next's request and response are Node's,
// which SuperTokens' Express support reads (hence the Express types).
import type { Request, Response } from "express";
import type { NextApiRequest, NextApiResponse } from "next";
import { middleware } from "supertokens-node/framework/express";
import { superTokensNextWrapper } from "supertokens-node/nextjs";
import { ensureSuperTokensInit, handleCors } from "../../../config/backend";

export default async function superTokens(
  req: NextApiRequest & Request,
  res: NextApiResponse & Response,
): Promise<void> {
  ensureSuperTokensInit();
  if (handleCors(req, res)) return;
  // Session tokens travel in these answers: no cache may keep them.
  res.setHeader("cache-control", "no-cache, no-store, max-age=0, must-revalidate");
  await superTokensNextWrapper((next) => middleware()(req, res, next), req, res);
  if (!res.writableEnded) res.status(404).json({ message: "Not found." });
}
