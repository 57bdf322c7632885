// The node agent end to end, once per runtime: the README's `k8ts up` with a real kubelet
// (inside a network namespace of its own, standing in for a host), driven by the real
// kubectl. Pods run real processes: an HTTP server answers on its pod IP, dead containers
// restart, probes act, volumes and env arrive, logs/exec/cp/port-forward stream through the
// API server to the kubelet, deletion runs preStop within the grace period, and memory limits hold.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO, run, startCluster, type Cluster } from './harness.js';
import { busyboxImage, writeOciImage } from '../../src/kubelet/image/index.js';

const RUNTIMES = (process.env.K8TS_E2E_RUNTIMES?.split(',') ?? ['process', 'containerd']) as Array<'process' | 'containerd'>;
const IMAGE = 'localhost/busybox:1';

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** An HTTP server that names its pod, with probes that look for files a test can remove. */
function webDeployment(replicas: number): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 5
      containers:
      - name: httpd
        image: ${IMAGE}
        imagePullPolicy: IfNotPresent
        command: [/bin/busybox, sh, -c]
        args:
        - echo "hello from $POD_NAME" > /www/index.html && touch /www/ready /www/alive && exec /bin/busybox httpd -f -p 8080 -h /www
        env:
        - name: POD_NAME
          valueFrom: {fieldRef: {fieldPath: metadata.name}}
        ports: [{containerPort: 8080, name: http}]
        readinessProbe:
          httpGet: {path: /ready, port: http}
          periodSeconds: 1
          failureThreshold: 1
        livenessProbe:
          exec: {command: [/bin/busybox, test, -f, /www/alive]}
          periodSeconds: 1
          failureThreshold: 2
        volumeMounts: [{name: www, mountPath: /www}]
      volumes: [{name: www, emptyDir: {}}]
