// The entry of a page without the protocol (--no-protocol): like Dittofeed's own pages.
import { start } from './page.js';

start(null);
