import { msg } from '@lit/localize';
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
        /* Long values (URLs, ids, hashes) break only where they must. */
        overflow-wrap: anywhere;
      }
      /* A phone: each claim's name above its value, no sideways scrolling. The explicit roles keep the
         table a table for assistive technology when its display changes. */
      @media (max-width: 36rem) {
        thead {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip-path: inset(50%);
        }
        tr,
        th[scope='row'],
        td {
          display: block;
        }
        th[scope='row'] {
          padding-bottom: 0;
          border-bottom: 0;
        }
        td {
          padding-top: var(--portal-space-1);
        }
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
        <h2 id="claims">${msg('ID token claims', { id: 'claims.heading' })}</h2>
        <table role="table" aria-labelledby="claims">
          <thead role="rowgroup">
            <tr role="row">
              <th scope="col" role="columnheader">${msg('Claim', { id: 'claims.claim' })}</th>
              <th scope="col" role="columnheader">${msg('Value', { id: 'claims.value' })}</th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            ${Object.entries(claims).map(
              ([name, value]) =>
                html`<tr role="row">
                  <th scope="row" role="rowheader">${name}</th>
                  <td role="cell">${renderValue(name, value)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        <details>
          <summary>${msg('Raw ID token claims', { id: 'claims.raw' })}</summary>
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
