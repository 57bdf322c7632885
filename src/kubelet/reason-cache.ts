// Why a container could not be started last time (kubelet's ReasonCache): CrashLoopBackOff,
// ErrImagePull, CreateContainerConfigError, … shown as its waiting state until it starts.

export interface WaitingReason {
  reason: string;
  message: string;
}

export class ReasonCache {
  private readonly reasons = new Map<string, WaitingReason>();

  set(uid: string, container: string, reason: string, message: string): void {
    this.reasons.set(`${uid}/${container}`, { reason, message });
  }

  get(uid: string, container: string): WaitingReason | undefined {
    return this.reasons.get(`${uid}/${container}`);
  }

  delete(uid: string, container: string): void {
    this.reasons.delete(`${uid}/${container}`);
  }

  forgetPod(uid: string): void {
    for (const key of this.reasons.keys()) if (key.startsWith(`${uid}/`)) this.reasons.delete(key);
  }
}
