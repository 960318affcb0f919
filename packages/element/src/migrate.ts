// The migrate request: POST { access_token } as JSON (never in Authorization, which SuperTokens reads as its own
// header token) and a classification of the answer. The backend answers `{ status, message }`, plus `userId` on OK.
import { parseRetryAfter } from "./retry.js";

export type MigrateAnswer =
  | { kind: "ok"; userId: string; status: number }
  | { kind: "rejected"; code: string; status: number; message: string; retryAfterMs?: number }
  | { kind: "network"; message: string };

export async function postMigration(
  fetchFn: typeof fetch,
  url: string,
  accessToken: string,
): Promise<MigrateAnswer> {
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ access_token: accessToken }),
      credentials: "include",
    });
  } catch (e) {
    return { kind: "network", message: `the migrate request failed: ${(e as Error)?.message ?? String(e)}` };
  }
  let body: { status?: unknown; message?: unknown; userId?: unknown } | undefined;
  try {
    const parsed: unknown = await response.json();
    if (parsed && typeof parsed === "object") body = parsed as typeof body;
  } catch {
    body = undefined;
  }
  const status = response.status;
  const message = typeof body?.message === "string" ? body.message : "";
  if (response.ok && body?.status === "OK" && typeof body.userId === "string" && body.userId) {
    return { kind: "ok", userId: body.userId, status };
  }
  const code =
    typeof body?.status === "string" && body.status !== "OK" && /^[A-Z0-9_]{1,64}$/.test(body.status)
      ? body.status
      : status >= 500
        ? "SERVER_ERROR"
        : "INVALID_RESPONSE";
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
  return {
    kind: "rejected",
    code,
    status,
    message:
      message ||
      `the migrate endpoint answered HTTP ${status}${code === "INVALID_RESPONSE" ? " without the expected JSON" : ""}`,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}

/** Network errors and 5xx (incl. 503 AUTH0_UNAVAILABLE) are worth retrying; 4xx and bad answers are not. */
export function isRetryable(answer: MigrateAnswer): boolean {
  return answer.kind === "network" || (answer.kind === "rejected" && answer.status >= 500);
}
