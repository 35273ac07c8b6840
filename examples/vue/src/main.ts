import { createApp } from 'vue';
// Registers <dittofeed-embed>; the second import only adds its types to Vue templates.
import 'dittofeed-embed';
import type {} from 'dittofeed-embed/vue';
import App from './App.vue';

createApp(App).mount('#app');
