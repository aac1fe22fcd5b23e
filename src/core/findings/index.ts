// Findings: the records an investigation ends in (issue 13). Pure: no vscode, no I/O.
export { postmortemMarkdown, type Postmortem, type PostmortemOptions } from './postmortem';
export { blamelessProblems, type BlamelessProblem } from './blameless';
export { adrMarkdown, relativePath, type AdrOptions } from './adr';
export { ADR_CANDIDATES, adrFolder, cleanDir, DEFAULT_ADR_DIR, nextAdr, slug, supersededStatus, type AdrFolderSource } from './adrFolder';
