// CSV source, pure core: the long format `timestamp,metric,value,<dims...>`.
export { LongCsvParser, parseLongCsv, type LongCsvOptions } from './longCsv';
export { CsvRecordSplitter, MAX_RECORD_CHARS, type BadRecordSink, type RecordSink } from './records';
export { parseInstant, formatStep } from './timestamp';
export { seriesLabel } from './grid';
export { clip, quote, MAX_QUOTED } from './quote';
