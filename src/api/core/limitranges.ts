// core/v1 LimitRange (defaults, ValidateLimitRange, printLimitRange).

import type { KubeObject } from '../resource.js';
import type { FieldError } from '../../machinery/status.js';
import { fieldDuplicate, fieldForbidden, fieldInvalid, fieldRequired } from '../../machinery/status.js';
import { CREATED_AT_COLUMN, NAME_COLUMN, createdAtCell, nameCell } from '../common/columns.js';
import { defineCoreKind } from './define-core.js';
import { quantityOf, validateContainerResourceName, validateLimitType, validateResourceName } from './resource-names.js';
import type { ResourceList } from './types.js';

interface LimitRangeItem {
  type?: string;
  max?: ResourceList;
  min?: ResourceList;
  default?: ResourceList;
  defaultRequest?: ResourceList;
  maxLimitRequestRatio?: ResourceList;
}

export interface LimitRange extends KubeObject {
  spec?: { limits?: LimitRangeItem[] };
}

const LISTS = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;

export const limitranges = defineCoreKind<LimitRange>({
  kind: 'LimitRange',
  plural: 'limitranges',
  namespaced: true,
  shortNames: ['limits'],
  defaults(lr) {
    for (const item of lr.spec?.limits ?? []) if (item.type === 'Container') defaultContainerItem(item);
  },
  validateSpec: (lr) => validateLimits(lr.spec?.limits ?? []),
  columns: [NAME_COLUMN, CREATED_AT_COLUMN],
  cells: (lr) => [nameCell(lr), createdAtCell(lr)],
});

/** Container limits default to max, requests to the default limit, else to min. */
function defaultContainerItem(item: LimitRangeItem): void {
  const def = { ...item.max, ...item.default };
  const req = { ...item.min, ...def, ...item.defaultRequest };
  if (Object.keys(def).length > 0) item.default = def;
  if (Object.keys(req).length > 0) item.defaultRequest = req;
}

function validateLimits(limits: LimitRangeItem[]): FieldError[] {
  const errs: FieldError[] = [];
  const types = new Set<string>();
  limits.forEach((item, i) => {
    const at = `spec.limits[${i}]`;
    const type = item.type ?? '';
    errs.push(...validateLimitType(type, `${at}.type`));
    if (types.has(type)) errs.push(fieldDuplicate(`${at}.type`, type));
    types.add(type);
    const nameCheck = type === 'Pod' || type === 'Container' ? validateContainerResourceName : validateResourceName;
    if (type === 'Pod') {
      for (const key of ['default', 'defaultRequest'] as const) {
        if (Object.keys(item[key] ?? {}).length > 0) errs.push(fieldForbidden(`${at}.${key}`, "may not be specified when `type` is 'Pod'"));
      }
    }
    for (const list of LISTS) {
      if (type === 'Pod' && (list === 'default' || list === 'defaultRequest')) continue;
      for (const name of Object.keys(item[list] ?? {})) errs.push(...nameCheck(name, `${at}.${list}[${name}]`));
    }
    if (type === 'PersistentVolumeClaim' && !item.min?.storage && !item.max?.storage) {
      errs.push(fieldRequired(`${at}.limits`, 'either minimum or maximum storage value is required, but neither was provided'));
    }
    errs.push(...validateOrdering(item, at));
  });
  return errs;
}

/** min ≤ defaultRequest ≤ default ≤ max, for every resource named anywhere in the item. */
function validateOrdering(item: LimitRangeItem, at: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(LISTS.flatMap((l) => Object.keys(item[l] ?? {})));
  for (const name of names) {
    const min = quantityOf(item.min?.[name]);
    const max = quantityOf(item.max?.[name]);
    const def = quantityOf(item.default?.[name]);
    const req = quantityOf(item.defaultRequest?.[name]);
    const ratio = quantityOf(item.maxLimitRequestRatio?.[name]);
    if (min && max && min.cmp(max) > 0) errs.push(fieldInvalid(`${at}.min[${name}]`, min.toString(), `min value ${min} is greater than max value ${max}`));
    if (req && min && min.cmp(req) > 0) errs.push(fieldInvalid(`${at}.defaultRequest[${name}]`, req.toString(), `min value ${min} is greater than default request value ${req}`));
    if (req && max && req.cmp(max) > 0) errs.push(fieldInvalid(`${at}.defaultRequest[${name}]`, req.toString(), `default request value ${req} is greater than max value ${max}`));
    if (req && def && req.cmp(def) > 0) errs.push(fieldInvalid(`${at}.defaultRequest[${name}]`, req.toString(), `default request value ${req} is greater than default limit value ${def}`));
    if (def && min && min.cmp(def) > 0) errs.push(fieldInvalid(`${at}.default[${name}]`, min.toString(), `min value ${min} is greater than default value ${def}`));
    if (def && max && def.cmp(max) > 0) errs.push(fieldInvalid(`${at}.default[${name}]`, max.toString(), `default value ${def} is greater than max value ${max}`));
    if (ratio && ratio.cmp(quantityOf(1)!) < 0) errs.push(fieldInvalid(`${at}.maxLimitRequestRatio[${name}]`, ratio.toString(), `ratio ${ratio} is less than 1`));
  }
  return errs;
}
