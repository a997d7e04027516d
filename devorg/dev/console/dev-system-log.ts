/**
 * `<dev-system-log>`: the dev console's System Log (newest first, filtered with the same expression
 * language as `/api/v1/logs`, e.g. `eventType eq "user.session.start"`) and the event hook delivery
 * attempts. Reads `/dev/api/logs` and `/dev/api/event-hook-deliveries` on its own origin with the
 * console header; refreshes while the page is visible.
 */
import { devApi, Refresher } from './dev-api';
import { consoleStyles, dataTableStyles } from './theme';
import { css, html, LitElement, nothing } from 'lit';

interface LogEventView {
  uuid: string;
  published: string;
  eventType: string;
  displayMessage: string;
  severity: string;
  outcome: { result: string; reason: string | null };
  actor: { alternateId: string; displayName: string };
  target: { type: string; displayName: string; alternateId: string }[];
}

interface DeliveryView {
  id: string;
  hookName: string | null;
  hookId: string;
  eventTypes: string[];
  attempt: number;
  result: 'SUCCESS' | 'FAILURE';
  httpStatus: number | null;
  error: string | null;
  started: string;
  durationMs: number;
}

const REFRESH_MS = 3000;

export class DevSystemLog extends LitElement {
  static override styles = [
    consoleStyles,
    dataTableStyles,
    css`
      form {
        display: flex;
        gap: 0.5rem;
        margin-bottom: 0.5rem;
      }
      input {
        flex: 1;
        font: inherit;
        padding: 0.3rem 0.5rem;
      }
      .FAILURE,
      .DENY {
        color: var(--dc-danger);
        font-weight: 600;
      }
    `,
  ];

  static override properties = {
    events: { state: true },
    deliveries: { state: true },
    error: { state: true },
  };

  private events: LogEventView[] = [];
  private deliveries: DeliveryView[] = [];
  private error = '';
  private filter = '';
  protected readonly refresher = new Refresher(this, () => this.refresh(), REFRESH_MS);

  private async refresh(): Promise<void> {
    try {
      const query = new URLSearchParams({ limit: '50', ...(this.filter ? { filter: this.filter } : {}) });
      [this.events, this.deliveries] = await Promise.all([
        devApi<LogEventView[]>(`/logs?${query}`),
        devApi<DeliveryView[]>('/event-hook-deliveries?limit=20'),
      ]);
      this.error = '';
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private readonly onFilter = (e: SubmitEvent): void => {
    e.preventDefault();
    const input = (e.currentTarget as HTMLFormElement).elements.namedItem('filter') as HTMLInputElement;
    this.filter = input.value.trim();
    void this.refresh();
  };

  override render() {
    return html`
      <section aria-labelledby="log-heading">
        <h2 id="log-heading">System Log</h2>
        <form @submit=${this.onFilter} role="search">
          <input name="filter" aria-label="Filter" placeholder='eventType eq "user.session.start" and outcome.result eq "FAILURE"' />
          <button type="submit">Filter</button>
        </form>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        ${
          this.events.length === 0
            ? html`<p>No events${this.filter ? ' match the filter' : ' yet'}.</p>`
            : html`<div class="scroll" tabindex="0" role="region" aria-label="System Log">
                <table>
                  <thead>
                    <tr>
                      <th>Time</th>
                      <th>Event</th>
                      <th>Outcome</th>
                      <th>Actor</th>
                      <th>Targets</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${this.events.map(
                      (e) =>
                        html`<tr>
                          <td><time datetime=${e.published}>${new Date(e.published).toLocaleTimeString()}</time></td>
                          <td>${e.displayMessage}<br /><code>${e.eventType}</code></td>
                          <td class=${e.outcome.result}>
                            ${e.outcome.result}${e.outcome.reason ? html`<br />${e.outcome.reason}` : nothing}
                          </td>
                          <td>${e.actor.alternateId}</td>
                          <td>${e.target.map((t) => html`<div>${t.type}: ${t.displayName}</div>`)}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
        }
      </section>

      <section aria-labelledby="deliveries-heading">
        <h2 id="deliveries-heading">Event hook deliveries</h2>
        ${
          this.deliveries.length === 0
            ? html`<p>No deliveries. Create and verify an event hook (<code>/api/v1/eventHooks</code>) to get some.</p>`
            : html`<div class="scroll" tabindex="0" role="region" aria-label="Event hook deliveries">
                <table>
                  <thead>
                    <tr>
                      <th>Time</th>
                      <th>Hook</th>
                      <th>Events</th>
                      <th>Attempt</th>
                      <th>Result</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${this.deliveries.map(
                      (d) =>
                        html`<tr>
                          <td><time datetime=${d.started}>${new Date(d.started).toLocaleTimeString()}</time></td>
                          <td>${d.hookName ?? d.hookId}</td>
                          <td>${d.eventTypes.map((t) => html`<div><code>${t}</code></div>`)}</td>
                          <td>${d.attempt}</td>
                          <td class=${d.result}>
                            ${d.result}${d.httpStatus !== null ? ` (${d.httpStatus})` : ''}${d.error ? html`<br />${d.error}` : nothing}
                            <br />${d.durationMs} ms
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
        }
      </section>
    `;
  }
}

customElements.define('dev-system-log', DevSystemLog);

declare global {
  interface HTMLElementTagNameMap {
    'dev-system-log': DevSystemLog;
  }
}
