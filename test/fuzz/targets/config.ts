// Report config: parseReportConfig on generated YAML (valid configs, mutated configs, hostile YAML).
import fc from 'fast-check';
import { parseReportConfig } from '../../../src/core/config/reportConfig';
import { InputError } from '../../../src/core/types';
import type { FuzzTarget } from '../types';
import { weirdScalar, yamlText } from './yamlish';

const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 10, arbitrary: a }, { weight: 1, arbitrary: weirdScalar });

const config = fc.record(
  {
    version: maybe(fc.constant(1)),
    title: maybe(fc.string({ maxLength: 10 })),
    timezone: maybe(fc.constantFrom('America/Los_Angeles', 'UTC', 'Asia/Kolkata')),
    asOf: maybe(fc.constantFrom('2026-10-06T09:20:00-07:00', '2026-10-06T09:20:00Z', '2026-10-06T09:20:00-07:00', '2026-10-06T09:20:00')),
    source: maybe(
      fc.record({ type: maybe(fc.constant('csv')), path: maybe(fc.constantFrom('data/metrics.csv', '../etc/passwd', '/abs.csv', 'a\\..\\b.csv')) }),
    ),
    metrics: maybe(
      fc.array(
        maybe(
          fc.record(
            {
              id: maybe(fc.constantFrom('views', 'orders', 'rate', 'views', 'bad id')),
              label: maybe(fc.string({ maxLength: 5 })),
              ratio: fc.option(maybe(fc.record({ numerator: maybe(fc.constant('orders')), denominator: maybe(fc.constant('views')) })), { nil: undefined }),
            },
            { requiredKeys: ['id'] },
          ),
        ),
        { minLength: 1, maxLength: 4 },
      ),
    ),
    dimensions: maybe(
      fc.dictionary(
        fc.constantFrom('country', 'platform', '__proto__', 'constructor'),
        maybe(
          fc.record({
            values: maybe(
              fc.dictionary(
                fc.string({ maxLength: 3 }),
                maybe(fc.record({ country: maybe(fc.constant('US')), timezone: maybe(fc.constantFrom('America/New_York', 'Nowhere/City')) })),
                { maxKeys: 3 },
              ),
            ),
          }),
        ),
        { maxKeys: 3 },
      ),
    ),
    thresholds: maybe(fc.record({ amber: maybe(fc.constantFrom(5, 0, -1)), red: maybe(fc.constantFrom(15, 3)) })),
    settleMinutes: maybe(fc.constantFrom(0, 20, -5)),
  },
  { requiredKeys: ['version', 'timezone', 'source', 'metrics'] },
);

export const configTarget: FuzzTarget<string> = {
  name: 'reportConfig',
  wantsLine: true,
  noLineOk: /empty or not a mapping/,
  arbitrary: () => fc.oneof({ weight: 5, arbitrary: yamlText(config) }, { weight: 1, arbitrary: fc.string({ maxLength: 200 }) }),
  run: text => {
    try {
      parseReportConfig(text, '.calibrate/report.yaml');
      return [];
    } catch (e) {
      if (e instanceof InputError) return [e.message];
      throw e;
    }
  },
  preview: text => JSON.stringify(text),
};
