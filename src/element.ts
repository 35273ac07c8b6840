// The class only, no registration: `DittofeedEmbed.define(tag?, registry?)` when you want it.
export { DittofeedEmbed, type EmbedState } from './dittofeed-embed.js';
export * from './public-types.js';
