/** What the user got wrong or must fix, said in one line with the fix; main prints it and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An error as one short line, for a message that must stay one line. */
export function oneLine(error: unknown): string {
  // pg reports a refused connection to several addresses as an AggregateError with an empty message.
  const inner = error instanceof AggregateError && error.errors.length > 0 ? error.errors[0] : error;
  const text = inner instanceof Error ? inner.message || (inner as { code?: string }).code || inner.name : String(inner);
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** A value the user typed, quoted and cut short, so that a long one cannot spread the message. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