`;
}

for (const runtime of RUNTIMES) {
  describe(`node agent on the ${runtime} runtime`, { concurrency: false }, () => {
    let c: Cluster;
    let scratch: string;

    const json = async (args: string[]) => JSON.parse(await c.k([...args, '-o', 'json']));
    const pods = async (selector: string) => (await json(['get', 'pods', '-l', selector])).items as any[];
    const ready = (p: any) => p.status?.conditions?.some((x: any) => x.type === 'Ready' && x.status === 'True');
    const fetchFrom = (ip: string, port = 8080, file = '') => c.exec('/bin/busybox', ['wget', '-qO-', `http://${ip}:${port}/${file}`], { timeoutMs: 10_000 });

    before(async () => {
      c = await startCluster({ agent: { runtime } });
      scratch = mkdtempSync(path.join(os.tmpdir(), 'k8ts-agent-'));
      if (runtime === 'containerd') {
        const tar = path.join(scratch, 'busybox.tar');
        await writeOciImage(busyboxImage(IMAGE), tar);
        const r = await c.exec(path.join(REPO, 'k8ts'), ['images', 'import', tar, '--data-dir', c.dataDir]);
        assert.equal(r.code, 0, r.stderr);
        assert.match((await c.exec(path.join(REPO, 'k8ts'), ['images', 'ls', '--data-dir', c.dataDir])).stdout, /localhost\/busybox/);
      }
      await waitFor('the node to be Ready', async () => {
        const nodes = (await json(['get', 'nodes'])).items as any[];
        return nodes.some((n) => n.status?.conditions?.some((x: any) => x.type === 'Ready' && x.status === 'True')) || undefined;
      });
    });

    after(async () => {
      await c?.stop();
      c?.cleanup();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    test('a Deployment of an HTTP server becomes Ready, with pod IPs that answer', async () => {
      await c.k(['apply', '-f', '-'], { input: webDeployment(2) });
      const running = await waitFor('2 ready web pods', async () => {
        const ps = await pods('app=web');
        return ps.length === 2 && ps.every(ready) ? ps : undefined;
      });
      for (const p of running) {
        assert.ok(p.status.podIP, 'a pod IP');
        assert.equal(p.status.hostIP, c.nodeIP);
        const st = p.status.containerStatuses[0];
        assert.equal(st.ready, true);
        assert.equal(st.started, true);
        assert.match(st.containerID, new RegExp(`^${runtime}://`));
        assert.ok(st.imageID);
        assert.ok(st.state.running.startedAt);
        const r = await fetchFrom(p.status.podIP);
        assert.equal(r.stdout.trim(), `hello from ${p.metadata.name}`);
      }
      // Two pods, two addresses (on the process runtime too: each pod has its own network namespace).
      assert.notEqual(running[0].status.podIP, running[1].status.podIP);
    });

    test('a killed container restarts and its restartCount goes up', async () => {
      const [p] = await pods('app=web');
      const name = p.metadata.name;
      // From the host, by the container's cgroup (inside a PID namespace, as on containerd,
      // the container's init cannot be killed from within).
      const id = String(p.status.containerStatuses[0].containerID).replace(/^\w+:\/\//, '');
      const cgroup = [`/sys/fs/cgroup/memory/k8ts/pod${p.metadata.uid}/${id}`, `/sys/fs/cgroup/k8ts/pod${p.metadata.uid}/${id}`].find((d) => existsSync(d));
      assert.ok(cgroup, `the container's cgroup for ${id}`);
      const pids = readFileSync(`${cgroup}/cgroup.procs`, 'utf8').split('\n').filter(Boolean).map(Number);
      assert.ok(pids.length > 0);
      for (const pid of pids) process.kill(pid, 'SIGKILL');
      const restarted = await waitFor('the restart', async () => {
        const now = JSON.parse(await c.k(['get', 'pod', name, '-o', 'json']));
        const st = now.status.containerStatuses[0];
        return st.restartCount >= 1 && st.ready ? now : undefined;
      });
      assert.ok(restarted.status.containerStatuses[0].lastState.terminated, 'lastState names the dead container');
    });

    test('a failing readiness probe takes the pod out; a failing liveness probe restarts it', async () => {
      const [p] = await pods('app=web');
      const name = p.metadata.name;
      await c.k(['exec', name, '--', '/bin/busybox', 'rm', '/www/ready']);
      await waitFor('not ready', async () => (ready(JSON.parse(await c.k(['get', 'pod', name, '-o', 'json']))) ? undefined : true));
      const before = (JSON.parse(await c.k(['get', 'pod', name, '-o', 'json'])).status.containerStatuses[0].restartCount) as number;
      await c.k(['exec', name, '--', '/bin/busybox', 'rm', '/www/alive']);
      await waitFor('a liveness restart', async () => {
        const st = JSON.parse(await c.k(['get', 'pod', name, '-o', 'json'])).status.containerStatuses[0];
        return st.restartCount > before && st.ready ? true : undefined;
      });
      const events = await c.k(['get', 'events', '--field-selector', `involvedObject.name=${name}`]);
      assert.match(events, /Unhealthy/);
      assert.match(events, /Readiness probe failed/);
      assert.match(events, /Liveness probe failed/);
    });

    test('logs -f, exec -it through a terminal, cp and port-forward', async () => {
      const [p] = await pods('app=web');
      const name = p.metadata.name;
      // exec with stdin, and the exit code coming back.
      const piped = await c.kubectl(['exec', '-i', name, '--', '/bin/busybox', 'sh', '-c', 'cat; exit 3'], { input: 'through stdin\n' });
      assert.equal(piped.stdout, 'through stdin\n');
      assert.equal(piped.code, 3);
      // -it needs a terminal: util-linux `script` gives kubectl one.
      const tty = await c.exec('script', ['-qfec', `kubectl --kubeconfig ${c.kubeconfig} exec -it ${name} -- /bin/busybox sh -c 'tty; echo done'`, '/dev/null'], {
        env: { KUBECACHEDIR: path.join(c.dataDir, 'kubecache'), HOME: c.dataDir },
      });
      assert.match(tty.stdout, /\/dev\/pts\/\d+/);
      assert.match(tty.stdout, /done/);
      // cp both ways.
      const local = path.join(scratch, 'up.txt');
      await run('sh', ['-c', `echo copied > ${local}`]);
      await c.k(['cp', local, `${name}:/www/up.txt`]);
      assert.equal((await fetchFrom(p.status.podIP, 8080, 'up.txt')).stdout, 'copied\n');
      const back = path.join(scratch, 'back.html');
      await c.k(['cp', `${name}:/www/index.html`, back]);
      assert.equal((await run('cat', [back])).stdout.trim(), `hello from ${name}`);
      // port-forward, over kubectl's default (SPDY inside a WebSocket) and over plain SPDY.
      const env = { KUBECACHEDIR: path.join(c.dataDir, 'kubecache'), HOME: c.dataDir };
      const forwards = [
        c.exec('kubectl', ['--kubeconfig', c.kubeconfig, 'port-forward', `pod/${name}`, '18080:8080'], { env, timeoutMs: 8_000 }),
        c.exec('kubectl', ['--kubeconfig', c.kubeconfig, 'port-forward', `pod/${name}`, '18081:8080'], { env: { ...env, KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }, timeoutMs: 8_000 }),
      ];
      for (const port of [18080, 18081]) {
        const page = await waitFor(`the forwarded port ${port}`, async () => {
          const r = await c.exec('/bin/busybox', ['wget', '-qO-', `http://127.0.0.1:${port}/`], { timeoutMs: 3_000 });
          return r.code === 0 ? r.stdout : undefined;
        }, 8_000);
        assert.equal(page.trim(), `hello from ${name}`);
      }
      await Promise.all(forwards);
      // logs -f follows a container until it ends.
      await c.k(['run', 'talker', `--image=${IMAGE}`, '--image-pull-policy=IfNotPresent', '--restart=Never', '--command', '--', '/bin/busybox', 'sh', '-c', 'for i in 1 2 3; do echo line $i; sleep 1; done']);
      await waitFor('talker to start', async () => ((await json(['get', 'pod', 'talker'])).status?.phase !== 'Pending' ? true : undefined));
      const followed = await c.kubectl(['logs', '-f', 'talker'], { timeoutMs: 30_000 });
      assert.equal(followed.stdout, 'line 1\nline 2\nline 3\n');
      assert.equal((await c.k(['logs', 'talker', '--tail', '1'])).trim(), 'line 3');
    });

    test('attach -i feeds the main process and shows what it prints', async () => {
      await c.k(['apply', '-f', '-'], {
        input: `
apiVersion: v1
kind: Pod
metadata: {name: talker-in}
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: ${IMAGE}
    imagePullPolicy: IfNotPresent
    stdin: true
    stdinOnce: true
    command: [/bin/busybox, sh, -c, 'while read line; do echo "got: $$line"; done']
`,
      });
      await waitFor('talker-in to run', async () => (ready(await json(['get', 'pod', 'talker-in'])) ? true : undefined));
      const attached = await c.kubectl(['attach', '-i', 'talker-in'], { input: 'one\ntwo\n', timeoutMs: 20_000 });
      assert.equal(attached.code, 0, attached.stderr);
      assert.match(attached.stdout, /got: one\ngot: two\n/);
      // stdinOnce: the end of the client's input ends the container.
      await waitFor('talker-in to complete', async () => ((await json(['get', 'pod', 'talker-in'])).status?.phase === 'Succeeded' ? true : undefined));
    });

    test('volumes and env arrive as declared', async () => {
      await c.k(['create', 'configmap', 'settings', '--from-literal=color=blue', '--from-literal=size=10']);
      await c.k(['create', 'secret', 'generic', 'creds', '--from-literal=password=s3cret']);
      await c.k(['apply', '-f', '-'], {
        input: `
apiVersion: v1
kind: Pod
metadata: {name: reader, labels: {tier: test}}
spec:
  containers:
  - name: main
    image: ${IMAGE}
    imagePullPolicy: IfNotPresent
    command: [/bin/busybox, sleep, '3600']
    env:
    - {name: COLOR, valueFrom: {configMapKeyRef: {name: settings, key: color}}}
    - {name: PASSWORD, valueFrom: {secretKeyRef: {name: creds, key: password}}}
    - {name: GREETING, value: "hi $(COLOR)"}
    - {name: MEM_LIMIT, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}
    envFrom: [{prefix: CFG_, configMapRef: {name: settings}}]
    resources: {limits: {memory: 64Mi}}
    volumeMounts:
    - {name: cfg, mountPath: /etc/settings, readOnly: true}
    - {name: info, mountPath: /etc/podinfo}
    - {name: sec, mountPath: /etc/creds}
  volumes:
  - {name: cfg, configMap: {name: settings}}
  - {name: sec, secret: {secretName: creds}}
  - name: info
    downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}
`,
      });
      await waitFor('reader to run', async () => (ready(await json(['get', 'pod', 'reader'])) ? true : undefined));
      const sh = (script: string) => c.k(['exec', 'reader', '--', '/bin/busybox', 'sh', '-c', script]);
      assert.equal((await sh('echo $COLOR $PASSWORD $GREETING $CFG_size $MEM_LIMIT')).trim(), 'blue s3cret hi blue 10 64');
      assert.equal((await sh('cat /etc/settings/color /etc/creds/password')).trim(), 'blues3cret');
      assert.match(await sh('cat /etc/podinfo/labels'), /tier="test"/);
      const readOnly = await c.kubectl(['exec', 'reader', '--', '/bin/busybox', 'sh', '-c', 'echo x > /etc/settings/new']);
      assert.notEqual(readOnly.code, 0, 'a readOnly mount refuses writes');
    });

    test('a crash-looping container shows CrashLoopBackOff with growing delays', async () => {
      await c.k(['run', 'crasher', `--image=${IMAGE}`, '--image-pull-policy=IfNotPresent', '--command', '--', '/bin/busybox', 'sh', '-c', 'echo dying; exit 1']);
      const looping = await waitFor('CrashLoopBackOff', async () => {
        const st = (await json(['get', 'pod', 'crasher'])).status?.containerStatuses?.[0];
        return st?.state?.waiting?.reason === 'CrashLoopBackOff' && st.restartCount >= 2 ? st : undefined;
      }, 90_000);
      assert.equal(looping.lastState.terminated.exitCode, 1);
      assert.match(looping.state.waiting.message, /^back-off (10|20|40)s restarting failed container=crasher pod=crasher_default/);
      const events = await c.k(['get', 'events', '--field-selector', 'involvedObject.name=crasher']);
      assert.match(events, /BackOff/);
      assert.equal((await c.k(['logs', 'crasher', '--previous'])).trim(), 'dying');
      await c.k(['delete', 'pod', 'crasher', '--wait=false']);
    });

    test('deleting a pod runs preStop and honours the grace period', async () => {
      const marker = path.join(c.dataDir, 'prestop-ran');
      await c.k(['apply', '-f', '-'], {
        input: `
apiVersion: v1
kind: Pod
metadata: {name: stubborn}
spec:
  terminationGracePeriodSeconds: 3
  containers:
  - name: main
    image: ${IMAGE}
    imagePullPolicy: IfNotPresent
    command: [/bin/busybox, sh, -c, "trap '' TERM; while true; do sleep 1; done"]
    lifecycle:
      preStop:
        exec: {command: [/bin/busybox, sh, -c, "echo ran > /marker/prestop-ran"]}
    volumeMounts: [{name: marker, mountPath: /marker}]
  volumes: [{name: marker, hostPath: {path: ${c.dataDir}, type: Directory}}]
`,
      });
      await waitFor('stubborn to run', async () => (ready(await json(['get', 'pod', 'stubborn'])) ? true : undefined));
      const t0 = Date.now();
      await c.k(['delete', 'pod', 'stubborn']);
      const took = Date.now() - t0;
      assert.ok(took >= 2_500 && took < 15_000, `deletion took ${took} ms, for a grace period of 3 s`);
      assert.equal((await run('cat', [marker])).stdout.trim(), 'ran');
    });

    test('a memory limit is enforced', async () => {
      await c.k(['apply', '-f', '-'], {
        input: `
apiVersion: v1
kind: Pod
metadata: {name: hog}
spec:
  restartPolicy: Never
  containers:
  - name: main
    image: ${IMAGE}
    imagePullPolicy: IfNotPresent
    command: [/bin/busybox, dd, if=/dev/zero, of=/mem/fill, bs=1M, count=200]
    resources: {limits: {memory: 32Mi}}
    volumeMounts: [{name: mem, mountPath: /mem}]
  volumes: [{name: mem, emptyDir: {medium: Memory}}]
`,
      });
      // containerd may report the exit a moment before the OOM (reason Error, then OOMKilled);
      // the kubelet's next look at the container corrects it.
      const st = await waitFor('the hog to be OOMKilled', async () => {
        const s = (await json(['get', 'pod', 'hog'])).status?.containerStatuses?.[0]?.state?.terminated;
        return s?.reason === 'OOMKilled' ? s : undefined;
      }, 90_000);
      assert.equal(st.exitCode, 137);
      assert.equal((await json(['get', 'pod', 'hog'])).status.phase, 'Failed');
    });
  });
}
