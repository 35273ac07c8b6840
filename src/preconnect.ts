const hinted = new Set<string>();

/** Adds one `<link rel="preconnect">` per origin per page, so DNS and TLS overlap the token request. */
export function preconnect(origin: string): void {
  if (hinted.has(origin)) return;
  hinted.add(origin);
  // Another copy of this script (or the host) may have added it already.
  if (document.head.querySelector(`link[rel=preconnect][href^="${origin}"]`)) return;
  const link = document.createElement('link');
  link.rel = 'preconnect';
  link.href = origin;
  document.head.append(link);
}
