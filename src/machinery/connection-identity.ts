// Who is on the other end of an in-process connection. The client library's in-process
// transport records the user when it opens a connection; the API server's authenticator
// reads it. It lives here, below both, because neither layer may import the other.

export interface ConnectionUser {
  username: string;
  groups: string[];
  uid?: string;
}

// Keyed by the server's end of each in-memory socket pair; weak, so closed connections take their entry along.
const users = new WeakMap<object, ConnectionUser>();

export function setConnectionUser(socket: object, user: ConnectionUser): void {
  users.set(socket, user);
}

/** The user recorded for `socket`, when it is the server end of an in-process connection. */
export function connectionUser(socket: object): ConnectionUser | undefined {
  return users.get(socket);
}
