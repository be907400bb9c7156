// Built by `npm run build` (vite build dashboard) into dashboard/dist, which the API serves at `/`
// (server/routes/dashboard.ts). No dev server is needed: the dashboard only calls the public /v1 API.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
