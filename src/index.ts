// Registers <dittofeed-embed> as a side effect. Safe to import in Node (SSR), where there is no
// registry, and safe to load twice (the second definition is skipped).
import { DittofeedEmbed } from './dittofeed-embed.js';

if (typeof customElements !== 'undefined') DittofeedEmbed.define();

export { DittofeedEmbed, type EmbedState } from './dittofeed-embed.js';
export * from './public-types.js';

declare global {
  interface HTMLElementTagNameMap {
    'dittofeed-embed': DittofeedEmbed;
  }
}
