// Who is signed in, the workspace they work in, and the users (for owner names).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, get, post, request, setCsrfToken, setUnauthenticatedHandler } from '../api/client';
import type { Role, Session, User, Workspace } from '../api/types';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; setupNeeded: boolean }
  | { status: 'failed'; error: unknown }
  | { status: 'signedIn'; session: Session; workspace: Workspace; users: User[] };

export interface SessionApi {
  state: SessionState;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
  reloadWorkspace: () => Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

async function loadSignedIn(answer: Session): Promise<SessionState> {
  // Sign-in answers with the user; GET /session also names the role and key scope.
  const session: Session = { ...answer, role: answer.role ?? answer.user?.role ?? 'viewer' };
  setCsrfToken(session.csrfToken);
  if (session.mustChangePassword) {
    return { status: 'signedIn', session, workspace: { id: '', slug: '', name: '', currency: 'EUR', version: 0 }, users: [] };
  }
  const [workspace, users] = await Promise.all([
    get<Workspace>('/api/v1/workspace'),
    get<{ items: User[] }>('/api/v1/users'),
  ]);
  return { status: 'signedIn', session, workspace, users: users.items };
}

async function loadState(): Promise<SessionState> {
  try {
    const session = await get<Session>('/api/v1/session');
    return await loadSignedIn(session);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      const setup = await get<{ needed: boolean }>('/api/v1/setup').catch(() => ({ needed: false }));
      return { status: 'anonymous', setupNeeded: setup.needed };
    }
    return { status: 'failed', error };
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => setState(await loadState()), []);

  useEffect(() => {
    setUnauthenticatedHandler(() => setState({ status: 'anonymous', setupNeeded: false }));
    void refresh();
    return () => setUnauthenticatedHandler(null);
  }, [refresh]);

  const signIn = useCallback(async (email: string, password: string) => {
    const session = await post<Session>('/api/v1/session', { email, password });
    setState(await loadSignedIn(session));
  }, []);

  const signOut = useCallback(async () => {
    await request('/api/v1/session', { method: 'DELETE' }).catch(() => undefined);
    setCsrfToken(null);
    setState({ status: 'anonymous', setupNeeded: false });
  }, []);

  const reloadWorkspace = useCallback(async () => {
    if (state.status !== 'signedIn') return;
    const [workspace, users] = await Promise.all([
      get<Workspace>('/api/v1/workspace'), get<{ items: User[] }>('/api/v1/users')]);
    setState({ ...state, workspace, users: users.items });
  }, [state]);

  const value = useMemo(() => ({ state, signIn, signOut, refresh, reloadWorkspace }),
                        [state, signIn, signOut, refresh, reloadWorkspace]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionApi(): SessionApi {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useSessionApi outside SessionProvider');
  return context;
}

export interface SignedIn {
  session: Session;
  user: User;
  role: Role;
  workspace: Workspace;
  users: User[];
  userName: (id: string | null | undefined) => string;
  canWrite: boolean;
  isAdmin: boolean;
  reloadWorkspace: () => Promise<void>;
}

// For screens behind sign-in: the session, the workspace and helpers.
export function useSignedIn(): SignedIn {
  const { state, reloadWorkspace } = useSessionApi();
  if (state.status !== 'signedIn' || !state.session.user) throw new Error('useSignedIn while signed out');
  const { session, workspace, users } = state;
  const byId = new Map(users.map((u) => [u.id, u.name || u.email]));
  return {
    session, user: session.user!, role: session.role, workspace, users,
    userName: (id) => (id ? byId.get(id) ?? '—' : '—'),
    canWrite: session.role !== 'viewer' && session.scope !== 'read',
    isAdmin: session.role === 'admin',
    reloadWorkspace,
  };
}
