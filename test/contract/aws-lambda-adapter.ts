// A local stand-in for API Gateway (HTTP API, payload format 2.0) in front of one Lambda handler, so the contract
// suite can talk HTTP to a generated aws-lambda project without AWS. Run as a script:
//   node --import tsx test/contract/aws-lambda-adapter.ts <handler module> [export name, default "handler"]
// with PORT and HOST in the environment; it prints "Listening on http://<host>:<port>" like the other servers.
// Loading the module runs its cold start, so a configuration error ends this process before it listens.
//
// What it copies from API Gateway: lowercased header names, repeated headers joined with commas, cookies moved out of
// the headers into `cookies`, bodies that are not text base64-encoded, a 10 MB request limit, `cookies` in the
// result written as Set-Cookie headers, and a bare 500 when the function throws.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";

const API_GATEWAY_PAYLOAD_LIMIT = 10 * 1024 * 1024;
const TEXT_TYPES =
  /^(text\/|application\/(json|javascript|xml|x-www-form-urlencoded)|[^;]*\+json|[^;]*\+xml)/i;

type LambdaHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
  callback: (error?: unknown, result?: APIGatewayProxyResultV2) => void,
) => Promise<APIGatewayProxyResultV2> | undefined;

async function readBody(req: IncomingMessage): Promise<Buffer | "too large"> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).byteLength;
    if (size > API_GATEWAY_PAYLOAD_LIMIT) return "too large";
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function toEvent(req: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? "/", "http://localhost");
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] ?? "").toLowerCase();
    const value = req.rawHeaders[i + 1] ?? "";
    if (name === "cookie") {
      cookies = [...(cookies ?? []), ...value.split(";").map((c) => c.trim())].filter(Boolean);
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams)
    query[key] = query[key] === undefined ? value : `${query[key]},${value}`;
  const text = body.byteLength === 0 || TEXT_TYPES.test(headers["content-type"] ?? "");
  const method = req.method ?? "GET";
  const now = Date.now();
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies ? { cookies } : {}),
    headers,
    ...(url.search ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: "123456789012",
      apiId: "local",
      domainName: headers.host ?? "localhost",
      domainPrefix: "local",
      http: {
        method,
        path: url.pathname,
        protocol: "HTTP/1.1",
        sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(body.byteLength > 0 ? { body: body.toString(text ? "utf8" : "base64") } : {}),
    isBase64Encoded: !text,
  };
}

function context(): Context {
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: "session-migration",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:local:123456789012:function:session-migration",
    memoryLimitInMB: "512",
    awsRequestId: randomUUID(),
    logGroupName: "/aws/lambda/session-migration",
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Calls the handler the way the Node.js runtime does: async result or callback, whichever comes first. */
function invoke(handler: LambdaHandler, event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  return new Promise((resolvePromise, reject) => {
    const callback = (error?: unknown, result?: APIGatewayProxyResultV2) =>
      error ? reject(error) : resolvePromise(result ?? "");
    try {
      const returned = handler(event, context(), callback);
      if (returned && typeof returned.then === "function") returned.then(resolvePromise, reject);
    } catch (error) {
      reject(error);
    }
  });
}

export function writeResult(res: ServerResponse, result: APIGatewayProxyResultV2): void {
  // A result without statusCode is taken as a 200 JSON body, as API Gateway does for payload format 2.0.
  if (typeof result !== "object" || result === null || !("statusCode" in result)) {
    const body = typeof result === "string" ? result : JSON.stringify(result);
    res.writeHead(200, { "content-type": "application/json" }).end(body);
    return;
  }
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, String(value));
  if (result.cookies?.length) res.setHeader("set-cookie", result.cookies);
  res.statusCode = result.statusCode ?? 200;
  const body = result.body ?? "";
  res.end(result.isBase64Encoded ? Buffer.from(body, "base64") : body);
}

async function main(): Promise<void> {
  const [modulePath, exportName = "handler"] = process.argv.slice(2);
  if (!modulePath) throw new Error("usage: aws-lambda-adapter.ts <handler module> [export name]");
  const module = (await import(pathToFileURL(resolve(modulePath)).href)) as Record<string, unknown>;
  const handler = module[exportName];
  if (typeof handler !== "function") throw new Error(`${modulePath} exports no function ${exportName}`);

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (body === "too large") {
      res.writeHead(413, { "content-type": "application/json", connection: "close" });
      res.end('{"message":"Request Entity Too Large"}');
      return;
    }
    try {
      writeResult(res, await invoke(handler as LambdaHandler, toEvent(req, body)));
    } catch (error) {
      // The function failed: API Gateway hides why from the caller; the log (here: stderr) has it.
      console.error(error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end('{"message":"Internal Server Error"}');
    }
  });
  const port = Number(process.env.PORT ?? 0);
  const host = process.env.HOST ?? "127.0.0.1";
  server.listen(port, host, () => {
    const address = server.address() as AddressInfo;
    console.log(
      `Listening on http://${host}:${address.port} (API Gateway v2 -> ${modulePath}#${exportName})`,
    );
  });
  process.once("SIGTERM", () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
