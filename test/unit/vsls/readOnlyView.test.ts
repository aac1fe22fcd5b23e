// A read-only Live Share guest's investigation view (ADR 0016): the host's state message says
// `readOnly: true`, and the view's validator accepts only true or nothing there.
import * as assert from 'node:assert/strict';
import { foldLog } from '../../../src/core/investigation';
import { toInvestigationViewProblem, viewedState } from '../../../src/messaging/investigationProtocol';

const state = (extra: Record<string, unknown>) => ({ type: 'state', name: 'inv', me: 'Ida', state: viewedState(foldLog(''), 500), ...extra });

describe('Live Share: the read-only investigation view', () => {
  it('accepts readOnly: true, and a state without it', () => {
    assert.equal(toInvestigationViewProblem(state({ readOnly: true })), undefined);
    assert.equal(toInvestigationViewProblem(state({})), undefined);
  });

  it('refuses any other readOnly', () => {
    for (const readOnly of [false, 'yes', 1, null]) assert.match(toInvestigationViewProblem(state({ readOnly })) ?? '', /readOnly/, String(readOnly));
  });
});
