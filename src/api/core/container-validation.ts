// Validation of the containers of a pod spec (validateContainers, validateInitContainers and
// what they share), with upstream's field paths and messages.

import type { FieldError } from '../../machinery/status.js';
import { fieldDuplicate, fieldForbidden, fieldInvalid, fieldNotSupported, fieldRequired } from '../../machinery/status.js';
import { fieldNotFound, invalidEach } from '../validation/errors.js';
import { isDNS1123Label, nameIsDNSSubdomain } from '../validation/names.js';
import { isConfigMapKey, isEnvVarName, isHTTPHeaderName, isValidPortName, isValidPortNum } from '../validation/values.js';
import { validateResourceRequirements } from './resource-names.js';
import type { Container, EnvVar, Handler, IntOrString, Probe } from './types.js';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const ENV_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
const NOT_FOR_PLAIN_INIT = 'may not be set for init containers without restartPolicy=Always';

/** Regular containers: at least one, unique names, probes and lifecycle hooks allowed. */
export function validateContainers(containers: Container[] | undefined, volumes: Set<string>, grace: number | undefined, path: string): FieldError[] {
  if (!containers || containers.length === 0) return [fieldRequired(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const at = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, volumes, at));
    if (names.has(c.name ?? '')) errs.push(fieldDuplicate(`${at}.name`, c.name ?? ''));
    names.add(c.name ?? '');
    errs.push(...validateHooksAndProbes(c, grace, at));
    if (c.restartPolicy !== undefined) errs.push(fieldForbidden(`${at}.restartPolicy`, 'may not be set for non-init containers'));
  });
  errs.push(...hostPortConflicts(containers, path));
  return errs;
}

/** Init containers: names unique across both lists; probes only for sidecars (restartPolicy Always). */
export function validateInitContainers(inits: Container[] | undefined, regular: Container[] | undefined, volumes: Set<string>, grace: number | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set((regular ?? []).map((c) => c.name ?? ''));
  (inits ?? []).forEach((c, i) => {
    const at = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, volumes, at));
    if (c.restartPolicy !== undefined && c.restartPolicy !== 'Always') errs.push(fieldNotSupported(`${at}.restartPolicy`, c.restartPolicy, ['Always']));
    if (names.has(c.name ?? '')) errs.push(fieldDuplicate(`${at}.name`, c.name ?? ''));
    else if (c.name) names.add(c.name);
    // Init containers run one at a time, so only ports within one can clash.
    errs.push(...hostPortConflicts([c], path));
    if (c.restartPolicy === 'Always') {
      errs.push(...validateHooksAndProbes(c, grace, at));
    } else {
      for (const key of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        if (c[key] !== undefined) errs.push(fieldForbidden(`${at}.${key}`, NOT_FOR_PLAIN_INIT));
      }
    }
  });
  return errs;
}

