// containerd's config.toml for a containerd owned by k8ts: everything under one state
// directory, and the CRI settings this machine needs (see reference/node-runtime.md §2).

import { CNI_BIN_DIR } from '../../network/cni-config.js';

export interface ContainerdLayout {
  root: string;
  state: string;
  opt: string;
  socket: string;
  cniConfDir: string;
}

export interface ContainerdConfigOptions {
  layout: ContainerdLayout;
  sandboxImage: string;
  /** Where the CRI streaming server (exec/attach/port-forward URLs) listens. */
  streamServerAddress: string;
  /** "0" picks a free port. */
  streamServerPort: string;
}

/** TOML basic strings accept JSON's escapes. */
const q = (s: string) => JSON.stringify(s);

export function containerdConfigToml(o: ContainerdConfigOptions): string {
  const l = o.layout;
  const cri = 'plugins."io.containerd.grpc.v1.cri"';
  return `version = 2
root = ${q(l.root)}
state = ${q(l.state)}
# Filesystems this machine lacks; skipping them keeps the log free of noise.
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]

[grpc]
  address = ${q(l.socket)}

# Without it containerd creates /opt/containerd.
[plugins."io.containerd.internal.v1.opt"]
  path = ${q(l.opt)}

[${cri}]
  # No registry is reachable: the pause image is built and imported locally.
  sandbox_image = ${q(o.sandboxImage)}
  # CAP_SYS_RESOURCE is missing from the bounding set here, so the sandbox's default
  # oom_score_adj of -998 would make every RunPodSandbox fail inside runc.
  restrict_oom_score_adj = true
  # hugetlb sits on cgroup2 in this hybrid layout, which runc cannot use.
  disable_hugetlb_controller = true
  disable_apparmor = true
  enable_selinux = false
  stream_server_address = ${q(o.streamServerAddress)}
  stream_server_port = ${q(o.streamServerPort)}

  [${cri}.cni]
    bin_dir = ${q(CNI_BIN_DIR)}
    conf_dir = ${q(l.cniConfDir)}

  [${cri}.containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"

    [${cri}.containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"

      # No systemd as PID 1: cgroupfs driver.
      [${cri}.containerd.runtimes.runc.options]
        SystemdCgroup = false
`;
}
