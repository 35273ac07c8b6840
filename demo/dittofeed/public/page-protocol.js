// The entry of a page that speaks the postMessage protocol: dittofeed-embed/child, imported
// statically (see start() in page.js for why not import()).
import * as child from '/_embed/child.min.js';
import { start } from './page.js';

start(child);
