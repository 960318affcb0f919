// HTML pages of the development tenant: the login form, errors, and the logged-out page. Every value is escaped;
// pages carry a CSP without scripts.
import { FIXED_USERS } from "./users.js";

export function escapeHtml(value: unknown): string {
  return String(value).replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch,
  );
}

/** Headers for every HTML page served by the tenant itself. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-store",
  "Content-Security-Policy":
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
};

const STYLE = `
:root { color-scheme: light; --accent: #635dff; --text: #1e212a; --muted: #65676e; --border: #c9cace; }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f3f3f6;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); }
main { width: min(400px, calc(100vw - 32px)); background: #fff; border-radius: 8px; padding: 36px 36px 28px;
  box-shadow: 0 12px 40px rgba(0, 0, 0, .12); }
.badge { display: inline-block; font-size: 12px; letter-spacing: .04em; text-transform: uppercase; color: #8a4b00;
  background: #fff1dc; border-radius: 4px; padding: 2px 8px; }
h1 { font-size: 24px; font-weight: 500; margin: 16px 0 4px; }
p { margin: 0 0 20px; color: var(--muted); }
label { display: block; font-size: 14px; margin-bottom: 6px; }
input[type=text] { width: 100%; height: 48px; padding: 0 14px; font: inherit; border: 1px solid var(--border);
  border-radius: 4px; }
input[type=text]:focus { outline: none; border-color: var(--accent); box-shadow: 0 0 0 3px rgba(99, 93, 255, .2); }
button.primary { width: 100%; height: 48px; margin-top: 16px; border: 0; border-radius: 4px; background: var(--accent);
  color: #fff; font: inherit; font-weight: 500; cursor: pointer; }
button.primary:hover { background: #4f49e6; }
.error { color: #b3261e; background: #fdecea; border-radius: 4px; padding: 8px 12px; margin: 0 0 16px; }
.hint { font-size: 13px; margin: 20px 0 8px; }
.users { display: flex; flex-wrap: wrap; gap: 6px; }
.users button { border: 1px solid var(--border); background: #fff; border-radius: 999px; padding: 4px 12px;
  font-family: inherit; font-size: 13px; cursor: pointer; color: var(--text); }
.users button:hover { border-color: var(--accent); }
code { font-size: 13px; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<span class="badge">Development tenant</span>
${body}
</main>
</body>
</html>`;
}

export function loginPage(options: {
  action: string;
  clientName: string;
  error?: string;
  value?: string;
}): string {
  const { action, clientName, error, value } = options;
  const quick = FIXED_USERS.map(
    (u) =>
      `<button type="submit" name="user" value="${escapeHtml(u.sub)}" title="${escapeHtml(u.sub)}">${escapeHtml(u.name)}</button>`,
  ).join("\n");
  return layout(
    "Log in",
    `<h1>Welcome</h1>
<p>Log in to continue to <strong>${escapeHtml(clientName)}</strong>.</p>
${error ? `<div class="error" role="alert">${escapeHtml(error)}</div>` : ""}
<form method="post" action="${escapeHtml(action)}" autocomplete="off">
<label for="user">User name</label>
<input id="user" name="user" type="text" required autofocus maxlength="120" spellcheck="false"
  placeholder="alice" value="${escapeHtml(value ?? "")}">
<button class="primary" type="submit">Continue</button>
</form>
<p class="hint">A name becomes <code>auth0|&lt;name&gt;</code>; a full id like <code>google-oauth2|…</code> is kept. No password: this is a development stand-in. Or pick a test user:</p>
<form method="post" action="${escapeHtml(action)}" class="users">
${quick}
</form>`,
  );
}

export function messagePage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}

export function errorPage(error: string, description?: string): string {
  return layout(
    "Error",
    `<h1>Something went wrong</h1>\n<p><strong>${escapeHtml(error)}</strong>${
      description ? `: ${escapeHtml(description)}` : ""
    }</p>`,
  );
}
