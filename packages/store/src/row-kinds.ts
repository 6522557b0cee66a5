/** events.kind of a call's row: 0 returned (the spool's Call kind), 2 threw (Exception), 7 not ended yet. */
export const ROW_RETURNED = 0;
export const ROW_THREW = 2;
export const ROW_OPEN = 7;
/** SQL list of the kinds of call rows. */
export const CALL_ROW_KINDS = '(0, 2, 7)';
