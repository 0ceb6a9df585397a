import { defineConfig } from '@hey-api/openapi-ts';

// The typed client, from the api's own document (npm run web:client writes openapi.json first).
export default defineConfig({
  input: 'apps/web/openapi.json',
  output: 'apps/web/src/api/generated',
  plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
});
