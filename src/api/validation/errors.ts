// Field error kinds that machinery/status does not construct, with upstream's wording.

import type { FieldError } from '../../machinery/status.js';
import { fieldInvalid, formatValue } from '../../machinery/status.js';

/** field.NotFound: a reference to something that does not exist (a volume, a container). */
export function fieldNotFound(field: string, value: unknown): FieldError {
  return { field, type: 'FieldValueNotFound', message: `Not found: ${formatValue(value)}` };
}

/** Turns a checker's message strings into Invalid errors on one field. */
export function invalidEach(path: string, value: unknown, messages: string[]): FieldError[] {
  return messages.map((m) => fieldInvalid(path, value, m));
}
