// metav1 LabelSelector validation (apimachinery's metav1validation.ValidateLabelSelector),
// with upstream's field paths and messages. The selector's syntax lives in machinery/labels.

import type { MetaLabelSelector } from '../../machinery/labels.js';
import { labelSelectorFromMeta, validateLabelKey, validateLabelValue } from '../../machinery/labels.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldForbidden, fieldInvalid, fieldRequired } from '../../machinery/status.js';

export type { MetaLabelSelector };

/** Label keys and values of a label map (ValidateLabels); errors name the map itself. */
export function validateLabelMap(labels: Record<string, string> | null | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const msg of validateLabelKey(k)) errs.push(fieldInvalid(path, k, msg));
    for (const msg of validateLabelValue(v)) errs.push(fieldInvalid(path, v, msg));
  }
  return errs;
}

/**
 * The operator of one selector requirement and its values, as upstream checks them for label
 * selectors; `extra` adds operators some selectors allow (node selectors' Gt and Lt).
 */
export function operatorValueErrors(operator: string | undefined, values: string[], at: string, extra: (op: string) => FieldError[] | undefined = () => undefined): FieldError[] {
  switch (operator) {
    case 'In':
    case 'NotIn':
      return values.length === 0 ? [fieldRequired(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'")] : [];
    case 'Exists':
    case 'DoesNotExist':
      return values.length > 0 ? [fieldForbidden(`${at}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")] : [];
    default:
      return extra(operator ?? '') ?? [fieldInvalid(`${at}.operator`, operator ?? '', 'not a valid selector operator')];
  }
}

export function validateLabelSelector(sel: MetaLabelSelector | null | undefined, path: string): FieldError[] {
  if (!sel) return [];
  const errs: FieldError[] = [];
  (sel.matchExpressions ?? []).forEach((req, i) => {
    const at = `${path}.matchExpressions[${i}]`;
    const values = req.values ?? [];
    errs.push(...operatorValueErrors(req.operator, values, at));
    for (const msg of validateLabelKey(req.key)) errs.push(fieldInvalid(`${at}.key`, req.key, msg));
    values.forEach((v, j) => {
      for (const msg of validateLabelValue(v)) errs.push(fieldInvalid(`${at}.values[${j}]`, v, msg));
    });
  });
  errs.push(...validateLabelMap(sel.matchLabels, `${path}.matchLabels`));
  return errs;
}

/** True when the selector has neither matchLabels nor matchExpressions. */
export function isEmptySelector(sel: MetaLabelSelector | null | undefined): boolean {
  return Object.keys(sel?.matchLabels ?? {}).length + (sel?.matchExpressions ?? []).length === 0;
}

/** Whether `labels` satisfy a selector; false for selectors that do not parse. */
export function selectorMatches(sel: MetaLabelSelector | null | undefined, labels: Record<string, string> | undefined): boolean {
  try {
    return labelSelectorFromMeta(sel).matches(labels);
  } catch {
    return false;
  }
}

/** The selector as Scale.status.selector carries it: the plain string form, empty for none. */
export function selectorString(sel: MetaLabelSelector | null | undefined): string {
  try {
    return labelSelectorFromMeta(sel).toString();
  } catch {
    return '';
  }
}
