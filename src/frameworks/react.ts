/**
 * `dittofeed-embed/react`: types `<dittofeed-embed>` in React 19 JSX. Type-only; import it once:
 *
 *     import 'dittofeed-embed';                  // registers the element
 *     import type {} from 'dittofeed-embed/react';
 *
 * React 19 sets a prop as a property when the element has it (so `tokenRequestInit`,
 * `fetchToken` and `params` reach the element as objects/functions), and turns a prop `on<name>`
 * whose value is a function into `addEventListener('<name>', …)`, keeping the name as written.
 * The events are therefore `ondittofeed-resize`, `ondittofeed-error`, … in lower case.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { DittofeedEmbed } from '../dittofeed-embed.js';
import type { DittofeedEmbedEventMap } from '../events.js';
import type { DittofeedEmbedAttributes, DittofeedEmbedProperties, DittofeedEventName } from './attributes.js';

export type { DittofeedEmbedAttributes, DittofeedEmbedProperties } from './attributes.js';

/** `ondittofeed-resize={(event) => event.detail.height}` and so on, as React 19 maps them. */
export type DittofeedEmbedReactEventProps = {
  [K in DittofeedEventName as `on${K}`]?: (
    event: DittofeedEmbedEventMap[K] & { currentTarget: DittofeedEmbed },
  ) => void;
};

type Own = DittofeedEmbedAttributes & DittofeedEmbedProperties & DittofeedEmbedReactEventProps;

/** Every prop `<dittofeed-embed>` takes in JSX. */
export type DittofeedEmbedReactProps = Omit<
  DetailedHTMLProps<HTMLAttributes<DittofeedEmbed>, DittofeedEmbed>,
  keyof Own
> &
  Own;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'dittofeed-embed': DittofeedEmbedReactProps;
    }
  }
}
