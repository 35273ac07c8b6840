/**
 * `dittofeed-embed/svelte`: types `<dittofeed-embed>` in Svelte 5 markup (checked by
 * svelte-check) through the `svelte/elements` augmentation. Type-only; import it once:
 *
 *     import 'dittofeed-embed';                   // registers the element
 *     import type {} from 'dittofeed-embed/svelte';
 *
 * Svelte 5 sets an attribute as a property when the element has that property, so objects and
 * functions (`{tokenRequestInit}`, `{fetchToken}`, `{params}`) reach it as they are. Events are
 * `ondittofeed-resize={…}` and so on: Svelte keeps the case of an event attribute.
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { DittofeedEmbed } from '../dittofeed-embed.js';
import type { DittofeedEmbedEventMap } from '../events.js';
import type { DittofeedEmbedAttributes, DittofeedEmbedProperties, DittofeedEventName } from './attributes.js';

export type { DittofeedEmbedAttributes, DittofeedEmbedProperties } from './attributes.js';

/** `ondittofeed-resize={(event) => event.detail.height}` and so on. */
export type DittofeedEmbedSvelteEventProps = {
  [K in DittofeedEventName as `on${K}`]?: (
    event: DittofeedEmbedEventMap[K] & { currentTarget: EventTarget & DittofeedEmbed },
  ) => unknown;
};

type Own = DittofeedEmbedAttributes & DittofeedEmbedProperties & DittofeedEmbedSvelteEventProps;

/** Every attribute, property and event `<dittofeed-embed>` takes in Svelte markup. */
export type DittofeedEmbedSvelteProps = Omit<HTMLAttributes<DittofeedEmbed>, keyof Own> & Own;

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'dittofeed-embed': DittofeedEmbedSvelteProps;
  }
}
