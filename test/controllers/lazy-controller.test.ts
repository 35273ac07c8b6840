// LazyController with a tiny host element: it says when the host first nears the viewport.
import { ReactiveElement, type PropertyValues } from '@lit/reactive-element';
import { expect } from '@open-wc/testing';
import { LAZY_ROOT_MARGIN, LazyController } from '../../src/controllers/lazy-controller.js';
import { sleep, until } from '../support/harness.js';

/** Watches while not near, as the element does on each update; counts its updates. */
class LazyHost extends ReactiveElement {
  readonly lazy = new LazyController(this);
  updates = 0;
  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    this.updates++;
    if (!this.lazy.near) this.lazy.watch();
  }
}
customElements.define('lazy-host', LazyHost);

const waitFrames = async () => {
  await new Promise(requestAnimationFrame);
  await new Promise(requestAnimationFrame);
};

describe('LazyController', () => {
  let spacer: HTMLElement;
  let host: LazyHost;
  /** Puts the host `below` px under the bottom of the viewport. */
  async function mountBelow(below: number): Promise<LazyHost> {
    spacer = document.createElement('div');
    spacer.style.height = `${innerHeight + below}px`;
    host = document.createElement('lazy-host') as LazyHost;
    host.style.display = 'block';
    host.style.height = '50px';
    document.body.append(spacer, host);
    await host.updateComplete;
    await waitFrames();
    return host;
  }
  afterEach(() => {
    spacer.remove();
    host.remove();
    scrollTo(0, 0);
  });

  it(`is near within ${LAZY_ROOT_MARGIN} of the viewport`, async () => {
    await mountBelow(parseInt(LAZY_ROOT_MARGIN) - 50);
    await until(() => host.lazy.near, 'near');
  });

  it('is not near further away, and becomes near (with one update) when scrolled to', async () => {
    await mountBelow(parseInt(LAZY_ROOT_MARGIN) + 400);
    await sleep(100);
    expect(host.lazy.near).to.equal(false);
    const before = host.updates;
    host.scrollIntoView();
    await until(() => host.lazy.near, 'near after scrolling');
    await host.updateComplete;
    expect(host.updates).to.equal(before + 1);
    // Once near it stays near and stops observing: scrolling away and back changes nothing.
    scrollTo(0, 0);
    await waitFrames();
    host.scrollIntoView();
    await waitFrames();
    expect([host.lazy.near, host.updates]).to.deep.equal([true, before + 1]);
  });

  it('stops observing on disconnect and watches again when reconnected', async () => {
    await mountBelow(2000);
    host.remove();
    // Scrolled into view while disconnected: nothing to see.
    document.body.append(host);
    host.remove();
    expect(host.lazy.near).to.equal(false);
    document.body.append(host);
    await host.updateComplete;
    host.scrollIntoView();
    await until(() => host.lazy.near, 'near after reconnecting');
  });

  it('does not watch a host that is not connected', async () => {
    await mountBelow(0);
    const detached = document.createElement('lazy-host') as LazyHost;
    detached.lazy.watch();
    await sleep(50);
    expect(detached.lazy.near).to.equal(false);
  });
});
