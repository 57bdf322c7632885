// The real host filesystem, as the mount planner sees it.

import { lstatSync, realpathSync } from 'node:fs';
import type { HostFs } from './mount-plan.js';

export const hostFs: HostFs = {
  kind(p) {
    try {
      const st = lstatSync(p);
      return st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : 'file';
    } catch {
      return undefined;
    }
  },
  realpath: (p) => realpathSync(p),
};
