import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  // In development, forward the token endpoint to your backend.
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
