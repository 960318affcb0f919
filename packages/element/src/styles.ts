import { css } from "lit";

// The CSS below ships as written (no minifier touches lit's css``), so its comments live here:
// - Nothing to show (idle, checking, skipped): the host leaves the page's flow (position: absolute), so it does not
//   even add an empty line box, while the live regions stay in the accessibility tree. Likewise in done, unless a done
//   message is slotted (has-done, set by the element: Chromium's :host() ignores :has()).
// - Empty status/error regions are taken out of the flow (they have no content to hide) rather than display: none,
//   which would remove them from the accessibility tree: screen readers must already be watching them when
//   "Signing you in…" or an error appears.

export const styles = css`
  :host {
    display: inline-block;
    color: var(--auth0-session-migrator-color, inherit);
    font: var(--auth0-session-migrator-font, inherit);
  }
  :host([hidden]) {
    display: none;
  }
  :host(:not([state="migrating"]):not([state="error"]):not([state="done"])),
  :host([state="done"]:not([has-done])) {
    position: absolute;
  }
  [part~="status"]:empty,
  [part~="error"]:empty {
    position: absolute;
  }
  [part~="status"] {
    display: flex;
    align-items: center;
    gap: var(--auth0-session-migrator-gap, 0.5em);
  }
  [part~="spinner"] {
    box-sizing: border-box;
    inline-size: var(--auth0-session-migrator-spinner-size, 1em);
    block-size: var(--auth0-session-migrator-spinner-size, 1em);
    border: 2px solid var(--auth0-session-migrator-spinner-track, rgb(128 128 128 / 30%));
    border-block-start-color: var(--auth0-session-migrator-spinner-color, currentColor);
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  [part~="error"] {
    color: var(--auth0-session-migrator-error-color, #b00020);
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    [part~="spinner"] {
      animation: none;
      border-color: var(--auth0-session-migrator-spinner-color, currentColor);
      opacity: 0.6;
    }
  }
`;
