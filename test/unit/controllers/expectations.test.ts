// ControllerExpectations: a controller waits for the creates and deletes it asked for to be
// observed, but never longer than five minutes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ControllerExpectations, EXPECTATIONS_TIMEOUT_MS, UIDTrackingExpectations } from '../../../src/controllers/common/expectations.js';

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('ControllerExpectations', () => {
  it('is satisfied for an unknown key', () => {
    assert.equal(new ControllerExpectations().satisfiedExpectations('ns/a'), true);
  });

  it('waits until every expected create and delete is observed', () => {
    const e = new ControllerExpectations();
    e.expectCreations('ns/a', 2);
    assert.equal(e.satisfiedExpectations('ns/a'), false);
    e.creationObserved('ns/a');
    assert.equal(e.satisfiedExpectations('ns/a'), false);
    e.creationObserved('ns/a');
    assert.equal(e.satisfiedExpectations('ns/a'), true);

    e.expectDeletions('ns/a', 1);
    assert.deepEqual(e.get('ns/a'), { add: 0, del: 1 });
    assert.equal(e.satisfiedExpectations('ns/a'), false);
    e.deletionObserved('ns/a');
    assert.equal(e.satisfiedExpectations('ns/a'), true);
    // Other keys are independent.
    e.expectCreations('ns/b', 1);
    assert.equal(e.satisfiedExpectations('ns/a'), true);
    assert.equal(e.satisfiedExpectations('ns/b'), false);
  });

  it('treats expectations older than five minutes as satisfied, and restarts the timer when set again', () => {
    const c = clock();
    const e = new ControllerExpectations(c.now);
    e.expectCreations('ns/a', 3);
    c.advance(EXPECTATIONS_TIMEOUT_MS);
    assert.equal(e.satisfiedExpectations('ns/a'), false);
    c.advance(1);
    assert.equal(e.satisfiedExpectations('ns/a'), true);
    e.expectCreations('ns/a', 1);
    assert.equal(e.satisfiedExpectations('ns/a'), false);
  });

  it('forgets a deleted owner', () => {
    const e = new ControllerExpectations();
    e.expectCreations('ns/a', 5);
    e.deleteExpectations('ns/a');
    assert.equal(e.get('ns/a'), undefined);
    assert.equal(e.satisfiedExpectations('ns/a'), true);
    // Observations for a forgotten key do nothing.
    e.creationObserved('ns/a');
    assert.equal(e.get('ns/a'), undefined);
  });
});

describe('UIDTrackingExpectations', () => {
  it('counts each expected pod once, and ignores pods it did not delete', () => {
    const e = new UIDTrackingExpectations();
    e.expectDeletionsOf('ns/rs', ['ns/p1', 'ns/p2']);
    e.deletionObservedOf('ns/rs', 'ns/p1');
    // Seen again (marked for deletion, then gone): no second count.
    e.deletionObservedOf('ns/rs', 'ns/p1');
    e.deletionObservedOf('ns/rs', 'ns/other');
    assert.deepEqual(e.get('ns/rs'), { add: 0, del: 1 });
    assert.equal(e.satisfiedExpectations('ns/rs'), false);
    e.deletionObservedOf('ns/rs', 'ns/p2');
    assert.equal(e.satisfiedExpectations('ns/rs'), true);
  });

  it('drops the tracked pods with the owner', () => {
    const e = new UIDTrackingExpectations();
    e.expectDeletionsOf('ns/rs', ['ns/p1']);
    e.deleteExpectations('ns/rs');
    e.expectDeletions('ns/rs', 1);
    e.deletionObservedOf('ns/rs', 'ns/p1');
    assert.deepEqual(e.get('ns/rs'), { add: 0, del: 1 });
  });
});
