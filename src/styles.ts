// Custom properties without a fallback resolve to the property's initial value when unset:
// no max-height, no border, a transparent background.
// A constructable stylesheet (adopted by ReactiveElement): nothing here needs 'unsafe-inline'
// under a strict CSP. Plain CSSStyleSheet rather than Lit's css tag keeps the bundle small;
// in Node (SSR) there is no stylesheet and none is needed.
// The view box (the top-level div) stands in for a frame not yet there, and covers one that loads
// or failed (it follows the iframe): no classes to keep in step.
const cssText = `
  :host {
    display: block;
    position: relative;
  }
  :host([hidden]) {
    display: none;
  }
  iframe,
  :host > div:not([hidden]) {
    display: block;
    box-sizing: border-box;
    width: 100%;
    height: var(--dittofeed-embed-min-height, 600px);
    max-height: var(--dittofeed-embed-max-height);
    border: var(--dittofeed-embed-border);
    background: var(--dittofeed-embed-background);
  }
  .pending {
    visibility: hidden;
  }
  iframe + div {
    position: absolute;
    inset: 0;
    height: auto;
  }
  [role] {
    display: grid;
    place-content: center;
    height: 100%;
    text-align: center;
  }
`;

export const embedStyles: CSSStyleSheet[] = [];
if (typeof CSSStyleSheet !== 'undefined') {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cssText);
  embedStyles.push(sheet);
}
