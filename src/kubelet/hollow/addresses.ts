// Fake addresses for simulated nodes and their pods. Node i is 10.99.x.y; its pods draw
// from a block of their own in 10.128.0.0/9 (a /24 for up to 254 pods), so pod IPs are
// unique across all simulated nodes without any coordination between them.

const NODE_BASE = ipToInt('10.99.0.0');
const POD_BASE = ipToInt('10.128.0.0');
const POD_SPACE = 1 << 23;

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** The InternalIP of the node with this index (.0 skipped, 65,535 nodes). */
export function nodeIP(index: number): string {
  if (index + 1 >= 1 << 16) throw new Error(`simulated node index ${index} is beyond the 10.99.0.0/16 node addresses`);
  return intToIp(NODE_BASE + index + 1);
}

/** Pod IPs of one node: the next free address of its block (a freed one is not reused at once). */
export class PodIPPool {
  private readonly base: number;
  private readonly size: number;
  private readonly used = new Set<number>();
  private next = 1;

  /** `maxPods` sizes the block: a power of two holding them plus network and broadcast addresses. */
  constructor(index: number, maxPods: number) {
    let size = 256;
    while (size < maxPods + 2) size *= 2;
    if ((index + 1) * size > POD_SPACE) throw new Error(`simulated node index ${index} is beyond the 10.128.0.0/9 pod addresses`);
    this.base = POD_BASE + index * size;
    this.size = size;
  }

  /** The block as a CIDR: the node's spec.podCIDR, set by the node itself as kwok's nodes do. */
  cidr(): string {
    return `${intToIp(this.base)}/${32 - Math.log2(this.size)}`;
  }

  /** Marks an address found on an existing pod (after a restart) as taken. */
  claim(ip: string): void {
    const offset = ipToInt(ip) - this.base;
    if (offset > 0 && offset < this.size - 1) this.used.add(offset);
  }

  allocate(): string {
    for (let tried = 0; tried < this.size - 2; tried++) {
      const offset = this.next;
      this.next = offset + 1 >= this.size - 1 ? 1 : offset + 1;
      if (!this.used.has(offset)) {
        this.used.add(offset);
        return intToIp(this.base + offset);
      }
    }
    throw new Error(`no free pod IP in ${intToIp(this.base)}/${32 - Math.log2(this.size)}`);
  }

  release(ip: string): void {
    this.used.delete(ipToInt(ip) - this.base);
  }
}
