// Why a container cannot be configured yet: a ConfigMap, Secret or key it needs is missing.
// The kubelet keeps the container waiting with reason CreateContainerConfigError and this
// message, and tries again on the next sync (upstream's makeEnvironmentVariables errors).

export class ContainerConfigError extends Error {
  override name = 'ContainerConfigError';
}
