// Allocation by claim keys, one per handed-out value, under a storage prefix: creating the key
// is the allocation (the store refuses a second create), deleting it the release. So no value
// is ever handed out twice, by this server or another on the same store, whatever crashes;
// a crash can only leave a claim without its Service, which repair() frees at the next start.
// (Upstream 1.32's IPAddress objects work the same way.)

import { KeyExistsError, NotFoundError, type Store } from '../../storage/index.js';
import type { Range } from './ranges.js';

/** Who holds a value: the Service's namespace, name and uid. */
export interface Owner {
  namespace: string;
  name: string;
  uid: string;
}

export class RangeClaims<T extends string | number> {
  /** Values believed taken: a hint to pick candidates quickly; the store has the last word. */
  private readonly taken = new Set<number>();
  private cursor: number;

  constructor(
    private readonly store: Store,
    private readonly prefix: string,
    readonly range: Range<T>,
  ) {
    this.cursor = Math.floor(Math.random() * range.size);
  }

  private key(v: T): string {
    return `${this.prefix}${v}`;
  }

  /** Claims `v` for `owner`; false when someone holds it. */
  async claim(v: T, owner: Owner): Promise<boolean> {
    try {
      await this.store.create(this.key(v), JSON.stringify(owner));
      this.taken.add(this.range.indexOf(v));
      return true;
    } catch (e) {
      if (!(e instanceof KeyExistsError)) throw e;
      this.taken.add(this.range.indexOf(v));
      return false;
    }
  }

  /** Claims some free value, or undefined when the range is full. */
  async claimAny(owner: Owner): Promise<T | undefined> {
    for (let tried = 0; tried < this.range.size; tried++) {
      const i = this.cursor;
      this.cursor = (this.cursor + 1) % this.range.size;
      if (this.taken.has(i)) continue;
      const v = this.range.at(i);
      if (await this.claim(v, owner)) return v;
    }
    return undefined;
  }

  async release(v: T): Promise<void> {
    try {
      await this.store.delete(this.key(v));
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
    }
    this.taken.delete(this.range.indexOf(v));
  }

  /**
   * Makes the claims match what the Services hold (`held`: value → owner): frees claims no
   * Service backs, and claims what a Service holds without one.
   */
  async repair(held: Map<T, Owner>, onConflict: (v: T, owner: Owner, holder: Owner) => void): Promise<void> {
    const { items } = await this.store.list(this.prefix);
    const claimed = new Map<string, Owner>();
    for (const kv of items) claimed.set(kv.key.slice(this.prefix.length), JSON.parse(kv.value) as Owner);
    for (const [text, owner] of claimed) {
      const v = (typeof this.range.at(0) === 'number' ? Number(text) : text) as T;
      const holder = held.get(v);
      if (holder && holder.uid === owner.uid) this.taken.add(this.range.indexOf(v));
      else await this.release(v);
    }
    for (const [v, owner] of held) {
      if (claimed.get(String(v))?.uid === owner.uid) continue;
      if (!(await this.claim(v, owner))) onConflict(v, owner, claimed.get(String(v))!);
    }
  }
}
