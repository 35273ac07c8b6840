/**
 * `dittofeed-embed/vue`: types `<dittofeed-embed>` in Vue templates (checked by vue-tsc / Volar).
 * Type-only; import it once, e.g. in `main.ts`:
 *
 *     import 'dittofeed-embed';                // registers the element
 *     import type {} from 'dittofeed-embed/vue';
 *
 * Also tell the compiler it is a custom element:
 * `vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === 'dittofeed-embed' } } })`.
 * Attributes are written `:resource-id="…"`, objects and functions as properties with `.prop`
 * (`:tokenRequestInit.prop="…"`), events with `@dittofeed-resize="…"`.
 */
import type { DefineComponent } from 'vue';
import type { DittofeedEmbed } from '../dittofeed-embed.js';
import type { DittofeedEmbedEventMap } from '../events.js';
import type {
  CamelCase,
  DittofeedEmbedAttributes,
  DittofeedEmbedProperties,
  DittofeedEventName,
  PascalCaseEventName,
} from './attributes.js';

export type { DittofeedEmbedAttributes, DittofeedEmbedProperties } from './attributes.js';

/** Vue checks props camelCased: `:resource-id` is the prop `resourceId`. */
export type DittofeedEmbedVueAttributes = {
  [K in keyof DittofeedEmbedAttributes as CamelCase<K & string>]?: DittofeedEmbedAttributes[K];
};

/** `@dittofeed-resize="handler"` is the prop `onDittofeedResize` to Vue. */
export type DittofeedEmbedVueEventProps = {
  [K in DittofeedEventName as `on${PascalCaseEventName<K>}`]?: (
    event: DittofeedEmbedEventMap[K] & { currentTarget: DittofeedEmbed },
  ) => void;
};

export type DittofeedEmbedVueProps = DittofeedEmbedVueAttributes &
  DittofeedEmbedProperties &
  DittofeedEmbedVueEventProps;

declare module 'vue' {
  interface GlobalComponents {
    'dittofeed-embed': DefineComponent<DittofeedEmbedVueProps>;
  }
}