function validateContainerCommon(c: Container, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(fieldRequired(`${path}.name`));
  else errs.push(...invalidEach(`${path}.name`, c.name, isDNS1123Label(c.name)));
  if (!c.image) errs.push(fieldRequired(`${path}.image`));
  errs.push(...oneOfRequired(c.terminationMessagePolicy, ['File', 'FallbackToLogsOnError'], `${path}.terminationMessagePolicy`));
  errs.push(...validatePorts(c, `${path}.ports`));
  errs.push(...validateEnv(c.env ?? [], `${path}.env`));
  errs.push(...validateEnvFrom(c, `${path}.envFrom`));
  errs.push(...validateVolumeMounts(c, volumes, `${path}.volumeMounts`));
  errs.push(...oneOfRequired(c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never'], `${path}.imagePullPolicy`));
  errs.push(...validateResourceRequirements(c.resources, `${path}.resources`));
  return errs;
}

/** Required, and one of a closed set (upstream's switch with a `""` case). */
export function oneOfRequired(value: string | undefined, supported: string[], path: string): FieldError[] {
  if (!value) return [fieldRequired(path)];
  return supported.includes(value) ? [] : [fieldNotSupported(path, value, supported)];
}

function validatePorts(c: Container, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (c.ports ?? []).forEach((p, i) => {
    const at = `${path}[${i}]`;
    if (p.name) {
      const msgs = isValidPortName(p.name);
      if (msgs.length > 0) errs.push(...invalidEach(`${at}.name`, p.name, msgs));
      else if (names.has(p.name)) errs.push(fieldDuplicate(`${at}.name`, p.name));
      else names.add(p.name);
    }
    if (!p.containerPort) errs.push(fieldRequired(`${at}.containerPort`));
    else errs.push(...invalidEach(`${at}.containerPort`, p.containerPort, isValidPortNum(p.containerPort)));
    if (p.hostPort) errs.push(...invalidEach(`${at}.hostPort`, p.hostPort, isValidPortNum(p.hostPort)));
    if (!p.protocol) errs.push(fieldRequired(`${at}.protocol`));
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(fieldNotSupported(`${at}.protocol`, p.protocol, PROTOCOLS));
  });
  return errs;
}

/** The same host port, protocol and address may be claimed only once (AccumulateUniqueHostPorts). */
function hostPortConflicts(containers: Container[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) =>
    (c.ports ?? []).forEach((p, pi) => {
      if (!p.hostPort) return;
      const key = `${p.protocol ?? ''}/${p.hostIP ?? ''}/${p.hostPort}`;
      if (seen.has(key)) errs.push(fieldDuplicate(`${path}[${ci}].ports[${pi}].hostPort`, key));
      seen.add(key);
    }),
  );
  return errs;
}

function validateEnv(env: EnvVar[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  env.forEach((e, i) => {
    const at = `${path}[${i}]`;
    if (!e.name) errs.push(fieldRequired(`${at}.name`));
    else errs.push(...invalidEach(`${at}.name`, e.name, isEnvVarName(e.name)));
    errs.push(...validateEnvValueFrom(e, `${at}.valueFrom`));
  });
  return errs;
}

function validateEnvValueFrom(e: EnvVar, path: string): FieldError[] {
  const from = e.valueFrom;
  if (!from) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  if (from.fieldRef) {
    sources++;
    const { apiVersion, fieldPath } = from.fieldRef;
    if (!apiVersion) errs.push(fieldRequired(`${path}.fieldRef.apiVersion`));
    else if (!fieldPath) errs.push(fieldRequired(`${path}.fieldRef.fieldPath`));
    else if (!/^metadata\.(labels|annotations)\['.+'\]$/.test(fieldPath) && !ENV_FIELD_PATHS.includes(fieldPath)) {
      errs.push(fieldNotSupported(`${path}.fieldRef.fieldPath`, fieldPath, ENV_FIELD_PATHS));
    }
  }
  if (from.resourceFieldRef) {
    sources++;
    if (!from.resourceFieldRef.resource) errs.push(fieldRequired(`${path}.resourceFieldRef.resource`));
  }
  for (const key of ['configMapKeyRef', 'secretKeyRef'] as const) {
    const ref = from[key];
    if (!ref) continue;
    sources++;
    errs.push(...invalidEach(`${path}.${key}.name`, ref.name ?? '', nameIsDNSSubdomain(ref.name ?? '', false)));
    if (!ref.key) errs.push(fieldRequired(`${path}.${key}.key`));
    else errs.push(...invalidEach(`${path}.${key}.key`, ref.key, isConfigMapKey(ref.key)));
  }
  if (sources === 0) errs.push(fieldInvalid(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  else if (e.value) errs.push(fieldInvalid(path, '', 'may not be specified when `value` is not empty'));
  else if (sources > 1) errs.push(fieldInvalid(path, '', 'may not have more than one field specified at a time'));
  return errs;
}

function validateEnvFrom(c: Container, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (c.envFrom ?? []).forEach((e, i) => {
    const at = `${path}[${i}]`;
    if (e.prefix) errs.push(...invalidEach(`${at}.prefix`, e.prefix, isEnvVarName(e.prefix)));
    const refs = (['configMapRef', 'secretRef'] as const).filter((k) => e[k]);
    for (const k of refs) {
      const name = e[k]!.name;
      if (!name) errs.push(fieldRequired(`${at}.${k}.name`));
      else errs.push(...invalidEach(`${at}.${k}.name`, name, nameIsDNSSubdomain(name, true)));
    }
    if (refs.length === 0) errs.push(fieldInvalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (refs.length > 1) errs.push(fieldInvalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function validateVolumeMounts(c: Container, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  (c.volumeMounts ?? []).forEach((m, i) => {
    const at = `${path}[${i}]`;
    if (!m.name) errs.push(fieldRequired(`${at}.name`));
    if (!volumes.has(m.name ?? '')) errs.push(fieldNotFound(`${at}.name`, m.name ?? ''));
    if (!m.mountPath) errs.push(fieldRequired(`${at}.mountPath`));
    if (mountPoints.has(m.mountPath ?? '')) errs.push(fieldInvalid(`${at}.mountPath`, m.mountPath ?? '', 'must be unique'));
    mountPoints.add(m.mountPath ?? '');
    if (m.subPath) errs.push(...validateLocalDescendingPath(m.subPath, `${path}.subPath`));
    if (m.subPathExpr) {
      if (m.subPath) errs.push(fieldInvalid(`${at}.subPathExpr`, m.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(m.subPathExpr, `${path}.subPathExpr`));
    }
  });
  return errs;
}

/** A relative path that never climbs out with `..`. */
export function validateLocalDescendingPath(p: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (p.startsWith('/')) errs.push(fieldInvalid(path, p, 'must be a relative path'));
  if (p.split('/').includes('..')) errs.push(fieldInvalid(path, p, "must not contain '..'"));
  return errs;
}

function validateHooksAndProbes(c: Container, grace: number | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (c.lifecycle?.postStart) errs.push(...validateHandler(c.lifecycle.postStart, grace, `${path}.lifecycle.postStart`));
  if (c.lifecycle?.preStop) errs.push(...validateHandler(c.lifecycle.preStop, grace, `${path}.lifecycle.preStop`));
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const probe = c[key];
    if (!probe) continue;
    const at = `${path}.${key}`;
    errs.push(...validateProbe(probe, grace, at));
    if (key !== 'readinessProbe' && probe.successThreshold !== 1) errs.push(fieldInvalid(`${at}.successThreshold`, probe.successThreshold ?? 0, 'must be 1'));
    if (key === 'readinessProbe' && probe.terminationGracePeriodSeconds !== undefined) {
      errs.push(fieldInvalid(`${at}.terminationGracePeriodSeconds`, probe.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
    }
  }
  return errs;
}

function validateProbe(p: Probe, grace: number | undefined, path: string): FieldError[] {
  const { sleep: _sleep, ...probeHandler } = p;
  const errs = validateHandler(probeHandler, grace, path);
  for (const key of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    const v = p[key];
    if (v !== undefined && v < 0) errs.push(fieldInvalid(`${path}.${key}`, v, 'must be greater than or equal to 0'));
  }
  if (p.terminationGracePeriodSeconds !== undefined && p.terminationGracePeriodSeconds <= 0) {
    errs.push(fieldInvalid(`${path}.terminationGracePeriodSeconds`, p.terminationGracePeriodSeconds, 'must be greater than 0'));
  }
  return errs;
}

/** Exactly one of exec, httpGet, tcpSocket, grpc (probes) or sleep (hooks). */
function validateHandler(h: Handler, grace: number | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  const kinds = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'] as const;
  for (const kind of kinds) {
    if (!h[kind]) continue;
    if (count++ > 0) {
      errs.push(fieldForbidden(`${path}.${kind}`, 'may not specify more than 1 handler type'));
      continue;
    }
    const at = `${path}.${kind}`;
    if (kind === 'exec' && (h.exec!.command ?? []).length === 0) errs.push(fieldRequired(`${at}.command`));
    if (kind === 'httpGet') {
      const g = h.httpGet!;
      if (!g.path) errs.push(fieldRequired(`${at}.path`));
      errs.push(...validatePortNumOrName(g.port, `${at}.port`));
      if (!['HTTP', 'HTTPS'].includes(g.scheme ?? '')) errs.push(fieldNotSupported(`${at}.scheme`, g.scheme ?? '', ['HTTP', 'HTTPS']));
      for (const header of g.httpHeaders ?? []) errs.push(...invalidEach(`${at}.httpHeaders`, header.name, isHTTPHeaderName(header.name)));
    }
    if (kind === 'tcpSocket') errs.push(...validatePortNumOrName(h.tcpSocket!.port, `${at}.port`));
    if (kind === 'grpc') errs.push(...validatePortNumOrName(h.grpc!.port ?? 0, `${at}.port`));
    if (kind === 'sleep' && grace !== undefined) {
      const s = h.sleep!.seconds ?? 0;
      if (s < 0 || s > grace) errs.push(fieldInvalid(at, s, `must be non-negative and less than terminationGracePeriodSeconds (${grace})`));
    }
  }
  if (count === 0) errs.push(fieldRequired(path, 'must specify a handler type'));
  return errs;
}

/** A port given by number (1-65535) or by a container port's name. */
export function validatePortNumOrName(port: IntOrString | undefined, path: string): FieldError[] {
  if (typeof port === 'string') return invalidEach(path, port, isValidPortName(port));
  return invalidEach(path, port ?? 0, isValidPortNum(port ?? 0));
}
