/**
 * The dev console's look, shared by its panels: colour tokens for the light and the dark scheme
 * (`prefers-color-scheme`; custom properties inherit into the panels' shadow roots), buttons, tables,
 * and tables that stack on a narrow screen so the page never scrolls sideways.
 */
import { css } from 'lit';

/** On `<dev-console>`'s host: the tokens every panel reads. */
export const consoleTokens = css`
  :host {
    color-scheme: light dark;
    --dc-bg: #ffffff;
    --dc-text: #1d1d21;
    --dc-muted: #555a63;
    --dc-border: #e3e3e8;
    --dc-control-border: #767b85;
    --dc-control-bg: #ffffff;
    --dc-control-hover: #f1f1f5;
    --dc-danger: #b3261e;
    --dc-danger-bg: #fdecea;
    --dc-ok: #2b6b2b;
    --dc-badge: #e8eefc;
    --dc-highlight: #f5f7fb;
    --dc-focus: #1a5fd0;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --dc-bg: #111318;
      --dc-text: #e8eaef;
      --dc-muted: #a9aeb8;
      --dc-border: #323743;
      --dc-control-border: #858b98;
      --dc-control-bg: #1b1e25;
      --dc-control-hover: #242832;
      --dc-danger: #ffb4ab;
      --dc-danger-bg: #3b1f1d;
      --dc-ok: #8fd18f;
      --dc-badge: #1d2a44;
      --dc-highlight: #1b1e25;
      --dc-focus: #8fb4ff;
    }
  }
`;

/** Building blocks every panel uses. */
export const consoleStyles = css`
  :host {
    display: block;
  }
  h2 {
    font-size: 1.15rem;
    margin: 2rem 0 0.5rem;
  }
  :focus-visible {
    outline: 3px solid var(--dc-focus);
    outline-offset: 2px;
  }
  button,
  select,
  input {
    font: inherit;
    color: var(--dc-text);
    background: var(--dc-control-bg);
    border: 1px solid var(--dc-control-border);
    border-radius: 4px;
  }
  button {
    padding: 0.3rem 0.7rem;
    cursor: pointer;
  }
  button:hover {
    background: var(--dc-control-hover);
  }
  button.danger {
    border-color: var(--dc-danger);
    color: var(--dc-danger);
  }
  select,
  input {
    padding: 0.3rem 0.5rem;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: left;
    padding: 0.45rem 0.6rem;
    border-bottom: 1px solid var(--dc-border);
    vertical-align: top;
  }
  th {
    font-weight: 600;
    font-size: 0.85rem;
    color: var(--dc-muted);
  }
  td {
    overflow-wrap: anywhere;
  }
  code {
    font-size: 0.85rem;
  }
  .error {
    color: var(--dc-danger);
  }
  .muted {
    color: var(--dc-muted);
  }
  /* A wide table that may scroll inside its own box (keyboard-scrollable), never the page. */
  .scroll {
    overflow-x: auto;
  }
  /* A table whose rows become cards on a narrow screen: each cell above the next, with its column's name
     (data-label). The explicit ARIA roles keep it a table for assistive technology when display changes. */
  @media (max-width: 40rem) {
    table.stack thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
    table.stack tr,
    table.stack td {
      display: block;
    }
    table.stack tr {
      border-bottom: 1px solid var(--dc-border);
      padding: 0.4rem 0;
    }
    table.stack td {
      border: 0;
      padding: 0.2rem 0;
    }
    table.stack td[data-label]::before {
      /* Seen, not read out twice: assistive technology has the column header. */
      content: attr(data-label) / '';
      display: block;
      font-size: 0.8rem;
      font-weight: 600;
      color: var(--dc-muted);
    }
  }
`;

/** The console's data tables (directory, System Log): compact rows, wide ones scrolling inside their region. */
export const dataTableStyles = css`
  table {
    font-size: 0.9rem;
  }
  /* Wide tables scroll inside their region on a narrow screen, never the page. */
  .scroll table {
    min-width: 36rem;
  }
  th,
  td {
    text-align: left;
    padding: 0.35rem 0.5rem;
    border-bottom: 1px solid var(--dc-border);
    vertical-align: top;
  }
  code {
    font-size: 0.85rem;
  }
`;
