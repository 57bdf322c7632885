// Name checks from apimachinery's util/validation. Each returns the problems as upstream's
// message strings (empty when valid); callers wrap them into FieldErrors with their path.
// The DNS-1123 rules live with the label rules in machinery/labels (label keys need them).

import { isDNS1123Label, isDNS1123Subdomain, maxLenError, regexError } from '../../machinery/labels.js';

export { isDNS1123Label, isDNS1123Subdomain };

const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_RE = new RegExp(`^${DNS1035_LABEL_FMT}$`);
const DNS1035_LABEL_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";

export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (Buffer.byteLength(value, 'utf8') > 63) errs.push(maxLenError(63));
  if (!DNS1035_LABEL_RE.test(value)) errs.push(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errs;
}

/**
 * How an object's name is checked: `prefix` is true for metadata.generateName, whose
 * trailing dash is allowed because random characters follow it.
 */
export type NameValidator = (name: string, prefix: boolean) => string[];

/** Upstream's maskTrailingDash: `abc-` is checked as `aba`, keeping its length. */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? name.slice(0, -2) + 'a' : name;
}

function withPrefix(check: (v: string) => string[]): NameValidator {
  return (name, prefix) => check(prefix ? maskTrailingDash(name) : name);
}

export const nameIsDNSSubdomain: NameValidator = withPrefix(isDNS1123Subdomain);
export const nameIsDNSLabel: NameValidator = withPrefix(isDNS1123Label);
export const nameIsDNS1035Label: NameValidator = withPrefix(isDNS1035Label);
