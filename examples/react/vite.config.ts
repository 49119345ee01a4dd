import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The page reads the hub's address and the intake key from VITE_TALAP_HUB and VITE_TALAP_KEY
// (the environment, or a .env.local file beside this one) when it is built or served.
export default defineConfig({
  plugins: [react()],
});
