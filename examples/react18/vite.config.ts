import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  // One React: this app's 18, also for dittofeed-embed/react (and @lit/react) when they are
  // linked from elsewhere, as in this repository.
  resolve: { dedupe: ['react', 'react-dom'] },
  // In development, forward the token endpoint to your backend.
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
