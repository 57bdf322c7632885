// Why a pod's volumes cannot be set up yet. The message is what the kubelet puts in its
// FailedMount event (upstream's `MountVolume.SetUp failed for volume "x" : …`); the kubelet
// retries on its next sync.

export class VolumeError extends Error {
  override name = 'VolumeError';

  constructor(
    message: string,
    /** The pod volume that failed. */
    readonly volume?: string,
  ) {
    super(message);
  }

  /** upstream's wording for a volume whose SetUp failed. */
  static setUpFailed(volume: string, cause: string): VolumeError {
    return new VolumeError(`MountVolume.SetUp failed for volume "${volume}" : ${cause}`, volume);
  }
}
