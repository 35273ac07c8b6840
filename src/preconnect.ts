import { h } from './dom.js';

const hinted = new Set<string>();

/**
 * Adds one `<link rel="preconnect">` per origin per page, so DNS and TLS overlap the token
 * request. (A second copy of this script on the page defines no element, so one Set suffices.)
 */
export function preconnect(origin: string): void {
  if (hinted.has(origin)) return;
  hinted.add(origin);
  document.head.append(h('link', { rel: 'preconnect', href: origin }));
}
