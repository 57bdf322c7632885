// Value-format checks from apimachinery's util/validation (ports, environment variable
// names, config keys, HTTP header names, IP addresses), returning upstream's messages.

import { isIP } from 'node:net';
import { maxLenError, regexError, validateLabelKey } from '../../machinery/labels.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldInvalid } from '../../machinery/status.js';

/** Upstream's IsQualifiedName is the label-key rule. */
export const isQualifiedName = validateLabelKey;

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.startsWith('-') || port.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** IsRelaxedEnvVarName: RelaxedEnvironmentVariableValidation is on by default since 1.32. */
export function isEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (value.length === 0) errs.push('environment variable name must be non-empty');
  if ([...value].some((c) => c < ' ' || c > '~' || c === '=')) {
    errs.push("a valid environment variable name must consist only of printable ASCII characters other than '='");
  }
  return errs;
}

const CONFIG_KEY_FMT = '[-._a-zA-Z0-9]+';

export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (Buffer.byteLength(value, 'utf8') > 253) errs.push(maxLenError(253));
  if (!new RegExp(`^${CONFIG_KEY_FMT}$`).test(value)) {
    errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", CONFIG_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  }
  // Keys become file names in volumes, so they may not walk out of the directory.
  if (value === '.') errs.push("must not be '.'");
  else if (value === '..') errs.push("must not be '..'");
  else if (value.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

export function isHTTPHeaderName(value: string): string[] {
  return /^[-A-Za-z0-9]+$/.test(value) ? [] : [regexError("a valid HTTP header must consist of alphanumeric characters or '-'", '[-A-Za-z0-9]+', 'X-Header-Name')];
}

/** IsValidIP, which reports against the field itself. */
export function validateIP(value: string, path: string): FieldError[] {
  return isIP(value) ? [] : [fieldInvalid(path, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
}

/** ValidateNonSpecialIP: endpoints and external IPs may not be unspecified, loopback or link-local. */
export function validateNonSpecialIP(value: string, path: string): FieldError[] {
  const v = value.toLowerCase();
  if (!isIP(v)) return [fieldInvalid(path, value, 'must be a valid IP address')];
  if (v === '0.0.0.0' || v === '::') return [fieldInvalid(path, value, `may not be unspecified (${value})`)];
  if (v.startsWith('127.') || v === '::1') return [fieldInvalid(path, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)')];
  if (v.startsWith('169.254.') || /^fe[89ab]/.test(v)) return [fieldInvalid(path, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)')];
  if (v.startsWith('224.0.0.') || v.startsWith('ff02:')) return [fieldInvalid(path, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)')];
  return [];
}
