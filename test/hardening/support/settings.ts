/** How hard and how long the load runs: HARDENING_CASEWORKERS (16 to 64) and HARDENING_SECONDS. */
export interface LoadSettings {
  readonly caseworkers: number;
  /** The load test. */
  readonly loadSeconds: number;
  /** Each fault phase, around its fault. */
  readonly faultSeconds: number;
}

function whole(name: string, fallback: number, min: number, max: number): number {
  const text = process.env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} is ${JSON.stringify(text)}; set it to a whole number from ${min} to ${max}, or unset it`);
  }
  return value;
}

export function loadSettings(): LoadSettings {
  const caseworkers = whole('HARDENING_CASEWORKERS', 16, 1, 64);
  const loadSeconds = whole('HARDENING_SECONDS', 60, 5, 3_600);
  // 60 s of load gives 15 s phases; shorter runs keep enough time around each fault to see it.
  const faultSeconds = whole('HARDENING_FAULT_SECONDS', Math.max(8, Math.min(20, Math.round(loadSeconds / 4))), 5, 600);
  return { caseworkers, loadSeconds, faultSeconds };
}
