// What an app's main.ts does: register the element and bring in its Vue template types.
import 'dittofeed-embed';
import type {} from 'dittofeed-embed/vue';
