/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The base URL of your Talap hub, e.g. https://hub.example.org. */
  readonly VITE_TALAP_HUB?: string;
  /** An intake key of your organisation on that hub (it can only create cases). */
  readonly VITE_TALAP_KEY?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';

  const component: DefineComponent;
  export default component;
}
