// The two ranges Services draw from: IPv4 addresses of the service CIDR (the network and
// broadcast addresses excluded, as upstream's allocator does) and node ports.

export interface Range<T> {
  size: number;
  at(i: number): T;
  /** The value's offset in the range, or -1 when it lies outside. */
  indexOf(v: T): number;
  describe(): string;
}

const toInt = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const toIP = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

export function ipRange(cidr: string): Range<string> {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(base ?? '') || !(bits >= 8 && bits <= 30)) throw new Error(`service CIDR ${cidr}: expected an IPv4 network from /8 to /30`);
  const network = toInt(base) & ((~0 << (32 - bits)) >>> 0);
  const size = 2 ** (32 - bits) - 2;
  return {
    size,
    at: (i) => toIP(network + 1 + i),
    indexOf: (ip) => {
      if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return -1;
      const i = toInt(ip) - network - 1;
      return i >= 0 && i < size ? i : -1;
    },
    describe: () => `${toIP(network)}/${bits}`,
  };
}

export function portRange(first: number, last: number): Range<number> {
  return {
    size: last - first + 1,
    at: (i) => first + i,
    indexOf: (p) => (Number.isInteger(p) && p >= first && p <= last ? p - first : -1),
    describe: () => `${first}-${last}`,
  };
}
