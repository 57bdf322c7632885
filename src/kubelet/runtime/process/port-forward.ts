// A TCP connection to a port inside a pod's network namespace. Node cannot enter another
// namespace itself, so a relay is spawned there (`nsenter --net=… busybox nc 127.0.0.1
// <port>`) and its stdin/stdout become the connection: one process per connection, and a
// refused connection shows up as an 'error' on the stream (with nc's message) rather than
// as a rejected promise. Without a namespace of its own the pod is on the host: connect
// directly.

import { spawn } from 'node:child_process';
import net from 'node:net';
import { Duplex } from 'node:stream';
import { NSENTER } from './tools.js';

export const RELAY = ['/bin/busybox', 'nc'];

export function connectInNetns(netns: string | undefined, port: number): Promise<Duplex> {
  if (!netns) return connectLocal(port);
  const relay = spawn(NSENTER, [`--net=${netns}`, '--', ...RELAY, '127.0.0.1', String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: Buffer[] = [];
  relay.stderr.on('data', (b: Buffer) => stderr.push(b));
  relay.stdin.on('error', () => { /* relay gone; its exit reports why */ });
  const conn = new Duplex({
    read() { relay.stdout.resume(); },
    write(chunk: Buffer, _enc, cb) { relay.stdin.write(chunk, () => cb()); },
    final(cb) { relay.stdin.end(); cb(); },
    destroy(err, cb) {
      if (relay.exitCode === null && relay.signalCode === null) relay.kill('SIGKILL');
      cb(err);
    },
  });
  relay.stdout.on('data', (b: Buffer) => { if (!conn.push(b)) relay.stdout.pause(); });
  relay.on('close', (code) => {
    if (code !== 0 && code !== null) conn.destroy(new Error(Buffer.concat(stderr).toString().trim() || `relay exited with ${code}`));
    else conn.push(null);
  });
  return Promise.resolve(conn);
}

function connectLocal(port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => { s.off('error', reject); resolve(s); });
    s.once('error', reject);
  });
}
