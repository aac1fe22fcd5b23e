// CSV source, pure core: the long format `timestamp,metric,value,<dims...>`.
export { LongCsvParser, parseLongCsv, type LongCsvOptions } from './longCsv';
export { CsvRecordSplitter, type RecordSink } from './records';
export { parseInstant, formatStep } from './timestamp';
export { seriesLabel } from './grid';
