// A thin promise-returning client for containerd's CRI v1 gRPC services over its unix socket.
// Messages stay plain objects in the proto's snake_case (proto-loader keepCase), so field
// names match the CRI documentation one to one.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/**
 * tsc does not copy .proto files into dist/, so a build running from dist/src/… reads the
 * one in the source tree (repo root + the same relative path).
 */
export function criProtoPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const beside = path.join(here, 'cri.proto');
  if (existsSync(beside)) return beside;
  const inSource = beside.replace(`${path.sep}dist${path.sep}src${path.sep}`, `${path.sep}src${path.sep}`);
  if (existsSync(inSource)) return inSource;
  throw new Error(`cri.proto not found next to ${here} nor at ${inSource}`);
}

let cachedPackage: grpc.GrpcObject | undefined;
function criPackage(): grpc.GrpcObject {
  cachedPackage ??= grpc.loadPackageDefinition(
    protoLoader.loadSync(criProtoPath(), { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true }),
  );
  return cachedPackage;
}

type Message = Record<string, any>;
type UnaryMethod = (req: Message, meta: grpc.Metadata, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res: Message) => void) => void;

/** The gRPC status code of a failed call, so callers can tell NOT_FOUND from the rest. */
export function grpcCode(err: unknown): number | undefined {
  return typeof (err as { code?: unknown })?.code === 'number' ? (err as { code: number }).code : undefined;
}

export function isNotFound(err: unknown): boolean {
  return grpcCode(err) === grpc.status.NOT_FOUND;
}

export class CriClient {
  private readonly runtime: grpc.Client;
  private readonly image: grpc.Client;

  constructor(socketPath: string) {
    const v1 = (criPackage().runtime as grpc.GrpcObject).v1 as grpc.GrpcObject;
    const address = `unix://${socketPath}`;
    const credentials = grpc.credentials.createInsecure();
    const Runtime = v1.RuntimeService as grpc.ServiceClientConstructor;
    const Image = v1.ImageService as grpc.ServiceClientConstructor;
    this.runtime = new Runtime(address, credentials);
    // Share one HTTP/2 channel between both services.
    this.image = new Image(address, credentials, { channelOverride: this.runtime.getChannel() });
  }

  /** Calls RuntimeService/<method>; `timeoutMs` bounds the whole call (default 2 min, as the kubelet). */
  runtimeCall<T = Message>(method: string, req: Message, timeoutMs = 120_000): Promise<T> {
    return this.call(this.runtime, method, req, timeoutMs) as Promise<T>;
  }

  imageCall<T = Message>(method: string, req: Message, timeoutMs = 120_000): Promise<T> {
    return this.call(this.image, method, req, timeoutMs) as Promise<T>;
  }

  close(): void {
    this.image.close();
    this.runtime.close();
  }

  private call(client: grpc.Client, method: string, req: Message, timeoutMs: number): Promise<Message> {
    const fn = (client as unknown as Record<string, UnaryMethod>)[method];
    if (typeof fn !== 'function') throw new Error(`CRI has no method ${method}`);
    return new Promise((resolve, reject) => {
      fn.call(client, req, new grpc.Metadata(), { deadline: Date.now() + timeoutMs }, (err, res) => {
        if (err) reject(Object.assign(new Error(`CRI ${method}: ${err.details || err.message}`), { code: err.code }));
        else resolve(res);
      });
    });
  }
}
