// main.ts imports this first, so that http, express, pg and pino are instrumented when they load.
import { startTracing } from '@samspar/platform/tracing';

startTracing('samspar-api');
