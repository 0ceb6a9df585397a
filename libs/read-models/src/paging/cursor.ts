import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '@samspar/platform';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** The sort key of the last row of a page; the next page starts after it, so rows added meanwhile never repeat one. */
export type CursorKey = readonly (string | number | null)[];

/** Opaque to clients: base64url of the key, tagged with the list it belongs to and its order. */
export function encodeCursor(list: string, key: CursorKey): string {
  return Buffer.from(JSON.stringify([list, ...key]), 'utf8').toString('base64url');
}

/** 400 naming `cursor`: a cursor that no page of this list gave. */
export const badCursor = (): ProblemException =>
  new ProblemException(
    HttpStatus.BAD_REQUEST,
    'invalid-cursor',
    'cursor must be the `next` value of an earlier page of this list, with the same sort, passed on unchanged.',
    'cursor',
  );

/** The key of a cursor that `encodeCursor(list, …)` made, with `length` parts; 400 naming `cursor` otherwise. */
export function decodeCursor(list: string, cursor: string | undefined, length: number): CursorKey | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== length + 1 || parsed[0] !== list) throw badCursor();
  const key = parsed.slice(1) as unknown[];
  if (!key.every((part) => part === null || typeof part === 'string' || typeof part === 'number')) throw badCursor();
  return key as CursorKey;
}

/** A page of rows fetched with one row more than asked for: that row only tells there is a next page. */
export function pageOf<Row, Item>(
  rows: readonly Row[],
  limit: number,
  list: string,
  keyOf: (row: Row) => CursorKey,
  itemOf: (row: Row) => Item,
): { items: Item[]; next: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(itemOf),
    next: rows.length > limit && last !== undefined ? encodeCursor(list, keyOf(last)) : null,
  };
}
