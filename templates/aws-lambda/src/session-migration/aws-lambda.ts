// AWS Lambda adapter (API Gateway HTTP API, payload format 2.0) for the session migration: translates the event and
// the reply, nothing else. Call it from a handler wrapped in supertokens-node's awsLambda `middleware()`, which adds
// the session's cookies and headers to the result.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { BODY_LIMIT_BYTES, type SessionMigration } from "./migrate-session.js";

export async function migrateSession(
  migration: SessionMigration,
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  // API Gateway lowercases header names in payload format 2.0.
  const reply = await migration.handle({
    origin: event.headers.origin,
    contentType: event.headers["content-type"],
    readBody: async () => parseJsonBody(event),
    req: event,
    res: event,
  });
  return {
    statusCode: reply.statusCode,
    headers: { ...reply.headers, "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify(reply.body),
  };
}

/**
 * API Gateway has already read the body; refuse it when it is bigger than a token needs. The migration has checked
 * that it is JSON in UTF-8.
 */
function parseJsonBody(event: APIGatewayProxyEventV2): unknown {
  const raw = Buffer.from(event.body ?? "", event.isBase64Encoded ? "base64" : "utf8");
  if (raw.byteLength > BODY_LIMIT_BYTES) {
    throw Object.assign(new Error("request body too large"), { status: 413 });
  }
  return JSON.parse(raw.toString("utf8")); // a SyntaxError is a 400
}
