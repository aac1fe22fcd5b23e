// The Investigations tree in Calibrate's activity-bar container: each folder's investigations, open
// ones first, with status, verdict, participants, anomaly and age. Reads the investigation
// services; redraws when any log changes (this window's appends, another window's, git's).
import * as vscode from 'vscode';
import { ageText, summarize, VERDICT_WORDS, type InvestigationSummary } from '../core/investigation';
import type { InvestigationServices } from '../services/investigationServices';

type Node =
  | { readonly kind: 'folder'; readonly folder: vscode.WorkspaceFolder }
  | { readonly kind: 'group'; readonly folder: vscode.WorkspaceFolder; readonly closed: boolean; readonly items: readonly InvestigationSummary[] }
  | { readonly kind: 'investigation'; readonly folder: vscode.WorkspaceFolder; readonly summary: InvestigationSummary };

export class InvestigationsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly investigations: InvestigationServices,
    private readonly now: () => number = Date.now,
  ) {
    this.subscription = investigations.onDidChange(() => this.changed.fire(undefined));
  }

  async getChildren(node?: Node): Promise<Node[]> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (!node) {
      if (folders.length === 1) return this.groups(folders[0]);
      return folders.map(folder => ({ kind: 'folder', folder }));
    }
    if (node.kind === 'folder') return this.groups(node.folder);
    if (node.kind === 'group') return node.items.map(summary => ({ kind: 'investigation', folder: node.folder, summary }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'folder') {
      const item = new vscode.TreeItem(node.folder.name, vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = vscode.ThemeIcon.Folder;
      return item;
    }
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(
        `${node.closed ? 'Closed' : 'Open'} (${node.items.length})`,
        node.closed ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded,
      );
      item.id = `${node.folder.uri.toString()}#${node.closed ? 'closed' : 'open'}`;
      return item;
    }
    const s = node.summary;
    const item = new vscode.TreeItem(s.title, vscode.TreeItemCollapsibleState.None);
    item.id = `${node.folder.uri.toString()}#${s.name}`;
    const verdict = s.verdict ? VERDICT_WORDS[s.verdict] : undefined;
    item.description = [
      s.closed ? 'closed' : s.status,
      verdict,
      s.participants.map(p => p.replace(/ \(.*\)$/, '')).join(', '),
      ageAgo(s.lastAt ?? s.openedAt, this.now()),
    ]
      .filter(Boolean)
      .join(' · ');
    item.tooltip = tooltip(s);
    item.iconPath = new vscode.ThemeIcon(s.problems ? 'warning' : s.closed ? 'pass' : s.status === 'monitoring' ? 'eye' : 'search');
    item.contextValue = s.closed ? 'investigation.closed' : 'investigation.open';
    item.accessibilityInformation = { label: `${s.title}, ${item.description}${s.problems ? `, ${s.problems} problems in its log` : ''}` };
    item.command = { command: 'calibrate.openInvestigation', title: 'Open Investigation', arguments: [{ folder: node.folder.uri.toString(), name: s.name }] };
    return item;
  }

  /** The tree as rows of text, depth-first (the integration tests read what a user would). */
  async rows(node?: Node, depth = 0): Promise<string[]> {
    const out: string[] = [];
    for (const child of await this.getChildren(node)) {
      const item = this.getTreeItem(child);
      out.push(
        `${'  '.repeat(depth)}${typeof item.label === 'string' ? item.label : (item.label?.label ?? '')}${item.description ? ` — ${String(item.description)}` : ''}`,
      );
      out.push(...(await this.rows(child, depth + 1)));
    }
    return out;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private async groups(folder: vscode.WorkspaceFolder): Promise<Node[]> {
    const all = (await this.investigations.get(folder).all()).map(summarize);
    const open = all.filter(s => !s.closed);
    const closed = all.filter(s => s.closed);
    return [{ kind: 'group', folder, closed: false, items: open }, ...(closed.length ? [{ kind: 'group' as const, folder, closed: true, items: closed }] : [])];
  }
}

function tooltip(s: InvestigationSummary): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.appendText(s.title);
  md.appendMarkdown('\n\n');
  if (s.metric !== undefined && s.start !== undefined)
    md.appendText(`Anomaly: ${s.metric} from ${new Date(s.start).toISOString().slice(0, 16).replace('T', ' ')} UTC\n\n`);
  md.appendText(`People: ${s.participants.join(', ') || 'nobody yet'}\n\n`);
  md.appendText(`Log: .calibrate/investigations/${s.name}.jsonl`);
  if (s.problems) md.appendText(`\n\n${s.problems} line(s) of its log could not be read: open it to see which.`);
  return md;
}

/** "3 h ago": how long since the last event. */
function ageAgo(iso: string | undefined, now: number): string | undefined {
  const a = ageText(iso, now);
  return a && `${a} ago`;
}
