import { MemoryStore } from '../../../src/storage/index.js';
import { runStoreContract } from './store-contract.js';

runStoreContract('memory', () => new MemoryStore());
