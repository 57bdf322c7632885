// Public surface of the scheduler core: pure code with no API-server access, meant to be
// wired to informers and the pods/binding subresource by the component that runs it.
//
// The intended loop, one pod at a time (upstream's ScheduleOne):
//
//   const info = await queue.pop();                    // undefined: shutting down
//   const cycle = queue.schedulingCycle;
//   const r = schedulePod(info.pod, cache.snapshot(), profile, { startIndex });
//   startIndex = r.nextStartIndex;
//   if ('node' in r) {
//     const assumed = cache.assume(info.pod, r.node);  // counts on the node at once
//     try { POST pods/<name>/binding {target: {kind: 'Node', name: r.node}}; queue.done(info.pod); }
//     catch (e) { cache.forget(assumed); queue.addUnschedulable(info, cycle); event FailedScheduling e.message }
//   } else {
//     info.unschedulablePlugins = r.failure.diagnosis.unschedulablePlugins;
//     queue.addUnschedulable(info, cycle);
//     // r.postFilter?.nominatedNodeName / victims: set status.nominatedNodeName, delete victims.
//     Warning event FailedScheduling, message r.failure.message();
//     pods/status: condition PodScheduled=False, reason Unschedulable, same message.
//   }
//   // SchedulingError (a plugin failed): clear unschedulablePlugins and addUnschedulable
//   // (the pod backs off), event FailedScheduling with the error text.
//
// Informers feed the rest: unassigned pods of this profile's schedulerName → queue.add /
// update / delete; assigned pods → cache.addPod / updatePod / removePod (addPod confirms an
// assumed pod), and queue.moveAllToActiveOrBackoff('AssignedPodDelete' | 'AssignedPodAdd' …);
// nodes → cache.addNode / updateNode / removeNode and moveAllToActiveOrBackoff('NodeAdd' |
// 'NodeUpdate'); namespaces → cache.setNamespace. queue.run() starts the backoff and
// 5-minute unschedulable flushes; queue.close() ends pop().

export * from './framework.js';
export * from './types.js';
export { NodeInfo, Snapshot, HostPorts } from './node-info.js';
export { podRequests, type Resource } from './resources.js';
export { FitError, fitErrorMessage, type Diagnosis } from './fit-error.js';
export { schedulePod, numFeasibleNodesToFind, selectHost, type ScheduleOptions, type ScheduleResult } from './schedule.js';
export { SchedulingError } from './runner.js';
export { SchedulingQueue, type QueuedPodInfo, type ClusterEvent, type QueueOptions } from './queue.js';
export { SchedulerCache } from './cache.js';
export { defaultProfile, DEFAULT_SCHEDULER_NAME, DEFAULT_SCORE_WEIGHTS } from './profile.js';
export { BalancedAllocation } from './plugins/balancedallocation/index.js';
export { DefaultPreemption } from './plugins/defaultpreemption/index.js';
export { InterPodAffinity } from './plugins/interpodaffinity/index.js';
export { NodeAffinity } from './plugins/nodeaffinity/index.js';
export { NodeName } from './plugins/nodename/index.js';
export { NodePorts } from './plugins/nodeports/index.js';
export { NodeResourcesFit } from './plugins/noderesourcesfit/index.js';
export { NodeUnschedulable } from './plugins/nodeunschedulable/index.js';
export { PodTopologySpread } from './plugins/podtopologyspread/index.js';
export { TaintToleration } from './plugins/tainttoleration/index.js';
