// Next.js Pages Router adapter for the session migration: translates the request and the reply, nothing else. Call it
// from an API route whose `config` turns Next's body parser off, after `supertokens.init({ framework: "express", … })`.
import type { IncomingMessage } from "node:http";
import type { NextApiRequest, NextApiResponse } from "next";
import { superTokensNextWrapper } from "supertokens-node/nextjs";
import { BODY_LIMIT_BYTES, type SessionMigration } from "./migrate-session";

export async function migrateSession(
  migration: SessionMigration,
  req: NextApiRequest,
  res: NextApiResponse,
): Promise<void> {
  const reply = await superTokensNextWrapper(
    () =>
      migration.handle({
        origin: req.headers.origin,
        contentType: req.headers["content-type"],
        readBody: () => readJson(req),
        req,
        res,
      }),
    req,
    res,
  );
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
  res.status(reply.statusCode).json(reply.body);
}

/** Reads at most BODY_LIMIT_BYTES of JSON, which the migration has checked is UTF-8: a token needs no more. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  if (Number(req.headers["content-length"]) > BODY_LIMIT_BYTES) throw httpError(413, "body too large");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).byteLength;
    if (size > BODY_LIMIT_BYTES) throw httpError(413, "body too large");
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8")); // a SyntaxError is a 400
}

function httpError(status: number, message: string): Error {
  return Object.assign(new Error(message), { status });
}
