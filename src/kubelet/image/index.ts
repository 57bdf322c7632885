// Building OCI image archives locally (no registry): the pause image, `k8ts images` and tests.
export { tarArchive, type TarEntry } from './tar.js';
export { buildOciImage, writeOciImage, type BuiltImage, type ImageRuntimeConfig, type OciImageSpec } from './oci.js';
export { busyboxImage, busyboxRootfs, findBusybox, DEFAULT_PATH, type BusyboxImageOptions } from './busybox.js';
