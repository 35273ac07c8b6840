/**
 * What `dist/dittofeed-embed-child.min.js` does when a proxy adds it to a stock Dittofeed page:
 * read its configuration from its own `<script data-…>` tag and connect the page to the
 * `<dittofeed-embed>` hosting it, with heights measured for app-shell layouts, messages posted
 * only to the allowed origins, and tokens handed over by swapping the page's bearer (token-swap.ts).
 * A configuration mistake is logged and connects nothing: the page then works as it always did.
 */
import { connectTo, fail, normalizeOrigins, originOf, type Cleanup } from '../child/connect.js';
import { appShellHeight } from './app-shell-height.js';
import { installTokenSwap } from './token-swap.js';

/** The script tag's `data-` attributes, as documented in the README ("Stock Dittofeed pages"). */
export interface ScriptTagConfig {
  /** Host page origins: reports go only to them and tokens come only from them. Required. */
  allowedOrigins?: string;
  /** The origin of the page's API calls whose bearer is swapped; default the page's own. */
  apiOrigin?: string;
  /** A CSS selector of the element whose height is reported; default the body. */
  content?: string;
  /** `off` leaves tokens to reloads (no `token` capability). */
  token?: string;
}

/** Connects as `config` says; returns the disconnect function, or null when nothing was connected. */
export function connectFromScriptTag(config: ScriptTagConfig): Cleanup | null {
  if (typeof window == 'undefined' || window.parent === window) return null;
  const listed = (config.allowedOrigins ?? '').split(/[\s,]+/).filter(Boolean);
  const apiOrigin = config.apiOrigin ? originOf(config.apiOrigin) : location.origin;
  let allowed: string[];
  try {
    if (!listed.length) fail("data-allowed-origins (the embedding pages' origins) is required");
    if (!apiOrigin) fail('data-api-origin is not a URL');
    allowed = normalizeOrigins(listed);
  } catch (error) {
    console.error((error as Error).message + '; not connected.');
    return null;
  }
  const initialToken = new URLSearchParams(location.search).get('token');
  const swap = config.token != 'off' && initialToken ? installTokenSwap({ initialToken, apiOrigin }) : null;
  const disconnect = connectTo(parent, {
    heightSource: appShellHeight(config.content),
    // No swap (no token in the URL, or fetch cannot be wrapped): no `token` capability, so the
    // host reloads the frame with a fresh token instead, as for any stock page.
    onToken: swap?.use,
    tokenOrigins: allowed,
    navigate: true,
    postOrigins: allowed,
  });
  return () => {
    disconnect();
    swap?.restore();
  };
}
