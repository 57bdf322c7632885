// A minimal, deterministic ustar writer: the same entries always give the same bytes (sorted
// paths, owner 0:0, mtime 0), so image layers built from them have stable digests.

export type TarEntry =
  | { type: 'file'; path: string; data: Buffer | string; mode?: number }
  | { type: 'dir'; path: string; mode?: number }
  | { type: 'symlink'; path: string; target: string };

const BLOCK = 512;

/** Writes `value` as a NUL-terminated octal number filling `width` bytes. */
function octal(header: Buffer, offset: number, width: number, value: number): void {
  header.write(value.toString(8).padStart(width - 1, '0') + '\0', offset, width, 'ascii');
}

/** ustar splits paths over 100 bytes into a prefix (≤155) and a name (≤100) at a slash. */
function splitPath(p: string): { prefix: string; name: string } {
  if (Buffer.byteLength(p) <= 100) return { prefix: '', name: p };
  for (let i = p.lastIndexOf('/', p.length - 2); i > 0; i = p.lastIndexOf('/', i - 1)) {
    const prefix = p.slice(0, i);
    const name = p.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { prefix, name };
  }
  throw new Error(`tar: path too long for ustar: ${p}`);
}

function header(entry: TarEntry, size: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  const rel = entry.path.replace(/^\/+/, '');
  const { prefix, name } = splitPath(entry.type === 'dir' ? `${rel.replace(/\/+$/, '')}/` : rel);
  h.write(name, 0, 100, 'utf8');
  const mode = entry.type === 'symlink' ? 0o777 : (entry.mode ?? (entry.type === 'dir' ? 0o755 : 0o644));
  octal(h, 100, 8, mode);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, size);
  octal(h, 136, 12, 0);
  h.write({ file: '0', dir: '5', symlink: '2' }[entry.type], 156, 1, 'ascii');
  if (entry.type === 'symlink') h.write(entry.target, 157, 100, 'utf8');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write('root', 265, 32, 'ascii');
  h.write('root', 297, 32, 'ascii');
  octal(h, 329, 8, 0);
  octal(h, 337, 8, 0);
  h.write(prefix, 345, 155, 'utf8');
  // The checksum is summed with its own field read as eight spaces.
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return h;
}

/** The archive of `entries`, ordered by path so parents precede children. */
export function tarArchive(entries: TarEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const parts: Buffer[] = [];
  for (const entry of sorted) {
    if (entry.type === 'symlink' && Buffer.byteLength(entry.target) > 100) throw new Error(`tar: link target too long: ${entry.target}`);
    const data = entry.type === 'file' ? Buffer.from(entry.data) : Buffer.alloc(0);
    parts.push(header(entry, data.length), data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}
