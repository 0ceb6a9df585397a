/** More for /health/ready to show, from a module the platform does not know (e.g. the read models). */
export interface HealthDetails {
  readonly name: string;
  details(): Promise<Record<string, unknown>>;
}

export const HEALTH_DETAILS = Symbol('HEALTH_DETAILS');
