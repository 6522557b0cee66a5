// What the ESM hooks need to decide and transform, passed to the hooks thread on Node 20 (so plain,
// cloneable data) and used in-thread on Node ≥ 22.15.
export interface EsmHookSettings {
  root: string;
  include: string[];
  exclude: string[];
  neverUnder: string[];
  cacheDir: string | null;
  gapIntrinsics: boolean;
  /**
   * Name of a BroadcastChannel: warnings from the hooks thread go back to the spool through it. (Not a
   * transferred MessagePort: on Node 20 transferring one from a --require preload kills the process.)
   */
  warningChannel?: string;
}

export interface EsmWarning {
  message: string;
  file: string;
}
