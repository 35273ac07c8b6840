// Custom properties without a fallback resolve to the property's initial value when unset:
// no max-height, no border, a transparent background.
// A constructable stylesheet (adopted by ReactiveElement): nothing here needs 'unsafe-inline'
// under a strict CSP. Plain CSSStyleSheet rather than Lit's css tag keeps the bundle small;
// in Node (SSR) there is no stylesheet and none is needed.
const cssText = `
  :host {
    display: block;
    position: relative;
  }
  :host([hidden]) {
    display: none;
  }
  iframe,
  .placeholder {
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
  .overlay {
    position: absolute;
    inset: 0;
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
