import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  // In development, forward the token endpoint to your backend.
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
