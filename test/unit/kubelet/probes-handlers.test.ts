// The three probe handlers against real local servers: httpGet (headers, status codes,
// redirects, timeouts, HTTPS without verification), tcpSocket, and exec through a runtime.

import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createCA } from '../../../src/apiserver/pki/x509.js';
import type { Runtime } from '../../../src/kubelet/runtime/types.js';
import { probeExec } from '../../../src/kubelet/probes/exec.js';
import { goURL, probeHTTP, probeURL, PROBE_USER_AGENT } from '../../../src/kubelet/probes/http.js';
import { resolvePort } from '../../../src/kubelet/probes/ports.js';
import { probeTCP } from '../../../src/kubelet/probes/tcp.js';

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}
const close = (server: net.Server) => new Promise<void>((r) => server.close(() => r()));

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  const port = await listen(s);
  await close(s);
  return port;
}

describe('probe handlers', { concurrency: true }, () => {
  let server: http.Server;
  let port: number;
  /** Request headers by path (the tests run concurrently). */
  const headersAt = new Map<string, http.IncomingHttpHeaders>();
  const hung = new Set<http.ServerResponse>();

  before(async () => {
    server = http.createServer((req, res) => {
      headersAt.set(req.url ?? '', req.headers);
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/status') return res.writeHead(Number(url.searchParams.get('code'))).end('body');
      if (url.pathname === '/loop') return res.writeHead(302, { location: '/loop' }).end();
      if (url.pathname === '/hop') return res.writeHead(301, { location: '/status?code=404' }).end();
      if (url.pathname === '/away') return res.writeHead(302, { location: 'http://example.invalid/' }).end('moved');
      if (url.pathname === '/hang') return void hung.add(res);
      res.end('ok');
    });
    port = await listen(server);
  });
  after(async () => {
    for (const res of hung) res.destroy();
    server.closeAllConnections();
    await close(server);
  });

  const get = (path: string, extra: Partial<Parameters<typeof probeHTTP>[0]> = {}) =>
    probeHTTP({ scheme: 'HTTP', host: '127.0.0.1', port, path, headers: [], timeoutMs: 1000, ...extra });

  it('sends upstream headers, lets httpHeaders override them, and succeeds on 2xx', async () => {
    assert.deepEqual(await get('/healthz'), { result: 'success', output: 'ok' });
    assert.equal(headersAt.get('/healthz')?.['user-agent'], PROBE_USER_AGENT);
    assert.equal(headersAt.get('/healthz')?.accept, '*/*');
    await get('/custom', { headers: [{ name: 'User-Agent', value: 'mine' }, { name: 'X-Probe', value: '1' }, { name: 'Host', value: 'svc.local' }] });
    const custom = headersAt.get('/custom')!;
    assert.equal(custom['user-agent'], 'mine');
    assert.equal(custom['x-probe'], '1');
    assert.equal(custom.host, 'svc.local');
  });

  it('fails on 4xx/5xx with only the status code', async () => {
    assert.deepEqual(await get('/status?code=500'), { result: 'failure', output: 'HTTP probe failed with statuscode: 500' });
    assert.deepEqual(await get('/status?code=399'), { result: 'warning', output: 'Probe terminated redirects, Response body: body' });
  });

  it('follows same-host redirects, stops after 10, and does not leave the host', async () => {
    assert.deepEqual(await get('/hop'), { result: 'failure', output: 'HTTP probe failed with statuscode: 404' });
    assert.deepEqual(await get('/loop'), { result: 'failure', output: `Get "http://127.0.0.1:${port}/loop": stopped after 10 redirects` });
    assert.deepEqual(await get('/away'), { result: 'warning', output: 'Probe terminated redirects, Response body: moved' });
  });

  it('reports refused connections and timeouts as Go does', async () => {
    const dead = await closedPort();
    assert.deepEqual(await get('/x', { port: dead }), { result: 'failure', output: `Get "http://127.0.0.1:${dead}/x": dial tcp 127.0.0.1:${dead}: connect: connection refused` });
    const started = Date.now();
    const out = await get('/hang', { timeoutMs: 300 });
    assert.ok(Date.now() - started < 1000);
    assert.deepEqual(out, { result: 'failure', output: `Get "http://127.0.0.1:${port}/hang": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` });
  });

  it('speaks HTTPS without verifying the certificate', async () => {
    const { certPem, keyPem } = createCA({ commonName: 'probe-test', validityDays: 1 });
    const tls = https.createServer({ cert: certPem, key: keyPem }, (_, res) => res.end('secure'));
    const tlsPort = await listen(tls);
    try {
      assert.deepEqual(await probeHTTP({ scheme: 'HTTPS', host: '127.0.0.1', port: tlsPort, path: '/', headers: [], timeoutMs: 2000 }), { result: 'success', output: 'secure' });
    } finally {
      await close(tls);
    }
  });

  it('builds URLs like upstream formatURL, and names them as Go does in errors', () => {
    assert.equal(probeURL({ scheme: 'HTTP', host: 'fd00::1', port: 8080, path: 'healthz?x=1' }).href, 'http://[fd00::1]:8080/healthz?x=1');
    assert.equal(probeURL({ scheme: 'https', host: '10.0.0.1', port: 8443, path: '' }).href, 'https://10.0.0.1:8443/');
    assert.equal(goURL(probeURL({ scheme: 'HTTP', host: '10.0.0.1', port: 80, path: '/x?y=1' })), 'http://10.0.0.1:80/x?y=1');
    assert.equal(goURL(probeURL({ scheme: 'HTTPS', host: 'fd00::1', port: 443, path: '' })), 'https://[fd00::1]:443/');
  });

  it('opens TCP connections, and reports refusal', async () => {
    assert.equal((await probeTCP('127.0.0.1', port, 1000)).result, 'success');
    const dead = await closedPort();
    assert.deepEqual(await probeTCP('127.0.0.1', dead, 1000), { result: 'failure', output: `dial tcp 127.0.0.1:${dead}: connect: connection refused` });
  });

  it('resolves named and numeric ports', () => {
    const c = { name: 'c', ports: [{ name: 'http', containerPort: 8080 }] };
    assert.equal(resolvePort('http', c), 8080);
    assert.equal(resolvePort(9090, c), 9090);
    assert.equal(resolvePort('9091', c), 9091);
    assert.throws(() => resolvePort('metrics', c), /port metrics not found/);
    assert.throws(() => resolvePort(70000, c), /invalid port number: 70000/);
  });

  it('runs exec probes through the runtime: exit code, combined output, timeout', async () => {
    const runtime = {
      async execSync(id: string, cmd: string[], timeoutSeconds: number) {
        assert.equal(id, 'cid');
        if (cmd[0] === 'sleep') {
          await new Promise((r) => setTimeout(r, timeoutSeconds * 1000));
          throw new Error('deadline exceeded');
        }
        if (cmd[0] === 'broken') throw new Error('container not running');
        return { exitCode: Number(cmd[1]), stdout: Buffer.from('out '), stderr: Buffer.from('err') };
      },
    } as Partial<Runtime> as Runtime;
    assert.deepEqual(await probeExec(runtime, 'cid', ['exit', '0'], 1), { result: 'success', output: 'out err' });
    assert.deepEqual(await probeExec(runtime, 'cid', ['exit', '3'], 1), { result: 'failure', output: 'out err' });
    assert.deepEqual(await probeExec(runtime, 'cid', ['sleep', '5'], 1), { result: 'failure', output: 'command "sleep 5" timed out' });
    await assert.rejects(probeExec(runtime, 'cid', ['broken'], 1), /container not running/);
  });
});
