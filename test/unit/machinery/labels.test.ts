import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LabelSelector,
  isStatusError,
  labelSelectorFromMeta,
  parseLabelSelector,
  selectorFromSet,
  selectorToString,
  validateLabelKey,
  validateLabelValue,
} from '../../../src/machinery/index.js';

function parseError(s: string): string {
  try {
    parseLabelSelector(s);
  } catch (e) {
    assert.ok(isStatusError(e));
    assert.equal(e.code, 400);
    return e.message;
  }
  assert.fail(`expected ${JSON.stringify(s)} to be rejected`);
}

test('parses every operator and prints sorted, canonical text', () => {
  assert.equal(parseLabelSelector('x=a,y==b,z!=c').toString(), 'x=a,y==b,z!=c');
  assert.equal(parseLabelSelector('  b in ( y , x ) , a notin (z),!c ,d  ').toString(), 'a notin (z),b in (x,y),!c,d');
  assert.equal(parseLabelSelector('x in (foo,,baz),y,z notin ()').toString(), 'x in (,baz,foo),y,z notin ()');
  assert.equal(parseLabelSelector('a>1,b<2').toString(), 'a>1,b<2');
  assert.equal(parseLabelSelector('x=').toString(), 'x=');
  assert.equal(parseLabelSelector('key in (in,notin)').toString(), 'key in (in,notin)');
  assert.equal(parseLabelSelector('example.com/app=web').toString(), 'example.com/app=web');
  assert.ok(parseLabelSelector('').empty);
  assert.ok(parseLabelSelector('   ').empty);
});

test('matching follows upstream semantics', () => {
  const l = { app: 'web', tier: 'front', n: '5' };
  const m = (s: string, labels: Record<string, string> | null = l) => parseLabelSelector(s).matches(labels);
  assert.ok(m('app=web'));
  assert.ok(m('app==web,tier'));
  assert.ok(!m('app!=web'));
  assert.ok(m('missing!=x'), 'a missing key satisfies !=');
  assert.ok(m('app in (api,web)'));
  assert.ok(m('missing notin (x)'));
  assert.ok(!m('tier notin (front)'));
  assert.ok(m('!missing'));
  assert.ok(!m('!app'));
  assert.ok(m('n>4,n<6'));
  assert.ok(!m('n>5'));
  assert.ok(!m('app>1'), 'non-integer label values never satisfy gt');
  assert.ok(m('', null));
  assert.ok(!m('app', null));
});

