import type { UserClaims } from '@okta/okta-auth-js';
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { TIME_CLAIMS, claimText, epochSeconds, formatDateTime } from './claim-words';
import { sharedStyles } from './shared-styles';

/**
 * Every claim of the ID token in a table, as Okta's samples' profile page lists them (claim, value), then
 * the token's JSON in a disclosure. Time claims (iat, exp, auth_time…) are dates in the browser's
 * locale, with the number they were sent as beside them. Everything is rendered through Lit text
 * bindings: claims are always text, never markup.
 */
@customElement('id-token-claims')
export class IdTokenClaims extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      h2 {
        font-size: var(--portal-font-size-h2);
        margin: 0 0 var(--portal-space-4);
      }
      .scroll {
        overflow-x: auto;
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th,
      td {
        text-align: start;
        vertical-align: top;
        padding: var(--portal-space-2) var(--portal-space-3);
        border-bottom: 1px solid var(--portal-border);
      }
      th[scope='row'] {
        font-family: var(--portal-font-mono);
        font-size: 0.875rem;
        font-weight: 600;
        white-space: nowrap;
      }
      td {
        /* Long values (URLs, ids) break only where they must. */
        overflow-wrap: break-word;
        word-break: normal;
        min-width: 10rem;
      }
      .raw-number {
        color: var(--portal-text-muted);
        font-size: 0.875rem;
      }
      details {
        margin-top: var(--portal-space-4);
      }
      summary {
        cursor: pointer;
        font-weight: 600;
      }
      pre {
        font-family: var(--portal-font-mono);
        font-size: 0.875rem;
        overflow: auto;
        margin: var(--portal-space-3) 0 0;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
    `,
  ];

  @property({ attribute: false })
  claims?: UserClaims;

  override render() {
    const claims = this.claims;
    if (!claims) return '';
    return html`
      <section class="card" aria-labelledby="claims">
        <h2 id="claims">ID token claims</h2>
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Claim</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              ${Object.entries(claims).map(
                ([name, value]) =>
                  html`<tr>
                    <th scope="row">${name}</th>
                    <td>${renderValue(name, value)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
        <details>
          <summary>Raw ID token claims</summary>
          <pre>${JSON.stringify(claims, null, 2)}</pre>
        </details>
      </section>
    `;
  }
}

function renderValue(name: string, value: unknown) {
  const date = TIME_CLAIMS.has(name) ? epochSeconds(value) : undefined;
  if (!date) return claimText(value);
  return html`<time datetime=${date.toISOString()}>${formatDateTime(date)}</time> <span class="raw-number">(${String(value)})</span>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'id-token-claims': IdTokenClaims;
  }
}
