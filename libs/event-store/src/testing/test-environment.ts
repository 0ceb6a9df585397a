import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

/** A schema name no other test file uses, so that runs never collide. */
export function uniqueSchema(prefix = 't'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export function dockerAvailable(): boolean {
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}

/**
 * `describe` when the backing service is there; otherwise a skipped `describe` whose title and
 * a printed line say why, so that a missing service is never mistaken for a pass.
 */
export function describeWhen(available: boolean, reason: string): jest.Describe {
  if (available) return describe;

  console.warn(`SKIPPED: ${reason}`);
  return ((name: string, fn: () => void) => describe.skip(`${name} [skipped: ${reason}]`, fn)) as jest.Describe;
}
