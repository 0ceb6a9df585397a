/**
 * What a command handler may know of its Idempotency-Key: a seed for its event ids, and whether it
 * resumes a request whose process died. Ids derived from the seed let the retry find what was stored.
 */
export interface CommandAttempt {
  readonly seed: string;
  readonly resumed: boolean;
}

const attempts = new WeakMap<object, CommandAttempt>();

export function setCommandAttempt(request: object, attempt: CommandAttempt): void {
  attempts.set(request, attempt);
}

export function commandAttemptOf(request: object): CommandAttempt | undefined {
  return attempts.get(request);
}
