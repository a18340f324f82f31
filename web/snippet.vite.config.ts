import { defineConfig } from 'vite';

// Builds the tracking snippet (snippet/t.ts) into dist/t.js: one minified classic script (IIFE),
// no modules, no dependencies. Runs after the app build, which empties dist/, so it must not.
export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    sourcemap: false,
    target: 'es2018',
    minify: true,
    copyPublicDir: false,
    lib: {
      entry: 'snippet/main.ts',
      formats: ['iife'],
      name: 'tertulia',
      fileName: () => 't.js',
    },
  },
});
