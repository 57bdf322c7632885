// batch/v1.

import type { ResourceType } from '../resource.js';
import { cronJobs } from './cronjob.js';
import { jobs } from './job.js';

export { cronJobs, jobs };
export const batchV1Resources: ResourceType[] = [jobs, cronJobs];
