import { createContext, useContext } from 'react';
import type { Schemas } from './api/client';

export interface WorkspaceState {
  user: Schemas['User'];
  workspace: Schemas['Workspace'];
  reload: () => void;
}

export const WorkspaceContext = createContext<WorkspaceState | null>(null);

/** The signed-in user and current workspace (time zone, role); only inside the signed-in shell. */
export function useWorkspace(): WorkspaceState {
  const state = useContext(WorkspaceContext);
  if (!state) throw new Error('useWorkspace outside the signed-in shell');
  return state;
}
