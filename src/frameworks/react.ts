/**
 * `dittofeed-embed/react`, two ways in.
 *
 * React 18 (and 19 if you prefer components): the `DittofeedEmbed` component, made with
 * `@lit/react`. It registers the element, sets every prop the element has as a property, and
 * maps `onDittofeedResize`, `onDittofeedError`, … to the element's events:
 *
 *     import { DittofeedEmbed } from 'dittofeed-embed/react';
 *     <DittofeedEmbed type="journeys" tokenUrl="/api/dittofeed/session" onDittofeedResize={…} />
 *
 * React 19 with the element itself: a type-only import types `<dittofeed-embed>` in JSX:
 *
 *     import 'dittofeed-embed';                  // registers the element
 *     import type {} from 'dittofeed-embed/react';
 *
 * React 19 sets a prop as a property when the element has it (so `tokenRequestInit`,
 * `fetchToken` and `params` reach the element as objects/functions), and turns a prop `on<name>`
 * whose value is a function into `addEventListener('<name>', …)`, keeping the name as written.
 * The events are therefore `ondittofeed-resize`, `ondittofeed-error`, … in lower case.
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import { DittofeedEmbed as DittofeedEmbedElement } from '../index.js';
import type { DittofeedEmbedEventMap } from '../events.js';
import type { DittofeedEmbedAttributes, DittofeedEmbedProperties, DittofeedEventName, PascalCaseEventName } from './attributes.js';

export type { DittofeedEmbedAttributes, DittofeedEmbedProperties } from './attributes.js';

/** `ondittofeed-resize={(event) => event.detail.height}` and so on, as React 19 maps them. */
export type DittofeedEmbedReactEventProps = {
  [K in DittofeedEventName as `on${K}`]?: (
    event: DittofeedEmbedEventMap[K] & { currentTarget: DittofeedEmbedElement },
  ) => void;
};

type Own = DittofeedEmbedAttributes & DittofeedEmbedProperties & DittofeedEmbedReactEventProps;

/** Every prop `<dittofeed-embed>` takes in JSX. */
export type DittofeedEmbedReactProps = Omit<
  DetailedHTMLProps<HTMLAttributes<DittofeedEmbedElement>, DittofeedEmbedElement>,
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

/** One element event as a typed `@lit/react` event name. */
const event = <K extends DittofeedEventName>(name: K) => name as EventName<DittofeedEmbedEventMap[K]>;

/** The element's events as `@lit/react` props: `dittofeed-resize` → `onDittofeedResize`. */
const reactEvents = {
  onDittofeedSession: event('dittofeed-session'),
  onDittofeedLoad: event('dittofeed-load'),
  onDittofeedReady: event('dittofeed-ready'),
  onDittofeedResize: event('dittofeed-resize'),
  onDittofeedNavigate: event('dittofeed-navigate'),
  onDittofeedBeforeReload: event('dittofeed-before-reload'),
  onDittofeedError: event('dittofeed-error'),
  onDittofeedSessionEnd: event('dittofeed-session-end'),
  onDittofeedSessionExpiring: event('dittofeed-session-expiring'),
} satisfies { [K in DittofeedEventName as `on${PascalCaseEventName<K>}`]: EventName<DittofeedEmbedEventMap[K]> };

/**
 * `<DittofeedEmbed type="journeys" tokenUrl="…" onDittofeedResize={…} />`: the element as a React
 * component (React 18 and 19). Props are the element's properties (`tokenUrl`, `resourceId`,
 * `baseUrl`, `tokenRequestInit`, `fetchToken`, …); a `ref` is the element.
 */
export const DittofeedEmbed = createComponent({
  react: React,
  tagName: 'dittofeed-embed',
  elementClass: DittofeedEmbedElement,
  events: reactEvents,
  displayName: 'DittofeedEmbed',
});
