import { GlobalPosition } from './envelope';

const POSITION = /^(\d{1,20}):(\d{1,20})$/;

export function isGlobalPosition(value: unknown): value is GlobalPosition {
  return typeof value === 'string' && POSITION.test(value);
}

export function positionOf(major: bigint | string | number, minor: bigint | string | number): GlobalPosition {
  return `${BigInt(major)}:${BigInt(minor)}`;
}

export function parsePosition(position: GlobalPosition): readonly [bigint, bigint] {
  const match = POSITION.exec(position);
  if (!match) throw new TypeError(`Not a global position: ${position}`);
  return [BigInt(match[1]!), BigInt(match[2]!)];
}

export function comparePositions(a: GlobalPosition, b: GlobalPosition): -1 | 0 | 1 {
  const [a1, a2] = parsePosition(a);
  const [b1, b2] = parsePosition(b);
  if (a1 !== b1) return a1 < b1 ? -1 : 1;
  if (a2 !== b2) return a2 < b2 ? -1 : 1;
  return 0;
}

export function maxPosition(a: GlobalPosition, b: GlobalPosition): GlobalPosition {
  return comparePositions(a, b) >= 0 ? a : b;
}
