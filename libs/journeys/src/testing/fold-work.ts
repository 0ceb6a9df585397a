import { Edits } from '../edits';

/**
 * How much the participant's fold copies while `run` runs: the keys of every object and the items of every list that
 * Edits makes anew. A fold that copies its state at every event copies more at each event as the stream grows, so
 * over n events this grows with n²; a fold that changes its own working copy in place keeps it near n. Work counted,
 * not time measured, so the answer is the same on a loaded machine.
 */
export async function copiedWhile<T>(run: () => T | Promise<T>): Promise<{ result: T; copied: number }> {
  let copied = 0;
  // `own` is where Edits takes every object it made: private, so reached through the prototype.
  const edits = Edits.prototype as unknown as { own(made: object): object };
  const own = edits.own;
  const spy = jest.spyOn(edits, 'own').mockImplementation(function (this: Edits, made: object) {
    copied += Array.isArray(made) ? made.length : Object.keys(made).length;
    return own.call(this, made);
  });
  try {
    const result = await run();
    return { result, copied };
  } finally {
    spy.mockRestore();
  }
}
