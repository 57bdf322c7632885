// `npm run bench -- <name>`: runs one benchmark and prints its JSON result on stdout.
import os from 'node:os';

const BENCHES: Record<string, () => Promise<Record<string, unknown>>> = {
  apiserver: async () => (await import('./apiserver.js')).run(),
  scheduler: async () => (await import('./scheduler.js')).run(),
  podstartup: async () => (await import('./podstartup.js')).run(),
};

const name = process.argv[2];
const bench = name ? BENCHES[name] : undefined;
if (!bench) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}>\n`);
  process.exit(2);
}
const results = await bench();
process.stdout.write(`${JSON.stringify({ bench: name, cores: os.cpus().length, node: process.version, ...results }, null, 2)}\n`);
process.exit(0);
