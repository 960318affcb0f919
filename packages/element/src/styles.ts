import { css } from "lit";

export const styles = css`
  :host {
    display: inline-block;
    color: var(--auth0-session-migrator-color, inherit);
    font: var(--auth0-session-migrator-font, inherit);
  }
  :host([hidden]) {
    display: none;
  }
  [part~="status"]:empty,
  [part~="error"]:empty {
    display: none;
  }
  [part~="status"] {
    display: inline-flex;
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
