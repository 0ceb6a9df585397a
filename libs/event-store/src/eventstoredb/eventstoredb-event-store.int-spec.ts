import { GenericContainer, StartedTestContainer, Wait } from 'testcontainers';
import { eventStoreContract } from '../testing/event-store.contract';
import { describeWhen, dockerAvailable } from '../testing/test-environment';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

const configured = process.env.EVENTSTORE_CONNECTION_STRING;
// The version docker/compose.yaml runs.
const KURRENTDB_IMAGE = 'kurrentplatform/kurrentdb:25.1.0';
const KURRENTDB_PORT = 2113;
// Pulling the image on a cold machine takes most of this.
const STARTUP_MS = 120_000;

describeWhen(
  Boolean(configured) || dockerAvailable(),
  'EVENTSTORE_CONNECTION_STRING is not set and there is no Docker engine to start KurrentDB in',
)('Event store contract on EventStoreDB/KurrentDB', () => {
  let container: StartedTestContainer | undefined;
  let connectionString = configured;

  beforeAll(async () => {
    if (connectionString) return;
    container = await new GenericContainer(KURRENTDB_IMAGE)
      .withEnvironment({ KURRENTDB_INSECURE: 'true', KURRENTDB_RUN_PROJECTIONS: 'None', KURRENTDB_MEM_DB: 'true' })
      .withExposedPorts(KURRENTDB_PORT)
      .withWaitStrategy(Wait.forHttp('/health/live', KURRENTDB_PORT))
      .withStartupTimeout(STARTUP_MS)
      .start();
    connectionString = `esdb://${container.getHost()}:${container.getMappedPort(KURRENTDB_PORT)}?tls=false`;
  }, STARTUP_MS);

  eventStoreContract(async (upcasters) => {
    const store = await EventStoreDbEventStore.connect({ connectionString: connectionString!, upcasters, pollIntervalMs: 100 });
    return { store, close: () => store.close() };
  });

  // Declared after the contract, whose afterAll closes the store first: Jest runs these in order.
  afterAll(async () => {
    await container?.stop();
  }, 60_000);
});
