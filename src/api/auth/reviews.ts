// The review kinds of authentication.k8s.io and authorization.k8s.io: a client creates one
// and reads the answer from its status; nothing is stored. `kubectl auth whoami` and
// `kubectl auth can-i` use them.

import type { ResourceType } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, ageCell, nameCell } from '../common/columns.js';
import { defineKind } from '../common/define.js';

function review(group: string, kind: string, plural: string, namespaced = false): ResourceType {
  return defineKind({
    group,
    version: 'v1',
    kind,
    plural,
    namespaced,
    createOnly: true,
    // Reviews have no name; upstream validates only their spec.
    nameValidator: () => [],
    columns: [NAME_COLUMN, AGE_COLUMN],
    cells: (o, now) => [nameCell(o), ageCell(o, now)],
  });
}

export const reviewResources: ResourceType[] = [
  review('authentication.k8s.io', 'SelfSubjectReview', 'selfsubjectreviews'),
  review('authorization.k8s.io', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews'),
  review('authorization.k8s.io', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews'),
  review('authorization.k8s.io', 'SubjectAccessReview', 'subjectaccessreviews'),
  review('authorization.k8s.io', 'LocalSubjectAccessReview', 'localsubjectaccessreviews', true),
];
