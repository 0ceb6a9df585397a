import { UsageError } from './usage-error';

/** The UsageError that work throws; any other error fails the test, and so does none. */
export function usageErrorOf(work: () => unknown, refused: string): UsageError {
  try {
    work();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`Expected ${refused} to be refused`);
}
