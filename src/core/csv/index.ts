// CSV source, pure core: the long format `timestamp,metric,value,<dims...>`.
export { LongCsvParser, parseLongCsv, type LongCsvOptions } from './longCsv';
export { CsvRecordSplitter, MAX_RECORD_CHARS, type BadRecordSink, type RecordSink } from './records';
export { MAX_LISTED_ROW_PROBLEMS } from './rowProblems';
export { parseInstant, formatStep } from './timestamp';
export { seriesLabel } from './grid';
export { clip, quote, MAX_QUOTED } from './quote';
