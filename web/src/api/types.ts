// The shapes the API returns (see /api/openapi.json). Only what the screens read is typed.
import type { Money } from '../i18n/format';

export type { Money };
export type Role = 'admin' | 'manager' | 'rep' | 'viewer';

export interface RecordBase {
  id: string;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string | null;
  version: number;
  createdBy?: string | null;
}

export interface User extends RecordBase {
  email: string;
  name: string;
  role: Role;
}

export interface Session {
  user: User | null;
  csrfToken: string | null;
  mustChangePassword: boolean;
  role: Role;
  scope: string;
  expiresAt?: string;
}

export interface Workspace {
  id: string;
  slug: string;
  name: string;
  currency: string;
  visibility?: 'all' | 'team';
  version: number;
}
