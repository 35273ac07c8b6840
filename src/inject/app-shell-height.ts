/**
 * Content height for pages built as an app shell: html, body and their wrappers fill the viewport
 * (100%, 100vh) and the content scrolls inside one container, so the document never overflows and
 * the body's box only tells the viewport's height. Then the content needs the viewport plus what
 * that container hides (or minus what it leaves empty). Any other page is measured as
 * `dittofeed-embed/child` measures it.
 */
import { contentBottom, type HeightSource } from '../child/connect.js';

const px = (value: string): number => parseFloat(value) || 0;

const scrolls = (element: Element): boolean => /auto|scroll/.test(getComputedStyle(element).overflowY);

/**
 * The container that scrolls the content: walking down from `root` through the elements that fill
 * at least half the viewport, the first that scrolls vertically and hides some of its content (an
 * `overflow-x: auto` table wrapper as tall as its content is not one).
 */
export function shellScroller(root: Element): Element | null {
  // Ends at a leaf at the latest: each step goes one level down.
  for (let element: Element | undefined = root; element; ) {
    if (element.scrollHeight > element.clientHeight + 1 && scrolls(element)) return element;
    let tallest: Element | undefined;
    let tallestHeight = innerHeight / 2;
    for (const child of element.children) {
      const height = child.getBoundingClientRect().height;
      if (height >= tallestHeight) [tallest, tallestHeight] = [child, height];
    }
    element = tallest;
  }
  return null;
}

/** How tall the scroller's content is, whether or not it overflows (children that stretch aside). */
function scrolledContentHeight(scroller: Element): number {
  const { children } = scroller;
  if (!children.length) return scroller.scrollHeight;
  const top = scroller.getBoundingClientRect().top + scroller.clientTop - scroller.scrollTop;
  let bottom = top;
  for (const child of children) {
    bottom = Math.max(bottom, child.getBoundingClientRect().bottom + px(getComputedStyle(child).marginBottom));
  }
  return bottom - top + px(getComputedStyle(scroller).paddingBottom);
}

/**
 * `selector` (data-content) names the element to measure, looked up when measuring; default (and
 * for a selector that matches nothing or is not one) the body.
 */
export function appShellHeight(selector?: string): HeightSource {
  const root = (): Element => {
    let element = null;
    try {
      element = selector && document.querySelector(selector);
    } catch {
      // Not a selector: measured from the body, like no selector at all.
    }
    return element || document.body || document.documentElement;
  };
  let scroller: Element | null = null;
  let frame = 0;
  let changed = (): void => {};
  const soon = (): void => {
    frame ||= requestAnimationFrame(() => {
      frame = 0;
      changed();
    });
  };
  const resizes = new ResizeObserver(soon);
  return {
    measure() {
      const content = root();
      const documentFits = document.documentElement.scrollHeight <= innerHeight + 1;
      // Once found, the scroller stays the one while it exists, so that shrinking is seen too.
      if (!documentFits) scroller = null;
      else if (!scroller?.isConnected || !content.contains(scroller) || !scrolls(scroller)) scroller = shellScroller(content);
      if (!scroller) return contentBottom(content);
      for (const child of scroller.children) resizes.observe(child);
      return innerHeight + scrolledContentHeight(scroller) - scroller.clientHeight;
    },
    watch(onChange) {
      changed = onChange;
      resizes.observe(document.documentElement);
      // Inside a shell nothing outside the scroller changes size: watch what is added and removed.
      const mutations = new MutationObserver(soon);
      mutations.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
      return () => {
        cancelAnimationFrame(frame);
        resizes.disconnect();
        mutations.disconnect();
      };
    },
  };
}
