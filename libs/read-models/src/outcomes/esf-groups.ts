export { ESF_IMMEDIATE_GROUPS } from '@samspar/journeys';

/** `column IN ('a', 'b')` for a fixed list of vocabulary words (never user input). */
export const inList = (column: string, values: readonly string[]): string =>
  `${column} IN (${values.map((value) => `'${value}'`).join(', ')})`;
