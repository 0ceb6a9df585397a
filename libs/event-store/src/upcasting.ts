import { EventMetadata, RecordedEvent } from '@samspar/kernel';

/** Turns the data of one event type from `fromVersion` into `fromVersion + 1`. */
export interface Upcaster {
  readonly type: string;
  readonly fromVersion: number;
  upcast(data: unknown, metadata: EventMetadata): unknown;
}

/**
 * Stored events keep the shape they were written with; readers always see the newest shape.
 * Upcasters chain: v1 → v2 → v3.
 */
export class Upcasters {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) this.register(upcaster);
  }

  register(upcaster: Upcaster): this {
    const key = `${upcaster.type}@${upcaster.fromVersion}`;
    if (this.byKey.has(key)) throw new Error(`Two upcasters for ${key}`);
    this.byKey.set(key, upcaster);
    return this;
  }

  get isEmpty(): boolean {
    return this.byKey.size === 0;
  }

  apply<E extends RecordedEvent>(event: E): E {
    if (this.byKey.size === 0) return event;
    let { data, metadata } = event;
    let version = typeof metadata.schemaVersion === 'number' ? metadata.schemaVersion : 1;
    for (
      let upcaster = this.byKey.get(`${event.type}@${version}`);
      upcaster;
      upcaster = this.byKey.get(`${event.type}@${version}`)
    ) {
      data = upcaster.upcast(data, metadata);
      version += 1;
      metadata = { ...metadata, schemaVersion: version };
    }
    return data === event.data ? event : { ...event, data, metadata };
  }
}
