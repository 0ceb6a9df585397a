/** The only way domain code learns the time; tests pass a fixed one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: string | Date): Clock {
  const instant = new Date(at);
  return { now: () => new Date(instant) };
}
