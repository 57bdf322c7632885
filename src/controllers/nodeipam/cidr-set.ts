// The node CIDRs of one cluster CIDR (upstream's cidrset): a /16 cut into /24s gives 256
// subnets, handed out in turn from where the last allocation stopped, so a subnet released by
// a deleted node is not given to the next node at once.

export class CidrSet {
  private readonly base: number;
  private readonly subnetBits: number;
  private readonly count: number;
  private readonly used = new Set<number>();
  private next = 0;

  constructor(clusterCIDR: string, readonly maskSize: number) {
    const [ip, prefix] = clusterCIDR.split('/');
    const clusterBits = Number(prefix);
    if (!(maskSize >= clusterBits && maskSize <= 30)) {
      throw new Error(`--node-cidr-mask-size ${maskSize} must be between the cluster CIDR's prefix (${clusterBits}) and 30`);
    }
    this.subnetBits = 32 - maskSize;
    this.count = 2 ** (maskSize - clusterBits);
    // Host bits of the cluster address are ignored, as net.ParseCIDR does.
    this.base = Number((BigInt(ipToInt(ip!)) >> BigInt(32 - clusterBits)) << BigInt(32 - clusterBits));
  }

  /** The next free subnet, or undefined when every one is taken. */
  allocate(): string | undefined {
    for (let tried = 0; tried < this.count; tried++) {
      const i = (this.next + tried) % this.count;
      if (this.used.has(i)) continue;
      this.used.add(i);
      this.next = (i + 1) % this.count;
      return this.cidrAt(i);
    }
    return undefined;
  }

  /** Marks `cidr` taken; false when it is not one of this set's subnets (a CIDR from elsewhere). */
  occupy(cidr: string): boolean {
    const i = this.indexOf(cidr);
    if (i === undefined) return false;
    this.used.add(i);
    return true;
  }

  release(cidr: string): void {
    const i = this.indexOf(cidr);
    if (i !== undefined) this.used.delete(i);
  }

  private cidrAt(i: number): string {
    return `${intToIp(this.base + i * 2 ** this.subnetBits)}/${this.maskSize}`;
  }

  private indexOf(cidr: string): number | undefined {
    const [ip, prefix] = cidr.split('/');
    if (Number(prefix) !== this.maskSize || !ip) return undefined;
    const offset = ipToInt(ip) - this.base;
    const i = offset / 2 ** this.subnetBits;
    return Number.isInteger(i) && i >= 0 && i < this.count ? i : undefined;
  }
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function intToIp(n: number): string {
  return [Math.floor(n / 2 ** 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
