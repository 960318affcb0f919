// POST /api/migrate-session (and {{route}}, rewritten to it by next.config)
// with { "access_token": "<Auth0 access token>" }.
import type { NextApiRequest, NextApiResponse } from "next";
import { ensureSuperTokensInit, handleCors } from "../../config/backend";
import { migrateSession } from "../../lib/session-migration/next-pages";

// The route reads its own body: application/json only, 16 KB at most.
export const config = { api: { bodyParser: false } };

export default async function handler(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  const { migration } = ensureSuperTokensInit();
  if (handleCors(req, res)) return;
  if (req.method !== "POST") {
    res.setHeader("allow", "POST, OPTIONS");
    res.status(405).json({ message: "Method not allowed." });
    return;
  }
  await migrateSession(migration, req, res);
}
