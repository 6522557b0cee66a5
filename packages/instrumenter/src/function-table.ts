// The static facts the instrumenter hands to the runtime. These definitions are kept identical to
// `FunctionInfo`/`CallSiteInfo` in @breadcrumb/core's spool format (packages/core/src/spool/format.ts):
// core depends on this package, so importing them from there would make a circular project reference.

export type FunctionKind =
  | 'function'
  | 'arrow'
  | 'method'
  | 'getter'
  | 'setter'
  | 'constructor'
  | 'class-field'
  | 'module';

/** One function of a module's static table (from the instrumenter). */
export interface FunctionInfo {
  /** As a user would say it: `add`, `Cart.total`, `get Cart.price`, `<anonymous>`, `default export`. */
  name: string;
  kind: FunctionKind;
  async: boolean;
  generator: boolean;
  /** Original source position (after input source maps), 1-based line, 0-based column. */
  file: string;
  line: number;
  column: number;
  params: string[];
}

/** One call from instrumented code whose callee may not be instrumented (a potential gap). */
export interface CallSiteInfo {
  /** The callee as written: `axios.get`, `fs.readFileSync`, `fetch`. */
  callee: string;
  /** Local index (within the module) of the enclosing function, or -1 at module top level. */
  fn: number;
  line: number;
  column: number;
}
