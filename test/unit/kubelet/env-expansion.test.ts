// $(VAR) expansion as upstream's expansion package does it, including its edge cases.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expand, expandAll, mappingFor } from '../../../src/kubelet/env/index.js';

const vars = mappingFor(new Map([['A', 'alpha'], ['EMPTY', '']]), new Map([['B', 'beta'], ['A', 'shadowed']]));

describe('env expansion', () => {
  const cases: [string, string][] = [
    ['$(A)', 'alpha'],
    ['x-$(A)-$(B)-y', 'x-alpha-beta-y'],
    ['$(EMPTY)', ''],
    ['$(UNKNOWN)', '$(UNKNOWN)'],
    ['$$(A)', '$(A)'],
    ['$$$(A)', '$alpha'],
    ['$$$$(A)', '$$(A)'],
    ['$(A', '$(A'],
    ['$A', '$A'],
    ['trailing $', 'trailing $'],
    ['$', '$'],
    ['$()', '$()'],
    ['no refs', 'no refs'],
  ];
  for (const [input, want] of cases) {
    it(`expands ${JSON.stringify(input)}`, () => assert.equal(expand(input, vars), want));
  }

  it('reads the name up to the first closing parenthesis', () => {
    // `$(A$(B)` names the variable `A$(B`, which is unknown, so it stays as written.
    assert.equal(expand('$(A$(B)', vars), '$(A$(B)');
  });

  it('expands command and args against the container environment', () => {
    const env = [{ name: 'GREETING', value: 'hi' }, { name: 'WHO', value: 'you' }];
    assert.deepEqual(expandAll(['echo', '$(GREETING) $(WHO)', '$$(GREETING)'], env), ['echo', 'hi you', '$(GREETING)']);
    assert.deepEqual(expandAll(undefined, env), []);
  });
});
