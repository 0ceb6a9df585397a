/**
 * How a fold changes the records it holds. `copying` makes every change a new object, so that a state once handed
 * out never changes: the command path keeps folded states, and a decider compares the state before and after.
 * `inPlace` changes in place what it made itself since its state was last handed out, and copies anything else
 * first: a fold over a long stream then costs its length, not its square (copying a journey's steps and
 * interventions at every step did).
 */
export class Edits {
  static readonly copying = new Edits(false);

  /** What this fold made since it last handed its state out; undefined when it never changes anything in place. */
  private made: WeakSet<object> | undefined;

  private constructor(inPlace: boolean) {
    this.made = inPlace ? new WeakSet() : undefined;
  }

  static inPlace(): Edits {
    return new Edits(true);
  }

  /** The state is handed out: whatever was made so far is copied before it is changed again. */
  handOut(): void {
    if (this.made) this.made = new WeakSet();
  }

  /** `target` with `changes`, as `{ ...target, ...changes }` is (the same keys, in the same order). */
  with<T extends object>(target: T, changes: Partial<T>): T {
    if (this.mine(target)) return Object.assign(target, changes);
    return this.own({ ...target, ...changes });
  }

  /** `target` without `keys`: always a new object, as deleting a key would slow every later read of it. */
  without<T extends object, K extends keyof T & string>(target: T, ...keys: K[]): Omit<T, K> {
    const left = new Set<string>(keys);
    return this.own(Object.fromEntries(Object.entries(target).filter(([key]) => !left.has(key))) as Omit<T, K>);
  }

  /** The map with `key` set to `value`. */
  put<V>(map: Readonly<Record<string, V>>, key: string, value: V): Readonly<Record<string, V>> {
    // Assigning '__proto__' would set the prototype where the copy defines a key.
    if (this.mine(map) && key !== '__proto__') {
      (map as Record<string, V>)[key] = value;
      return map;
    }
    return this.own({ ...map, [key]: value });
  }

  /** The list with `item` at its end. */
  push<V>(list: readonly V[], item: V): readonly V[] {
    if (this.mine(list)) {
      (list as V[]).push(item);
      return list;
    }
    return this.own([...list, item]);
  }

  private mine(target: object): boolean {
    return this.made !== undefined && this.made.has(target);
  }

  private own<T extends object>(made: T): T {
    this.made?.add(made);
    return made;
  }
}
