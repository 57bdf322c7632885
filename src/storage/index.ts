// The storage layer's public surface: the Store contract and its backends.

export * from './store.js';
export { MemoryStore } from './memory/memory-store.js';
export { SqliteStore, openSqliteStore } from './sqlite/sqlite-store.js';
