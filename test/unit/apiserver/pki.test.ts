import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { integer, namedBits, oid, octetString, time } from '../../../src/apiserver/pki/der.js';
import { createCA, ipBytes, issueCertificate } from '../../../src/apiserver/pki/x509.js';
import { ensureClusterPki, issueClientCert } from '../../../src/apiserver/pki/cluster-pki.js';

const hex = (b: Buffer) => b.toString('hex');

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('der', () => {
  it('encodes integers minimally and never negative', () => {
    assert.equal(hex(integer(0)), '020100');
    assert.equal(hex(integer(127)), '02017f');
    assert.equal(hex(integer(128)), '02020080');
    assert.equal(hex(integer(Buffer.from([0, 0, 1]))), '020101');
  });

  it('encodes object identifiers in base 128', () => {
    assert.equal(hex(oid('1.2.840.10045.4.3.2')), '06082a8648ce3d040302');
    assert.equal(hex(oid('2.5.29.17')), '0603551d11');
  });

  it('uses the long length form above 127 bytes', () => {
    const el = octetString(Buffer.alloc(300));
    assert.equal(hex(el.subarray(0, 4)), '0482012c');
  });

  it('drops trailing zero bits from named bit strings', () => {
    assert.equal(hex(namedBits([0, 5, 6])), '03020186'); // CA keyUsage
    assert.equal(hex(namedBits([0])), '03020780');
  });

  it('switches from UTCTime to GeneralizedTime in 2050', () => {
    assert.equal(time(new Date('2049-12-31T23:59:59Z')).toString('latin1', 2), '491231235959Z');
    assert.equal(time(new Date('2050-01-01T00:00:00Z'))[0], 0x18);
  });
});

