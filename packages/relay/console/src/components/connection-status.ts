import { html, LitElement } from 'lit';
import type { StreamState } from '../agent-stream.js';
import { en, type Strings } from '../strings.js';
import { connectionStatusStyles } from './connection-status.styles.js';

/**
 * The agent stream's state in the header (`<confab-connection-status>`), as a polite status
 * message so screen readers hear "Reconnecting…" and "Live" without moving focus.
 */
export class ConnectionStatus extends LitElement {
  static override properties = {
    strings: { attribute: false },
    state: { reflect: true },
  };
  static override styles = connectionStatusStyles;

  declare strings: Strings;
  declare state: StreamState;

  constructor() {
    super();
    this.strings = en;
    this.state = 'idle';
  }

  protected override render() {
    return html`<p role="status" data-testid="connection-status" data-state=${this.state}>
      <span class="dot" aria-hidden="true"></span>${this.strings.connection[this.state]}
    </p>`;
  }
}
