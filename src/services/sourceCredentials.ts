// Data source credentials (ADR 0022): bearer tokens and basic auth for a remote source, kept in VS
// Code's SecretStorage (the OS keychain), keyed by the source URL's origin (scheme, host, port), so
// a team that moves its queries between paths of one server keeps one credential, and a config
// shared through git never holds one. They reach the source in memory only (src/report/loadReport.ts
// passes them to the fetch on the host), never a file, a log line or an error message.
// Structural types only (no runtime vscode import), so it is unit-tested in Node.
import type { PrometheusAuth } from '../sources/prometheus';

/** The parts of vscode.SecretStorage used here. */
export interface SecretsLike {
  get(key: string): Thenable<string | undefined>;
  store(key: string, value: string): Thenable<void>;
  delete(key: string): Thenable<void>;
  readonly onDidChange: (listener: (e: { readonly key: string }) => unknown) => { dispose(): unknown };
}

const PREFIX = 'calibrate.source:';

/** The origin a credential is kept under: `https://prom.example:9090`; undefined for a URL that does not parse. */
export function credentialOrigin(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

export class SourceCredentials {
  constructor(private readonly secrets: SecretsLike) {}

  /** The credentials for the source at `url`, or undefined (none set, or an unreadable entry). */
  async get(url: string): Promise<PrometheusAuth | undefined> {
    const origin = credentialOrigin(url);
    if (!origin) return undefined;
    const text = await this.secrets.get(PREFIX + origin);
    return text === undefined ? undefined : parseStored(text);
  }

  async set(url: string, auth: PrometheusAuth): Promise<void> {
    const origin = credentialOrigin(url);
    if (!origin) throw new Error('the source URL is not an http(s) URL');
    await this.secrets.store(PREFIX + origin, JSON.stringify(auth));
  }

  async clear(url: string): Promise<void> {
    const origin = credentialOrigin(url);
    if (origin) await this.secrets.delete(PREFIX + origin);
  }

  /** Fires with the origin whose credentials changed (set, replaced or cleared). */
  onDidChange(listener: (origin: string) => void): { dispose(): unknown } {
    return this.secrets.onDidChange(e => {
      if (e.key.startsWith(PREFIX)) listener(e.key.slice(PREFIX.length));
    });
  }
}

/** A stored entry, checked: anything else reads as no credentials (the server's 401 then says what to do). */
function parseStored(text: string): PrometheusAuth | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== 'object' || v === null) return undefined;
    const o = v as Record<string, unknown>;
    if (typeof o.bearer === 'string' && o.bearer) return { bearer: o.bearer };
    const b = o.basic as Record<string, unknown> | undefined;
    if (b && typeof b.user === 'string' && typeof b.password === 'string') return { basic: { user: b.user, password: b.password } };
  } catch {
    /* not ours */
  }
  return undefined;
}

/** SecretStorage in memory: for hosts without one (tests of the services in plain Node). */
export function memorySecrets(): SecretsLike {
  const m = new Map<string, string>();
  const listeners = new Set<(e: { key: string }) => unknown>();
  const fire = (key: string) => listeners.forEach(l => l({ key }));
  return {
    get: async k => m.get(k),
    store: async (k, v) => {
      m.set(k, v);
      fire(k);
    },
    delete: async k => {
      m.delete(k);
      fire(k);
    },
    onDidChange: l => {
      listeners.add(l);
      return { dispose: () => listeners.delete(l) };
    },
  };
}
