/**
 * A valid (version 4 layout) uuid made of two numbers, for generated test data: `kind` in hex in the first group,
 * `n` in hex in the last, so that a failing case shows what an id stands for and the same numbers give the same id.
 */
export const testUuid = (kind: number, n: number): string =>
  `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
