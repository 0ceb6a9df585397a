import { randomUUID } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export const newId = (): string => randomUUID();

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** For `@Transform`: an id from a request in lower case, as Samspår stores and compares ids. */
export const lowerCased = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.toLowerCase() : value);
