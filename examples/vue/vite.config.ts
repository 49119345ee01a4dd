import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// Vue renders <talap-intake-form> as the custom element it is, instead of looking for a Vue
// component of that name. The page reads the hub's address and the intake key from
// VITE_TALAP_HUB and VITE_TALAP_KEY (the environment, or a .env.local file beside this one).
export default defineConfig({
  plugins: [
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('talap-') } } }),
  ],
});
