// List continuation tokens, in upstream's shape: base64 JSON {v, rv, start}. The token pins
// the revision of the first page, so every page reads the same snapshot.

import { badRequest } from '../../machinery/status.js';

interface Token {
  v: string;
  rv: number;
  start: string;
}

export function encodeContinue(rv: number, startKey: string): string {
  const token: Token = { v: 'meta.k8s.io/v1', rv, start: startKey };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

export function decodeContinue(s: string): { rv: number; startKey: string } {
  let token: Token;
  try {
    token = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Token;
  } catch {
    throw badRequest('continue key is not valid: illegal base64 data or invalid JSON');
  }
  if (token?.v !== 'meta.k8s.io/v1') throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (typeof token.rv !== 'number' || token.rv <= 0 || typeof token.start !== 'string') throw badRequest('continue key is not valid: incorrect encoded start resourceVersion');
  return { rv: token.rv, startKey: token.start };
}

export const CONTINUE_EXPIRED =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';
