// Authentication: who is making this request. Like kube-apiserver's union authenticator,
// a verified client certificate is tried first, then a bearer token; the first that
// answers wins, and every authenticated user is also in `system:authenticated`.
// `null` means anonymous, which the server answers with 401.

import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import type tls from 'node:tls';

export interface UserInfo {
  username: string;
  groups: string[];
  uid?: string;
}

/** Maps a bearer token to its user, or null when it does not know the token. */
export type TokenSource = (token: string) => UserInfo | null | Promise<UserInfo | null>;

const AUTHENTICATED_GROUP = 'system:authenticated';

export class Authenticator {
  private readonly tokenSources: TokenSource[] = [];

  addTokenSource(source: TokenSource): void {
    this.tokenSources.push(source);
  }

  async authenticateRequest(req: http.IncomingMessage): Promise<UserInfo | null> {
    const user = userFromClientCert(req) ?? (await this.userFromBearerToken(req));
    if (!user) return null;
    const groups = user.groups.includes(AUTHENTICATED_GROUP) ? user.groups : [...user.groups, AUTHENTICATED_GROUP];
    return { ...user, groups };
  }

  private async userFromBearerToken(req: http.IncomingMessage): Promise<UserInfo | null> {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!m) return null;
    for (const source of this.tokenSources) {
      const user = await source(m[1]!);
      if (user) return user;
    }
    return null;
  }
}

/**
 * CN is the user name and each O a group, as Kubernetes' x509 authenticator reads them.
 * Only a certificate the TLS layer verified against the client CA counts: the server
 * asks for certificates without rejecting unverified ones, so `authorized` is the check.
 */
function userFromClientCert(req: http.IncomingMessage): UserInfo | null {
  const socket = req.socket as tls.TLSSocket;
  if (!socket.encrypted || !socket.authorized) return null;
  // A connection's certificate never changes; reading it costs more than the rest of a GET.
  let user = certUsers.get(socket);
  if (user === undefined) certUsers.set(socket, (user = certUser(socket)));
  return user;
}

const certUsers = new WeakMap<tls.TLSSocket, UserInfo | null>();

function certUser(socket: tls.TLSSocket): UserInfo | null {
  const { subject } = socket.getPeerCertificate();
  // Node gives a string per attribute, or an array when the attribute repeats.
  const cn: string | string[] | undefined = subject?.CN;
  if (typeof cn !== 'string' || cn === '') return null;
  const orgs: string | string[] | undefined = subject.O;
  const groups = orgs === undefined ? [] : Array.isArray(orgs) ? orgs : [orgs];
  return { username: cn, groups };
}

/**
 * kube-apiserver's --token-auth-file format: CSV lines `token,user,uid[,"group1,group2"]`;
 * blank lines and lines starting with # are skipped.
 */
export function parseStaticTokenFile(text: string): Map<string, UserInfo> {
  const tokens = new Map<string, UserInfo>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const fields = splitCsvLine(line);
    const [token, username, uid, groups] = fields.map((f) => f.trim());
    if (!token || !username || fields.length < 3) {
      throw new Error(`token file line ${i + 1}: expected token,user,uid[,"groups"]`);
    }
    tokens.set(token, {
      username,
      uid: uid || undefined,
      groups: groups ? groups.split(',').map((g) => g.trim()).filter(Boolean) : [],
    });
  });
  return tokens;
}

export async function loadStaticTokenFile(file: string): Promise<TokenSource> {
  const tokens = parseStaticTokenFile(await readFile(file, 'utf8'));
  return (token) => tokens.get(token) ?? null;
}

/** Split one CSV line, honouring double quotes (with "" as an escaped quote). */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  fields.push(field);
  return fields;
}