describe('x509', () => {
  const ca = createCA({ commonName: 'test-ca', validityDays: 3650 });
  const caCert = new crypto.X509Certificate(ca.certPem);
  const leaf = issueCertificate(ca, {
    commonName: 'alice',
    organizations: ['dev', 'ops'],
    usages: ['serverAuth', 'clientAuth'],
    dnsNames: ['example.test', 'localhost'],
    ipAddresses: ['127.0.0.1', '::1', '2001:db8::7'],
    validityDays: 365,
  });
  const leafCert = new crypto.X509Certificate(leaf.certPem);

  it('makes a self-signed CA', () => {
    assert.equal(caCert.ca, true);
    assert.equal(caCert.subject, 'CN=test-ca');
    assert.equal(caCert.issuer, 'CN=test-ca');
    assert.ok(caCert.verify(caCert.publicKey));
    assert.ok(caCert.checkPrivateKey(crypto.createPrivateKey(ca.keyPem)));
    const days = (Date.parse(caCert.validTo) - Date.now()) / 86_400_000;
    assert.ok(days > 3649 && days <= 3650, `CA valid for ${days} days`);
  });

  it('issues a leaf signed by the CA with its names and groups', () => {
    assert.equal(leafCert.ca, false);
    assert.ok(leafCert.verify(caCert.publicKey));
    assert.ok(leafCert.checkIssued(caCert));
    assert.equal(leafCert.subject, 'O=dev\nO=ops\nCN=alice');
    assert.equal(leafCert.issuer, 'CN=test-ca');
    assert.equal(leafCert.checkHost('example.test'), 'example.test');
    assert.equal(leafCert.checkHost('other.test'), undefined);
    assert.ok(leafCert.checkIP('127.0.0.1'));
    assert.ok(leafCert.checkIP('::1'));
    assert.ok(leafCert.checkIP('2001:db8:0:0:0:0:0:7'));
    assert.equal(leafCert.checkIP('10.0.0.1'), undefined);
    assert.ok(leafCert.checkPrivateKey(crypto.createPrivateKey(leaf.keyPem)));
    const otherCA = createCA({ commonName: 'other-ca', validityDays: 1 });
    assert.ok(!leafCert.verify(crypto.createPublicKey(otherCA.keyPem)));
  });

  it('is accepted by openssl', { skip: !hasOpenssl() && 'openssl not installed' }, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'k8ts-x509-'));
    try {
      writeFileSync(path.join(dir, 'ca.crt'), ca.certPem);
      writeFileSync(path.join(dir, 'leaf.crt'), leaf.certPem);
      const text = execFileSync('openssl', ['x509', '-noout', '-text', '-in', path.join(dir, 'leaf.crt')], { encoding: 'utf8' });
      assert.match(text, /Version: 3/);
      assert.match(text, /CA:FALSE/);
      assert.match(text, /TLS Web Server Authentication, TLS Web Client Authentication/);
      assert.match(text, /DNS:example.test, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1/);
      assert.match(text, /X509v3 Authority Key Identifier/);
      const caText = execFileSync('openssl', ['x509', '-noout', '-text', '-in', path.join(dir, 'ca.crt')], { encoding: 'utf8' });
      assert.match(caText, /CA:TRUE/);
      assert.match(caText, /Certificate Sign, CRL Sign/);
      const verify = execFileSync(
        'openssl',
        ['verify', '-purpose', 'sslserver', '-CAfile', path.join(dir, 'ca.crt'), path.join(dir, 'leaf.crt')],
        { encoding: 'utf8' },
      );
      assert.match(verify, /OK/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('encodes IPv4 and IPv6 addresses to network bytes', () => {
    assert.equal(hex(ipBytes('10.43.0.1')), '0a2b0001');
    assert.equal(hex(ipBytes('::1')), '00000000000000000000000000000001');
    assert.equal(hex(ipBytes('fe80::1:2')), 'fe800000000000000000000000010002');
    assert.equal(hex(ipBytes('::ffff:1.2.3.4')), '00000000000000000000ffff01020304');
    assert.equal(hex(ipBytes('1:2:3:4:5:6:7:8')), '00010002000300040005000600070008');
    assert.throws(() => ipBytes('not-an-ip'));
  });
});

describe('ensureClusterPki', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'k8ts-pki-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates CAs, serving and admin certificates with private keys', async () => {
    const pki = await ensureClusterPki(dataDir, { serverNames: ['api.example.test'], serverIPs: ['192.0.2.10'] });
    assert.equal(pki.dir, path.join(dataDir, 'tls'));
    for (const pair of [pki.serverCA, pki.clientCA, pki.serving, pki.admin]) {
      assert.equal(readFileSync(pair.certPath, 'utf8'), pair.certPem);
      assert.equal(readFileSync(pair.keyPath, 'utf8'), pair.keyPem);
      assert.equal(statSync(pair.keyPath).mode & 0o777, 0o600);
    }
    assert.equal(path.basename(pki.serving.certPath), 'serving-kube-apiserver.crt');

    const serverCA = new crypto.X509Certificate(pki.serverCA.certPem);
    const clientCA = new crypto.X509Certificate(pki.clientCA.certPem);
    const serving = new crypto.X509Certificate(pki.serving.certPem);
    const admin = new crypto.X509Certificate(pki.admin.certPem);
    assert.ok(serverCA.ca && clientCA.ca);
    assert.ok(serving.verify(serverCA.publicKey));
    assert.ok(!serving.verify(clientCA.publicKey), 'a serving cert must not pass as a client identity');
    for (const name of ['kubernetes', 'kubernetes.default.svc.cluster.local', 'localhost', os.hostname().toLowerCase(), 'api.example.test']) {
      assert.equal(serving.checkHost(name, { subject: 'never' }), name);
    }
    for (const ip of ['127.0.0.1', '::1', '10.43.0.1', '192.0.2.10']) assert.ok(serving.checkIP(ip), ip);
    assert.ok(admin.verify(clientCA.publicKey));
    assert.equal(admin.subject, 'O=system:masters\nCN=system:admin');
    const leafDays = (Date.parse(admin.validTo) - Date.now()) / 86_400_000;
    assert.ok(leafDays > 364 && leafDays <= 365);
  });

  it('reuses everything on the next start', async () => {
    const first = await ensureClusterPki(dataDir, { serverNames: ['api.example.test'], serverIPs: ['192.0.2.10'] });
    const second = await ensureClusterPki(dataDir, { serverNames: [], serverIPs: [] });
    assert.deepEqual(second, first);
  });

  it('reissues only the serving certificate when a SAN is missing', async () => {
    const before = await ensureClusterPki(dataDir, { serverNames: [], serverIPs: [] });
    const after = await ensureClusterPki(dataDir, { serverNames: ['new.example.test'], serverIPs: ['2001:db8::1'] });
    assert.notEqual(after.serving.certPem, before.serving.certPem);
    assert.equal(after.serverCA.certPem, before.serverCA.certPem);
    assert.equal(after.clientCA.certPem, before.clientCA.certPem);
    assert.equal(after.admin.certPem, before.admin.certPem);
    const serving = new crypto.X509Certificate(after.serving.certPem);
    assert.equal(serving.checkHost('new.example.test'), 'new.example.test');
    assert.ok(serving.checkIP('2001:db8::1'));
  });

  it('replaces a damaged CA and everything it signed', async () => {
    const before = await ensureClusterPki(dataDir, { serverNames: [], serverIPs: [] });
    writeFileSync(before.clientCA.certPath, 'garbage');
    const after = await ensureClusterPki(dataDir, { serverNames: [], serverIPs: [] });
    assert.notEqual(after.clientCA.certPem, before.clientCA.certPem);
    assert.notEqual(after.admin.certPem, before.admin.certPem);
    assert.equal(after.serverCA.certPem, before.serverCA.certPem);
    assert.equal(after.serving.certPem, before.serving.certPem);
  });

  it('issues client certificates from the client CA', async () => {
    const pki = await ensureClusterPki(dataDir, { serverNames: [], serverIPs: [] });
    const { certPem, keyPem } = issueClientCert(pki, 'system:kube-scheduler', ['a', 'b']);
    const cert = new crypto.X509Certificate(certPem);
    assert.ok(cert.verify(new crypto.X509Certificate(pki.clientCA.certPem).publicKey));
    assert.ok(cert.checkPrivateKey(crypto.createPrivateKey(keyPem)));
    assert.equal(cert.subject, 'O=a\nO=b\nCN=system:kube-scheduler');
  });
});
