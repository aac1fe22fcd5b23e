// `calibrate check` names a config metric with no data where the report does: the metric's id, or the
// ratio part, at the same line and column as parseReportConfig gives the report.
import assert from 'node:assert/strict';
import { outlineConfig, type DataRef } from '../../../src/cli/configOutline';
import { parseReportConfig } from '../../../src/core/config/reportConfig';
import { DateTime } from 'luxon';
import { reportYaml } from '../../../src/core/demo/files';
import { AS_OF, REPORT_ZONE } from '../../../src/core/demo';

// The demo's config as the generator writes it (demo/workspace is generated, not committed).
const DEMO = reportYaml(DateTime.fromMillis(AS_OF, { zone: REPORT_ZONE }).toISO({ suppressMilliseconds: true })!);

const refsOf = (text: string): readonly DataRef[] => {
  const o = outlineConfig(text, 'r.yaml');
  assert.ok(!('yamlErrors' in o));
  return o.dataRefs;
};

describe('cli: the config outline', () => {
  it('places each metric reference where the report config parser does', () => {
    const refs = refsOf(DEMO);
    const fromParser = parseReportConfig(DEMO, 'r.yaml').metrics.flatMap(m =>
      m.ratio
        ? (['numerator', 'denominator'] as const).map(k => ({
            id: m.ratio![k],
            line: m.ratio!.at?.[k]?.line,
            column: m.ratio!.at?.[k]?.column,
            role: `the ${k} of ${m.id}`,
          }))
        : [{ id: m.id, line: m.line, column: m.column }],
    );
    assert.deepEqual(refs, fromParser);
    assert.deepEqual(refs.at(-1), { id: 'page_views', line: 20, column: 47, role: 'the denominator of signup_rate' });
    assert.deepEqual(refs[0], { id: 'page_views', line: 10, column: 9 });
  });

  it('places them in a config the parser refuses, and at the metric for a part it cannot see', () => {
    const refused = DEMO.replace('red: 15', 'red: 1');
    assert.throws(() => parseReportConfig(refused, 'r.yaml'), /0 < amber < red/);
    assert.deepEqual(refsOf(refused), refsOf(DEMO));
    // A ratio merged in from an anchor: its parts are not written in the metric, so they point at its id.
    const merged = 'version: 1\nparts: &p { numerator: a, denominator: b }\nmetrics:\n  - id: r\n    ratio: { <<: *p }\n';
    assert.deepEqual(refsOf(merged), [
      { id: 'a', line: 4, column: 9, role: 'the numerator of r' },
      { id: 'b', line: 4, column: 9, role: 'the denominator of r' },
    ]);
  });
});
