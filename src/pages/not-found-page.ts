import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/**
 * Any path the route table does not know. Light DOM, as the shell: the page's headings and paragraphs
 * take the portal's page styles.
 */
@customElement('not-found-page')
export class NotFoundPage extends LitElement {
  /** The address that led here, named on the page. */
  @property({ attribute: false })
  url?: URL;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render() {
    return html`<h1>Page not found</h1>
      <p>There is nothing at ${this.url?.pathname}.</p>
      <p><a href="/">Go to the home page</a></p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'not-found-page': NotFoundPage;
  }
}
