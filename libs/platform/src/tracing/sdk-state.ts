// Apart from index.ts, so that the request logger can ask without loading the SDK's modules.
let running = false;

export function markTracingSdkRunning(value: boolean): void {
  running = value;
}

/** True while the SDK runs: its spans then give the log its trace ids, and the request logger must not. */
export function tracingSdkRunning(): boolean {
  return running;
}
