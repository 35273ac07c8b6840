import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [
    vue({
      // <dittofeed-embed> is a web component, not a Vue component.
      template: { compilerOptions: { isCustomElement: (tag) => tag === 'dittofeed-embed' } },
    }),
  ],
  // In development, forward the token endpoint to your backend.
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
