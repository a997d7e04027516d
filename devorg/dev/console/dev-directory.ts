/**
 * `<dev-directory>`: the dev console's groups (with their member counts) and apps (type, client
 * authentication, grants, redirect URIs and who may sign in). Reads `/dev/api/groups` and
 * `/dev/api/apps` on its own origin with the console header; refreshes while the page is visible.
 */
import { devApi, Refresher } from './dev-api';
import { consoleStyles, dataTableStyles } from './theme';
import { html, LitElement } from 'lit';

interface GroupView {
  id: string;
  name: string;
  description: string | null;
  type: string;
  members: number | null;
}

interface AppView {
  clientId: string;
  label: string;
  type: string;
  tokenEndpointAuthMethod: string;
  grantTypes: string[];
  redirectUris: string[];
  assignment: 'everyone' | 'assigned';
  assigned: number;
}

const REFRESH_MS = 5000;

export class DevDirectory extends LitElement {
  static override styles = [consoleStyles, dataTableStyles];

  static override properties = {
    groups: { state: true },
    apps: { state: true },
    error: { state: true },
  };

  private groups: GroupView[] = [];
  private apps: AppView[] = [];
  private error = '';
  protected readonly refresher = new Refresher(this, () => this.refresh(), REFRESH_MS);

  private async refresh(): Promise<void> {
    try {
      [this.groups, this.apps] = await Promise.all([devApi<GroupView[]>('/groups'), devApi<AppView[]>('/apps')]);
      this.error = '';
    } catch (err) {
      this.error = `Could not load groups and apps: ${(err as Error).message}`;
    }
  }

  override render() {
    return html`
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <section aria-labelledby="apps-heading">
        <h2 id="apps-heading">Apps</h2>
        <div class="scroll" tabindex="0" role="region" aria-label="Apps">
          <table>
            <thead>
              <tr>
                <th>App</th>
                <th>Type</th>
                <th>Grants</th>
                <th>Redirect URIs</th>
                <th>Who may sign in</th>
              </tr>
            </thead>
            <tbody>
              ${this.apps.map(
                (a) =>
                  html`<tr>
                    <td><strong>${a.label}</strong><br /><code>${a.clientId}</code></td>
                    <td>${a.type}<br /><code>${a.tokenEndpointAuthMethod}</code></td>
                    <td>${a.grantTypes.join(', ')}</td>
                    <td>${a.redirectUris.map((u) => html`<code>${u}</code><br />`)}</td>
                    <td>${a.assignment === 'everyone' ? 'Everyone' : `${a.assigned} assigned user${a.assigned === 1 ? '' : 's'}`}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="groups-heading">
        <h2 id="groups-heading">Groups</h2>
        <div class="scroll" tabindex="0" role="region" aria-label="Groups">
          <table>
            <thead>
              <tr>
                <th>Group</th>
                <th>Type</th>
                <th>Members</th>
              </tr>
            </thead>
            <tbody>
              ${this.groups.map(
                (g) =>
                  html`<tr>
                    <td><strong>${g.name}</strong>${g.description ? html`<br />${g.description}` : ''}<br /><code>${g.id}</code></td>
                    <td>${g.type}</td>
                    <td>${g.members === null ? 'every user' : g.members}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </section>
    `;
  }
}

customElements.define('dev-directory', DevDirectory);

declare global {
  interface HTMLElementTagNameMap {
    'dev-directory': DevDirectory;
  }
}
