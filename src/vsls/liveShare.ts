// Live Share, as Calibrate sees it: is this window in a session, as host or guest, read-only or
// not, who am I, and who else is there (issue 12, ADR 0016). Through the published `vsls` API
// (node_modules/vsls/vscode.ts, pinned 1.0.4753): `getApi(callingExtensionId)` once, then
// `LiveShare.session` (a `Session`: `role: Role`, `access: Access`, `user: UserInfo | null`, `id`),
// `LiveShare.peers` (`Peer[]`, not including oneself), `onDidChangeSession` and `onDidChangePeers`.
// Nothing else: its custom RPC (`shareService`/`getSharedService`) returns null for extensions
// Microsoft has not allow-listed, so the live channel is files (src/vsls/inbox.ts, hostReport.ts).
//
// Without Live Share (not installed, or its API off), getApi resolves null: the role is 'none',
// nothing changes anywhere, and the only trace is a line in the Calibrate log.
import * as vscode from 'vscode';
import * as vsls from 'vsls/vscode';
import type { Logger } from '../util/logger';

export type PairRole = 'host' | 'guest' | 'none';

/** A participant as Calibrate shows it: the display name Live Share gives (null when it withholds user info). */
export interface PairPeer {
  readonly name: string | undefined;
  readonly role: PairRole;
  readonly readOnly: boolean;
  readonly peerNumber: number;
}

/** This window's session, as a plain value (the CalibrateApi and the tests read it). */
export interface PairSession {
  /** False when Live Share is not installed or its API is off: then the role is always 'none'. */
  readonly available: boolean;
  readonly role: PairRole;
  /** A guest the host let read but not write (`Access.ReadOnly`). */
  readonly readOnly: boolean;
  /** My Live Share display name, when in a session and Live Share gives it. */
  readonly me: string | undefined;
  readonly peers: readonly PairPeer[];
}

const ROLE: Record<number, PairRole> = { [vsls.Role.Host]: 'host', [vsls.Role.Guest]: 'guest' };
const roleOf = (r: vsls.Role): PairRole => ROLE[r] ?? 'none';
const peerOf = (p: vsls.Peer): PairPeer => ({
  name: p.user?.displayName || undefined,
  role: roleOf(p.role),
  readOnly: p.access === vsls.Access.ReadOnly,
  peerNumber: p.peerNumber,
});

export class LiveShare implements vscode.Disposable {
  private api: vsls.LiveShare | null = null;
  private readonly subs: vscode.Disposable[] = [];
  private readonly sessionChanged = new vscode.EventEmitter<PairSession>();
  private readonly peersChanged = new vscode.EventEmitter<PairSession>();
  /** The role or the access changed (a session started or ended, or the host changed my access). */
  readonly onDidChangeSession = this.sessionChanged.event;
  /** Someone joined or left. */
  readonly onDidChangePeers = this.peersChanged.event;
  /** Settles once the API is known (or known absent). Never rejects. */
  readonly ready: Promise<void>;

  constructor(
    private readonly log: Logger,
    getApi: () => Promise<vsls.LiveShare | null> = () => vsls.getApi('calibrate-dev.calibrate'),
  ) {
    void this.setContext();
    this.ready = getApi().then(
      api => this.attach(api),
      e => this.log.info('liveShare', `Live Share's API could not be read (${e instanceof Error ? e.message : String(e)}): pairing works without it`),
    );
  }

  get role(): PairRole {
    return this.api ? roleOf(this.api.session.role) : 'none';
  }

  get isGuest(): boolean {
    return this.role === 'guest';
  }

  get isHost(): boolean {
    return this.role === 'host';
  }

  /** A read-only guest: it reads the host's investigations and report, and writes nothing. */
  get readOnly(): boolean {
    return this.isGuest && this.api?.session.access === vsls.Access.ReadOnly;
  }

  /** My display name in the session (what a guest writes as), when Live Share gives it. */
  get me(): string | undefined {
    return (this.role !== 'none' && this.api?.session.user?.displayName) || undefined;
  }

  peers(): PairPeer[] {
    return this.api && this.role !== 'none' ? this.api.peers.map(peerOf) : [];
  }

  state(): PairSession {
    return { available: this.api !== null, role: this.role, readOnly: this.readOnly, me: this.me, peers: this.peers() };
  }

  dispose(): void {
    this.subs.splice(0).forEach(s => s.dispose());
    this.sessionChanged.dispose();
    this.peersChanged.dispose();
  }

  private attach(api: vsls.LiveShare | null): void {
    if (!api) {
      this.log.info('liveShare', 'Live Share is not installed or its API is off: no pair session (everything works as without it)');
      return;
    }
    this.api = api;
    this.log.info('liveShare', `Live Share's API is available; role: ${this.role}`);
    this.subs.push(
      api.onDidChangeSession(() => {
        this.log.info('liveShare', `session changed: ${this.role}${this.readOnly ? ' (read-only)' : ''}`);
        void this.setContext();
        this.sessionChanged.fire(this.state());
      }),
      api.onDidChangePeers(e => {
        const names = (ps: vsls.Peer[]) => ps.map(p => p.user?.displayName ?? `peer ${p.peerNumber}`).join(', ');
        this.log.info('liveShare', `peers: ${e.added.length ? `joined ${names(e.added)}` : ''}${e.removed.length ? ` left ${names(e.removed)}` : ''}`);
        this.peersChanged.fire(this.state());
      }),
    );
    void this.setContext();
    if (this.role !== 'none') this.sessionChanged.fire(this.state());
  }

  /** `calibrate.liveShare.role` (host, guest, none) and `calibrate.liveShare.readOnly`, for when-clauses. */
  private async setContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'calibrate.liveShare.role', this.role);
    await vscode.commands.executeCommand('setContext', 'calibrate.liveShare.readOnly', this.readOnly);
  }
}
