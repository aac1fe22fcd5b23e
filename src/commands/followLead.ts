// Calibrate: Follow the Lead (a toggle). My report tracks the focus of the lead of the investigation
// this folder is working on (or, without one, of the person I pick among those present), until I
// choose something in the report myself. Presence is ephemeral: nothing is written to any log.
import * as vscode from 'vscode';
import type { Command } from './command';
import { pickFolder } from './pickFolder';

/** Args (tests, other commands): `{ folder?: uri string, author?: whom, on?: true to follow, false to stop }`. Returns whom I follow now. */
export const followLead: Command<'calibrate.followLead'> = {
  id: 'calibrate.followLead',
  async run(deps, arg) {
    if (!deps.presence) return undefined;
    const a = typeof arg === 'object' && arg !== null ? (arg as { folder?: unknown; author?: unknown; on?: unknown }) : {};
    const folder =
      (typeof a.folder === 'string' ? vscode.workspace.workspaceFolders?.find(f => f.uri.toString() === a.folder) : undefined) ??
      deps.panels.active?.folder ??
      (await pickFolder())?.folder;
    if (!folder) return undefined;
    // Following shows in the report: open it (its presence and follow line) if it is not.
    deps.panels.show(folder);
    return deps.presence.toggleFollow(folder, {
      ...(typeof a.author === 'string' ? { author: a.author } : {}),
      ...(typeof a.on === 'boolean' ? { on: a.on } : {}),
    });
  },
};
