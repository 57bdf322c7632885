// Parsers for command-line values in the forms upstream's flags take.

import { InvalidArgumentError } from 'commander';

export function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

export function count(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number');
  return n;
}

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** A Go duration (`40s`, `1m30s`, `500ms`), or bare seconds, as whole-or-fractional seconds. */
export function duration(v: string): number {
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const parts = [...v.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== v) throw new InvalidArgumentError('must be a duration such as 40s, 1m30s or 500ms');
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_SECONDS[p[2]], 0);
}

/** An IPv4 CIDR such as 10.42.0.0/16, normalised to its network address. */
export function cidr(v: string): string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(v);
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const bits = m ? Number(m[5]) : -1;
  if (!m || octets.some((o) => o > 255) || bits < 8 || bits > 24) throw new InvalidArgumentError('must be an IPv4 CIDR from /8 to /24, such as 10.42.0.0/16');
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  const network = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) & mask;
  return `${[network >>> 24, (network >>> 16) & 255, (network >>> 8) & 255, network & 255].join('.')}/${bits}`;
}

export function runtimeName(v: string): 'containerd' | 'process' {
  if (v !== 'containerd' && v !== 'process') throw new InvalidArgumentError('must be containerd or process');
  return v;
}
