// The report a Live Share guest shows is the host's published file (ADR 0016): the guest checks it
// with the report protocol's own validator before drawing it, and says why when it cannot.
import * as assert from 'node:assert/strict';
import { readPublished, SNAPSHOT_VERSION } from '../../../src/vsls/publishedReport';
import { oneHourSnapshot } from '../messaging/snapshotFixture';

/** A small report the protocol accepts: one hour, nothing found. */
const snapshot = () => ({ ...oneHourSnapshot(), incidents: [], context: [], anomalies: [] });
const published = (snapshot: unknown, v: unknown = SNAPSHOT_VERSION) => JSON.stringify({ v, publishedAt: 1, folder: 'demo', snapshot });

describe('Live Share: the published report', () => {
  it('reads a valid snapshot', () => {
    const r = readPublished(published(snapshot()));
    assert.ok('snapshot' in r, 'problem' in r ? r.problem : '');
    assert.deepEqual(r.snapshot, JSON.parse(JSON.stringify(snapshot())));
  });

  it('says why it refuses: not JSON, another version, a malformed snapshot', () => {
    const why = (text: string) => {
      const r = readPublished(text);
      return 'problem' in r ? r.problem : 'read';
    };
    assert.match(why('{"v":1,"snap'), /not JSON/);
    assert.match(why('null'), /not a published report/);
    assert.match(why(published(snapshot(), 2)), /version 2, this Calibrate reads version 1/);
    assert.match(why(published({ ...snapshot(), id: 'x' })), /snapshot/);
    assert.match(why(published(undefined)), /snapshot/);
  });
});
