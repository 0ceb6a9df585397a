// The api client generated from the OpenAPI document (npm run generate:client); do not edit generated/.
export * from './generated/index.js';
export { createClient } from './generated/client/index.js';
export type { Client } from './generated/client/index.js';
export { client } from './generated/client.gen.js';