test('parse errors carry upstream messages', () => {
  assert.equal(parseError('(a)'), "found '(', expected: !, identifier, or 'end of string'");
  assert.equal(parseError('a b'), "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
  assert.equal(parseError('a in x'), "unable to parse requirement: found 'x' expected: '('");
  assert.equal(parseError('a=b c'), "found 'c', expected: ',' or 'end of string'");
  assert.equal(parseError('a=b,'), "found '', expected: identifier after ','");
  assert.equal(parseError('a in (b c)'), "unable to parse requirement: found 'c', expected: ',' or ')'");
  assert.equal(parseError('a in (b'), "unable to parse requirement: found '', expected: ',' or ')'");
  assert.equal(parseError('a in ((b)'), "unable to parse requirement: found '(', expected: ',', ')' or identifier");
  assert.equal(parseError('a=(b)'), "unable to parse requirement: found '(', expected: identifier");
  assert.equal(parseError('!'), "unable to parse requirement: found '', expected: identifier");
  assert.equal(parseError('a>b'), `unable to parse requirement: values[0]: Invalid value: "b": for 'Gt', 'Lt' operators, the value must be an integer`);
  assert.match(parseError('a=b c=d'), /^found 'c', expected/);
  assert.equal(
    parseError('a b c'),
    "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt",
  );
  assert.equal(
    parseError('-a=b'),
    `unable to parse requirement: <nil>: Invalid value: "-a": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
  );
  assert.equal(
    parseError('a=b!c'),
    "found '!', expected: ',' or 'end of string'",
  );
  assert.equal(
    parseError(`a=${'x'.repeat(64)}`),
    `unable to parse requirement: values[0][a]: Invalid value: "${'x'.repeat(64)}": must be no more than 63 bytes`,
  );
  assert.equal(
    parseError('a=-b'),
    `unable to parse requirement: values[0][a]: Invalid value: "-b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
  );
});

test('label key and value validation', () => {
  assert.deepEqual(validateLabelKey('app'), []);
  assert.deepEqual(validateLabelKey('app.kubernetes.io/name'), []);
  assert.deepEqual(validateLabelKey('a'.repeat(63)), []);
  assert.deepEqual(validateLabelKey('a'.repeat(64)), ['name part must be no more than 63 bytes']);
  assert.deepEqual(validateLabelKey('/a'), ['prefix part must be non-empty']);
  assert.deepEqual(validateLabelKey('a/'), [
    'name part must be non-empty',
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ]);
  assert.deepEqual(validateLabelKey('Example.com/a'), [
    "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  ]);
  assert.equal(validateLabelKey(`${'a'.repeat(254)}/b`)[0], 'prefix part must be no more than 253 bytes');
  assert.match(validateLabelKey('a/b/c')[0], /^a qualified name must consist of .* with an optional DNS subdomain prefix and '\/' \(e\.g\. 'example\.com\/MyName'\)$/);
  assert.deepEqual(validateLabelValue(''), []);
  assert.deepEqual(validateLabelValue('my_value-1.x'), []);
  assert.equal(validateLabelValue('a b').length, 1);
  assert.equal(validateLabelValue('a'.repeat(64))[0], 'must be no more than 63 bytes');
});

test('metav1.LabelSelector conversion', () => {
  assert.ok(labelSelectorFromMeta(null).isNothing);
  assert.ok(!labelSelectorFromMeta(undefined).matches({}));
  assert.ok(labelSelectorFromMeta({}).empty);
  assert.ok(labelSelectorFromMeta({}).matches({ a: 'b' }));
  const sel = labelSelectorFromMeta({
    matchLabels: { b: 'x', a: 'y' },
    matchExpressions: [
      { key: 'c', operator: 'In', values: ['2', '1'] },
      { key: 'd', operator: 'DoesNotExist' },
      { key: 'e', operator: 'Exists', values: [] },
    ],
  });
  assert.equal(sel.toString(), 'a=y,b=x,c in (1,2),!d,e');
  assert.ok(sel.matches({ a: 'y', b: 'x', c: '1', e: '' }));
  assert.ok(!sel.matches({ a: 'y', b: 'x', c: '1', e: '', d: '' }));
  assert.equal(sel.requiresExactMatch('a'), 'y');
  assert.equal(sel.requiresExactMatch('c'), undefined);

  assert.throws(() => labelSelectorFromMeta({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }), { message: '"Bogus" is not a valid label selector operator' });
  assert.throws(() => labelSelectorFromMeta({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), {
    message: "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty",
  });
  assert.throws(() => labelSelectorFromMeta({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }), {
    message: `values: Invalid value: ["x"]: values set must be empty for exists and does not exist`,
  });
  assert.equal(selectorToString({ matchLabels: { app: 'web' } }), 'app=web');
  assert.equal(selectorToString({}), '<none>');
  assert.equal(selectorToString({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), '<error>');
});

test('selectors from sets and the shared everything/nothing selectors', () => {
  assert.equal(selectorFromSet({ z: '1', a: '2' }).toString(), 'a=2,z=1');
  assert.ok(selectorFromSet({}).empty);
  assert.ok(LabelSelector.everything().matches(undefined));
  assert.ok(!LabelSelector.nothing().matches({}));
  assert.ok(!LabelSelector.nothing().empty);
});
