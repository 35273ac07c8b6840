import { mount } from 'svelte';
// Registers <dittofeed-embed>; the second import only adds its types to Svelte markup.
import 'dittofeed-embed';
import type {} from 'dittofeed-embed/svelte';
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });
