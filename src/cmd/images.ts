// `k8ts images ls` output: one row per image name, as `crictl images` prints them.

import type { ImageInfo } from '../kubelet/runtime/types.js';

export function formatImages(images: ImageInfo[]): string {
  const rows = [['IMAGE', 'TAG', 'IMAGE ID', 'SIZE']];
  for (const img of images) {
    const id = img.id.replace(/^.*sha256:/, '').slice(0, 13);
    for (const ref of img.repoTags.length ? img.repoTags : ['<none>:<none>']) {
      const colon = ref.lastIndexOf(':');
      const [repo, tag] = colon > ref.lastIndexOf('/') ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, '<none>'];
      rows.push([repo, tag, id, humanSize(img.size)]);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] + 3))).join('').trimEnd() + '\n').join('');
}

function humanSize(bytes: number): string {
  if (bytes < 1000) return `${bytes}B`;
  const units = ['kB', 'MB', 'GB'];
  let v = bytes;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)}${units[u]}`;
}
