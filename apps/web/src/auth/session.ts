import { useSyncExternalStore } from 'react';

export type Role = 'caseworker' | 'manager' | 'evaluator' | 'admin';

/** Who is signed in, read from the token the api will check (the api decides; this only shapes the pages). */
export interface Session {
  readonly token: string;
  readonly userId: string;
  readonly role: Role;
  readonly organisationIds: readonly string[];
  /** Milliseconds since 1970, from the token's exp. */
  readonly expiresAt: number;
  readonly mode: 'development' | 'identity-provider';
}

const KEY = 'samspar.session';
const ROLES: readonly Role[] = ['caseworker', 'manager', 'evaluator', 'admin'];
const listeners = new Set<() => void>();
let current: Session | undefined = read();
let endedByUser = false;

/** The claims of a JWT, unverified: the api verifies every request. */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('The token is not a JWT.');
  const json = atob(
    payload
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(payload.length / 4) * 4, '='),
  );
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
}

export function sessionFromToken(token: string, mode: Session['mode']): Session {
  const claims = claimsOf(token);
  const role = ROLES.find((each) => each === claims.role);
  if (!role) throw new Error('The token names no role Samspår knows.');
  const organisations = Array.isArray(claims.organisations) ? claims.organisations.filter((id) => typeof id === 'string') : [];
  const org = typeof claims.org === 'string' ? [claims.org] : [];
  return {
    token,
    userId: typeof claims.sub === 'string' ? claims.sub : '',
    role,
    organisationIds: [...organisations, ...org],
    expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : Date.now(),
    mode,
  };
}

// sessionStorage: the token lives as long as the tab, and never reaches another site or a later visitor.
function read(): Session | undefined {
  try {
    const stored = globalThis.sessionStorage?.getItem(KEY);
    const session = stored ? (JSON.parse(stored) as Session) : undefined;
    return session && session.expiresAt > Date.now() ? session : undefined;
  } catch {
    return undefined;
  }
}

export function signIn(session: Session): void {
  current = session;
  endedByUser = false;
  globalThis.sessionStorage?.setItem(KEY, JSON.stringify(session));
  listeners.forEach((listener) => listener());
}

/** `user`: the user signed out, so the next sign-in (perhaps someone else's) starts afresh, not where this one was. */
export function signOut(reason: 'user' | 'expired' = 'expired'): void {
  current = undefined;
  endedByUser = reason === 'user';
  // What was typed stays for the same user after a sign-in ran out; signing out takes it away with the session.
  if (reason === 'user') forgetDrafts();
  globalThis.sessionStorage?.removeItem(KEY);
  listeners.forEach((listener) => listener());
}

const DRAFTS = 'samspar.draft.';

/** Where a form's draft is kept: per user, so that whoever signs in next in this tab never sees it. */
export const draftKey = (form: string): string => `${DRAFTS}${current?.userId ?? 'nobody'}.${form}`;

function forgetDrafts(): void {
  const storage = globalThis.sessionStorage;
  if (!storage) return;
  const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter((key) => key?.startsWith(DRAFTS));
  for (const key of keys) storage.removeItem(key!);
}

export const signedOutByUser = (): boolean => endedByUser;

export const currentSession = (): Session | undefined => current;

export const tokenOf = (): string | undefined => (current && current.expiresAt > Date.now() ? current.token : undefined);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session | undefined {
  return useSyncExternalStore(subscribe, currentSession, currentSession);
}
