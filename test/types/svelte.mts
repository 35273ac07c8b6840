// Svelte 5 markup types through `dittofeed-embed/svelte` (the svelte/elements augmentation), as
// svelte-check sees them. Lines after `@ts-expect-error` must NOT compile. (svelte-check itself
// runs over examples/svelte and over svelte/Rejected.svelte, see run.mjs.)
import type {} from 'dittofeed-embed/svelte';
import type { SvelteHTMLElements } from 'svelte/elements';
import type { DittofeedEmbed } from 'dittofeed-embed';

type Props = SvelteHTMLElements['dittofeed-embed'];

export const typed: Props = {
  class: 'embed',
  type: 'journey',
  'resource-id': 'onboarding',
  'token-url': '/api/dittofeed/session',
  'base-url': 'https://dittofeed.example.com',
  loading: 'lazy',
  'refresh-margin': 30,
  tokenRequestInit: { credentials: 'include' },
  fetchToken: async () => 'token',
  params: { theme: 'dark' },
  'ondittofeed-resize': (event) => {
    const height: number = event.detail.height;
    const target: DittofeedEmbed = event.currentTarget;
    return [height, target];
  },
  'ondittofeed-error': (event) => event.detail.retrying,
};

// @ts-expect-error not an embed type
export const badType: Props = { type: 'journeyz' };
// @ts-expect-error a resize has a height, no width
export const badDetail: Props = { 'ondittofeed-resize': (event) => event.detail.width };
// @ts-expect-error tokenRequestInit is a RequestInit object
export const badInit: Props = { tokenRequestInit: { credentials: 'always' } };
// @ts-expect-error fetchToken returns a promise
export const badFetch: Props = { fetchToken: () => 'token' };
