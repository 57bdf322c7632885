// The `pod-template-hash` of a Deployment's pod template (upstream's controller.ComputeHash):
// FNV-1a (32 bit) over the template plus the collision count, its decimal value rendered
// with rand.SafeEncodeString so the result is a short, vowel-free label value such as
// `5d4f7c7d9`. Upstream hashes Go's printout of the struct; we hash a canonical JSON form
// (sorted keys, empty values dropped), which is stable across restarts and key order.

import type { PodTemplateSpec } from '../../api/core/types.js';

const FNV32_OFFSET = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;

/** rand.SafeEncodeString's alphabet: no vowels (no words) and no look-alikes such as 0/1/3. */
const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function fnv32a(bytes: Uint8Array, seed = FNV32_OFFSET): number {
  let h = seed;
  for (const b of bytes) h = Math.imul(h ^ b, FNV32_PRIME) >>> 0;
  return h >>> 0;
}

/** Maps each character to the safe alphabet (by its code modulo the alphabet size), as upstream does. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHANUMS[s.charCodeAt(i) % SAFE_ALPHANUMS.length];
  return out;
}

/**
 * JSON with object keys sorted and null/empty values dropped, so two templates that mean
 * the same thing (one with `labels: {}`, one without) hash and compare the same.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(prune(value)) ?? 'null';
}

/** Drops null/undefined and empty arrays/objects, sorting keys; what Go's omitempty and nil-vs-empty equality amount to. */
function prune(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(prune).map((v) => (v === undefined ? null : v));
    return items.length === 0 ? undefined : items;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = prune((value as Record<string, unknown>)[key]);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value === null ? undefined : value;
}

/** The pod-template-hash for `template` after `collisionCount` collisions (at most 10 characters). */
export function computeHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(canonicalJson(template ?? {})));
  if (collisionCount !== undefined) {
    // Upstream appends the count as 8 little-endian bytes (a uint32 in the low four).
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(bytes, h);
  }
  return safeEncodeString(String(h));
}
