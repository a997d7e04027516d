import { css } from 'lit';

/**
 * Building blocks for the portal's shadow-DOM elements. Global CSS does not reach into shadow roots,
 * only inherited properties and the custom properties of styles/tokens.css do.
 */
export const sharedStyles = css`
  :host {
    display: block;
  }
  /* The \`hidden\` attribute must win over the display above (as it does for built-in elements). */
  :host([hidden]) {
    display: none;
  }
  h1 {
    font-size: var(--portal-font-size-h1);
    line-height: 1.2;
    margin: 0 0 var(--portal-space-4);
  }
  p {
    margin: 0 0 var(--portal-space-3);
  }
  a {
    color: var(--portal-link);
    text-underline-offset: 0.15em;
  }
  a:hover {
    text-decoration-thickness: 2px;
  }
  :focus-visible {
    outline: var(--portal-focus-ring);
    outline-offset: 2px;
  }
  .button {
    display: inline-flex;
    align-items: center;
    gap: var(--portal-space-2);
    min-height: 2.75rem;
    padding: 0 var(--portal-space-5);
    border: 1px solid transparent;
    border-radius: var(--portal-radius);
    background: var(--portal-accent);
    color: var(--portal-on-accent);
    font: inherit;
    font-weight: 600;
    text-decoration: none;
    cursor: pointer;
  }
  .button:hover {
    background: var(--portal-accent-strong);
  }
  .button:disabled {
    cursor: progress;
    opacity: 0.7;
  }
  .card {
    background: var(--portal-surface);
    border: 1px solid var(--portal-border);
    border-radius: var(--portal-radius);
    box-shadow: var(--portal-shadow);
    /* Less padding on a phone, so the content keeps its width. */
    padding: clamp(var(--portal-space-4), 5vw, var(--portal-space-6));
  }
`;

/** A form of labelled fields, one above the other, its buttons and its messages in a row (the account page's forms). */
export const formStyles = css`
  form {
    display: grid;
    gap: var(--portal-space-3);
    max-width: 28rem;
  }
  label {
    display: grid;
    gap: var(--portal-space-1);
    font-weight: 600;
  }
  input {
    font: inherit;
    padding: var(--portal-space-2) var(--portal-space-3);
    border: 1px solid var(--portal-border);
    border-radius: var(--portal-radius, 6px);
    background: var(--portal-surface, Canvas);
    color: inherit;
  }
  .actions {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: var(--portal-space-4);
  }
  [role='status'],
  [role='alert'] {
    margin: 0;
  }
`;
