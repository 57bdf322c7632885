// Schema facts of io.k8s.api.networking.v1, in the compact form described in format.ts.

import type { PackageFacts } from './format.js';

export const networkingV1: PackageFacts = {
  pkg: 'io.k8s.api.networking.v1',
  group: 'networking.k8s.io',
  version: 'v1',
  kinds: ['Ingress', 'IngressList', 'IngressClass', 'IngressClassList', 'NetworkPolicy', 'NetworkPolicyList'],
  atomic: ['ServiceBackendPort'],
  types: {
    HTTPIngressPath: {
      path: [1, 'string'],
      pathType: [3, 'string', { req: true, ptr: true }],
      backend: [2, 'IngressBackend', { req: true }],
    },
    HTTPIngressRuleValue: {
      paths: [1, 'HTTPIngressPath[]', { lt: 'atomic', req: true }],
    },
    IPBlock: {
      cidr: [1, 'string', { req: true }],
      except: [2, 'string[]', { lt: 'atomic' }],
    },
    Ingress: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      spec: [2, 'IngressSpec'],
      status: [3, 'IngressStatus'],
    },
    IngressBackend: {
      service: [4, 'IngressServiceBackend'],
      resource: [3, 'core.v1.TypedLocalObjectReference'],
    },
    IngressClass: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      spec: [2, 'IngressClassSpec'],
    },
    IngressClassList: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ListMeta'],
      items: [2, 'IngressClass[]', { req: true }],
    },
    IngressClassParametersReference: {
      apiGroup: [1, 'string', { ptr: true }],
      kind: [2, 'string', { req: true }],
      name: [3, 'string', { req: true }],
      scope: [4, 'string', { ptr: true }],
      namespace: [5, 'string', { ptr: true }],
    },
    IngressClassSpec: {
      controller: [1, 'string'],
      parameters: [2, 'IngressClassParametersReference'],
    },
    IngressList: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ListMeta'],
      items: [2, 'Ingress[]', { req: true }],
    },
    IngressLoadBalancerIngress: {
      ip: [1, 'string'],
      hostname: [2, 'string'],
      ports: [4, 'IngressPortStatus[]', { lt: 'atomic' }],
    },
    IngressLoadBalancerStatus: {
      ingress: [1, 'IngressLoadBalancerIngress[]', { lt: 'atomic' }],
    },
    IngressPortStatus: {
      port: [1, 'int32', { req: true }],
      protocol: [2, 'string', { req: true }],
      error: [3, 'string', { ptr: true }],
    },
    IngressRule: {
      host: [1, 'string'],
      ingressRuleValue: [2, 'IngressRuleValue', { inline: true }],
    },
    IngressRuleValue: {
      http: [1, 'HTTPIngressRuleValue'],
    },
    IngressServiceBackend: {
      name: [1, 'string', { req: true }],
      port: [2, 'ServiceBackendPort'],
    },
    IngressSpec: {
      ingressClassName: [4, 'string', { ptr: true }],
      defaultBackend: [1, 'IngressBackend'],
      tls: [2, 'IngressTLS[]', { lt: 'atomic' }],
      rules: [3, 'IngressRule[]', { lt: 'atomic' }],
    },
    IngressStatus: {
      loadBalancer: [1, 'IngressLoadBalancerStatus'],
    },
    IngressTLS: {
      hosts: [1, 'string[]', { lt: 'atomic' }],
      secretName: [2, 'string'],
    },
    NetworkPolicy: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ObjectMeta'],
      spec: [2, 'NetworkPolicySpec'],
    },
    NetworkPolicyEgressRule: {
      ports: [1, 'NetworkPolicyPort[]', { lt: 'atomic' }],
      to: [2, 'NetworkPolicyPeer[]', { lt: 'atomic' }],
    },
    NetworkPolicyIngressRule: {
      ports: [1, 'NetworkPolicyPort[]', { lt: 'atomic' }],
      from: [2, 'NetworkPolicyPeer[]', { lt: 'atomic' }],
    },
    NetworkPolicyList: {
      apiVersion: [0, 'string'],
      kind: [0, 'string'],
      metadata: [1, 'meta.v1.ListMeta'],
      items: [2, 'NetworkPolicy[]', { req: true }],
    },
    NetworkPolicyPeer: {
      podSelector: [1, 'meta.v1.LabelSelector'],
      namespaceSelector: [2, 'meta.v1.LabelSelector'],
      ipBlock: [3, 'IPBlock'],
    },
    NetworkPolicyPort: {
      protocol: [1, 'string', { ptr: true }],
      port: [2, 'IntOrString'],
      endPort: [3, 'int32', { ptr: true }],
    },
    NetworkPolicySpec: {
      podSelector: [1, 'meta.v1.LabelSelector', { req: true }],
      ingress: [2, 'NetworkPolicyIngressRule[]', { lt: 'atomic' }],
      egress: [3, 'NetworkPolicyEgressRule[]', { lt: 'atomic' }],
      policyTypes: [4, 'string[]', { lt: 'atomic' }],
    },
    ServiceBackendPort: {
      name: [1, 'string'],
      number: [2, 'int32'],
    },
  },
};
