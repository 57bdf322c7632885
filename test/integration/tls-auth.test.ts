// An HTTPS server with the generated serving certificate that authenticates callers
// by client certificate or bearer token, reached by Node's https client and by the
// real kubectl through a generated kubeconfig.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Authenticator, loadStaticTokenFile, type UserInfo } from '../../src/apiserver/authn.js';
import { ensureClusterPki, issueClientCert, type ClusterPki } from '../../src/apiserver/pki/cluster-pki.js';
import { createCA, issueCertificate } from '../../src/apiserver/pki/x509.js';
import { buildKubeconfig, mergeKubeconfig, writeKubeconfig } from '../../src/client/kubeconfig.js';

const KUBECTL = '/usr/bin/kubectl';
const VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.0' };

interface Seen {
  path: string;
  userAgent: string;
  user: UserInfo | null;
}

interface Reply {
  status: number;
  body: string;
}

describe('TLS client-certificate authentication', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'k8ts-tls-auth-'));
  const seen: Seen[] = [];
  let pki: ClusterPki;
  let server: https.Server;
  let port: number;

  before(async () => {
    pki = await ensureClusterPki(path.join(tmp, 'data'), { serverNames: [], serverIPs: [] });
    const tokenFile = path.join(tmp, 'tokens.csv');
    writeFileSync(tokenFile, '# token,user,uid,groups\nt0ken,jane,uid-1,"dev,ops"\n');
    const authn = new Authenticator();
    authn.addTokenSource(await loadStaticTokenFile(tokenFile));

    server = https.createServer(
      {
        cert: pki.serving.certPem,
        key: pki.serving.keyPem,
        ca: pki.clientCA.certPem,
        // Ask for a certificate but let the authenticator decide: token callers have none.
        requestCert: true,
        rejectUnauthorized: false,
      },
      async (req, res) => {
        const user = await authn.authenticateRequest(req);
        const url = new URL(req.url ?? '/', 'https://x');
        seen.push({ path: url.pathname, userAgent: req.headers['user-agent'] ?? '', user });
        res.setHeader('Content-Type', 'application/json');
        if (url.pathname === '/version') {
          res.end(JSON.stringify(VERSION));
        } else if (url.pathname === '/whoami') {
          res.end(JSON.stringify(user));
        } else {
          res.statusCode = 404;
          res.end('{}');
        }
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(tmp, { recursive: true, force: true });
  });

  function get(pathname: string, opts: https.RequestOptions): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        { host: '127.0.0.1', port, path: pathname, ca: pki.serverCA.certPem, agent: false, ...opts },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  const whoami = async (opts: https.RequestOptions) => JSON.parse((await get('/whoami', opts)).body) as UserInfo | null;

  it('authenticates the admin certificate as system:admin in system:masters', async () => {
    assert.deepEqual(await whoami({ cert: pki.admin.certPem, key: pki.admin.keyPem }), {
      username: 'system:admin',
      groups: ['system:masters', 'system:authenticated'],
    });
  });

  it('trusts the serving certificate by DNS name too', async () => {
    const user = await whoami({ host: 'localhost', cert: pki.admin.certPem, key: pki.admin.keyPem });
    assert.equal(user?.username, 'system:admin');
  });

  it('authenticates certificates issued later by the client CA', async () => {
    const { certPem, keyPem } = issueClientCert(pki, 'system:node:n1', ['system:nodes']);
    assert.deepEqual(await whoami({ cert: certPem, key: keyPem }), {
      username: 'system:node:n1',
      groups: ['system:nodes', 'system:authenticated'],
    });
  });

  it('gives no user without a certificate or token', async () => {
    assert.equal(await whoami({}), null);
  });

  it('ignores certificates the client CA did not sign', async () => {
    const stranger = createCA({ commonName: 'stranger', validityDays: 1 });
    const forged = issueCertificate(stranger, {
      commonName: 'system:admin',
      organizations: ['system:masters'],
      usages: ['clientAuth'],
      validityDays: 1,
    });
    assert.equal(await whoami({ cert: forged.certPem, key: forged.keyPem }), null);
    // The server CA's certificates are no identity either: that is why the CAs are separate.
    assert.equal(await whoami({ cert: pki.serving.certPem, key: pki.serving.keyPem }), null);
  });

  it('authenticates bearer tokens from the static token file', async () => {
    assert.deepEqual(await whoami({ headers: { Authorization: 'Bearer t0ken' } }), {
      username: 'jane',
      uid: 'uid-1',
      groups: ['dev', 'ops', 'system:authenticated'],
    });
    assert.equal(await whoami({ headers: { Authorization: 'Bearer wrong' } }), null);
  });

  it('rejects a server certificate when the client does not trust the server CA', async () => {
    await assert.rejects(get('/version', { ca: pki.clientCA.certPem }), /certificate/);
  });

  it('serves the real kubectl through a merged kubeconfig', { skip: !existsSync(KUBECTL) && 'kubectl not installed' }, async () => {
    const kubeconfig = path.join(tmp, 'kube', 'config');
    // Someone else's context already lives there; the merge must keep it and kubectl must still parse the file.
    await writeKubeconfig(
      kubeconfig,
      buildKubeconfig({
        clusterName: 'other',
        server: 'https://other.example.test',
        caPem: 'x',
        certPem: 'x',
        keyPem: 'x',
        contextName: 'other',
        userName: 'other',
      }),
    );
    const ours = buildKubeconfig({
      clusterName: 'k8ts',
      server: `https://127.0.0.1:${port}`,
      caPem: pki.serverCA.certPem,
      certPem: pki.admin.certPem,
      keyPem: pki.admin.keyPem,
      contextName: 'k8ts',
      userName: 'k8ts',
    });
    await mergeKubeconfig(kubeconfig, ours, 'k8ts');

    const env = { ...process.env, HOME: tmp, KUBECACHEDIR: path.join(tmp, 'kubecache'), KUBECONFIG: '' };
    // Asynchronous on purpose: the server answering kubectl runs in this same process.
    const run = promisify(execFile);
    const { stdout } = await run(KUBECTL, ['version', '-o', 'json', '--kubeconfig', kubeconfig], { env, timeout: 60_000 });
    const out = JSON.parse(stdout) as { serverVersion?: typeof VERSION };
    assert.equal(out.serverVersion?.gitVersion, 'v1.32.0');
    assert.equal(out.serverVersion?.minor, '32');

    const fromKubectl = seen.filter((s) => s.path === '/version' && s.userAgent.startsWith('kubectl'));
    assert.ok(fromKubectl.length > 0, 'kubectl reached /version');
    for (const s of fromKubectl) assert.equal(s.user?.username, 'system:admin', `${s.userAgent} sent the admin certificate`);

    const contexts = await run(KUBECTL, ['config', 'get-contexts', '-o', 'name', '--kubeconfig', kubeconfig], { env });
    assert.deepEqual(contexts.stdout.trim().split('\n').sort(), ['k8ts', 'other']);
  });
});
