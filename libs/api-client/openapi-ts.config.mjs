// The api client, generated from the api's OpenAPI document (npm run generate:client); the UI and the e2e flows use it.
import { defineConfig } from '@hey-api/openapi-ts';

export const clientConfig = (output) => ({
  input: './dist/openapi.json',
  output: { path: output, importFileExtension: '.js' },
  plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
  logs: { file: false },
});

export default defineConfig(clientConfig('libs/api-client/src/generated'));
