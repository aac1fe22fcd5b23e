import assert from 'node:assert/strict';
import * as drilldown from '../../../src/core/drilldown';

describe('drilldown: public API', () => {
  it('exports exactly the documented functions and settings', () => {
    // Changing this list changes what the panel may call: update ADR 0007 too.
    assert.deepEqual(Object.keys(drilldown).sort(), ['DEFAULTS', 'contributionTable', 'localize']);
  });
});
