// The report's own inputs, read from the workspace folder through safeFiles: the report config
// (its path comes from a setting) and the CSV source (its path from the config). No vscode import.
import { LongCsvParser } from '../core/csv';
import type { Dataset } from '../core/types';
import { MAX_YAML_BYTES, readWorkspaceText, streamWorkspaceFile } from './safeFiles';

export const CONFIG_WHAT = 'the report config (setting calibrate.reportConfigPath)';
export const CSV_WHAT = 'the CSV file named by source.path in the report config';

/** The config's text; a WorkspaceFileError when it is missing, outside the folder, not a file or too large. */
export function readReportConfigText(root: string, configPath: string, signal?: AbortSignal): Promise<string> {
  return readWorkspaceText(root, configPath, { what: CONFIG_WHAT, maxBytes: MAX_YAML_BYTES, ...(signal ? { signal } : {}) });
}

/**
 * Stream the CSV through the core parser, so a huge file is refused early rather than read whole.
 * The byte cap is enforced on the raw bytes as they are read (see safeFiles), not on a stat size.
 */
export async function readCsvSource(root: string, path: string, maxBytes: number, signal?: AbortSignal): Promise<Dataset> {
  const parser = new LongCsvParser(path);
  await streamWorkspaceFile(
    root,
    path,
    {
      what: CSV_WHAT,
      maxBytes,
      sizeAdvice: ' (setting calibrate.maxCsvSizeMB), or an aggregated source such as Prometheus',
      ...(signal ? { signal } : {}),
    },
    text => parser.push(text),
  );
  return parser.end();
}
