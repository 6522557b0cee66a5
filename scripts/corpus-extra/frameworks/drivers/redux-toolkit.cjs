'use strict';
// @reduxjs/toolkit 2 (CJS build; createSlice with immer-produced reducers,
// createAsyncThunk's pending/fulfilled/rejected lifecycle with abort signals,
// createEntityAdapter with memoized selectors (reselect), listener middleware
// with async effects and take(), the serializability / immutability checks of
// the dev middleware, combineSlices): a seeded task board driven by thousands
// of dispatches, with selectors and listener output digested.
const {
  configureStore, createSlice, createAsyncThunk, createEntityAdapter, createListenerMiddleware, createAction,
  createReducer, createSelector, isAnyOf, isRejectedWithValue, nanoid, miniSerializeError, combineSlices,
  current, original, isDraft, TaskAbortError,
} = require('@reduxjs/toolkit');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const rand = prng(55501);
const d = new Digest('redux-toolkit');

const tasksAdapter = createEntityAdapter({ sortComparer: (a, b) => a.priority - b.priority || (a.id < b.id ? -1 : 1) });
const reset = createAction('app/reset', (reason) => ({ payload: { reason } }));

// a fake API: deterministic latency in microtasks/immediates, failures on some ids
const api = {
  calls: 0,
  async load(board) {
    this.calls++;
    await new Promise((r) => setImmediate(r));
    if (board === 'broken') throw new Error(`board ${board} unavailable`);
    return Array.from({ length: 5 }, (_x, i) => ({ id: `${board}-${i}`, title: `${board} task ${i}`, priority: (i * 7) % 5, done: false, tags: [] }));
  },
};

const fetchBoard = createAsyncThunk('tasks/fetchBoard', async (board, { rejectWithValue, signal, getState }) => {
  if (board === 'forbidden') return rejectWithValue({ code: 403, board });
  if (signal.aborted) throw new Error('aborted early');
  const before = getState().tasks.ids.length;
  const rows = await api.load(board);
  return { rows, before };
}, { condition: (board, { getState }) => !getState().boards.loaded.includes(board) || board === 'again' });

const tasksSlice = createSlice({
  name: 'tasks',
  initialState: tasksAdapter.getInitialState({ status: 'idle', errors: [] }),
  reducers: {
    added: { reducer: tasksAdapter.addOne, prepare: (title, priority, n) => ({ payload: { id: `t${n}`, title, priority, done: false, tags: [] } }) },
    toggled(state, action) { const t = state.entities[action.payload]; if (t) t.done = !t.done; },
    tagged(state, { payload: { id, tag } }) { const t = state.entities[id]; if (t && !t.tags.includes(tag)) { t.tags.push(tag); t.tags.sort(); } },
    removed: tasksAdapter.removeOne,
    renamed(state, { payload }) {
      const t = state.entities[payload.id];
      if (!t) return;
      const before = original(t).title;
      t.title = `${payload.title} (was ${before})`;
      if (!isDraft(t)) throw new Error('expected a draft');
    },
    exploded(state, { payload }) { if (payload > 0) throw new RangeError(`reducer exploded at ${payload}, ${state.ids.length} tasks`); },
    bulkPriority(state, { payload }) { tasksAdapter.updateMany(state, state.ids.filter((_id, i) => i % payload.every === 0).map((id) => ({ id, changes: { priority: payload.priority } }))); },
  },
  extraReducers: (b) => b
    .addCase(fetchBoard.pending, (s) => { s.status = 'loading'; })
    .addCase(fetchBoard.fulfilled, (s, a) => { s.status = 'idle'; tasksAdapter.upsertMany(s, a.payload.rows); })
    .addCase(fetchBoard.rejected, (s, a) => { s.status = 'failed'; s.errors.push(a.payload ? `value:${JSON.stringify(a.payload)}` : `error:${a.error.message}:${a.meta.aborted}:${a.meta.condition}`); })
    .addCase(reset, () => tasksAdapter.getInitialState({ status: 'idle', errors: [] })),
  selectors: { selectDoneCount: (s) => s.ids.filter((id) => s.entities[id].done).length },
});

const boardsReducer = createReducer({ loaded: [], resets: 0 }, (b) => b
  .addCase(fetchBoard.fulfilled, (s, a) => { if (!s.loaded.includes(a.meta.arg)) s.loaded.push(a.meta.arg); })
  .addCase(reset, (s) => { s.resets++; s.loaded = []; })
  .addMatcher(isAnyOf(fetchBoard.rejected), (s, a) => { s.lastReject = a.meta.requestId ? 'has-id' : 'no-id'; }));

const listener = createListenerMiddleware();
const heard = [];
listener.startListening({
  actionCreator: tasksSlice.actions.toggled,
  effect: async (action, api2) => {
    const t = api2.getState().tasks.entities[action.payload];
    heard.push(`toggled ${action.payload} -> ${t && t.done}`);
  },
});
listener.startListening({
  matcher: isAnyOf(fetchBoard.fulfilled, fetchBoard.rejected),
  effect: async (action, { getOriginalState }) => {
    const before = getOriginalState().tasks.ids.length;
    await null;
    heard.push(`${action.type} before=${before}`);
  },
});
listener.startListening({
  predicate: (action) => action.type === 'tasks/removed',
  effect: async (action, { take, cancelActiveListeners }) => {
    cancelActiveListeners();
    const next = await take((a) => a.type === 'tasks/added');
    heard.push(next ? `removed then added ${next[0].payload.id}` : `removed ${action.payload}, no add soon`);
  },
});

const rootSlices = combineSlices(tasksSlice, { boards: boardsReducer });
const store = configureStore({ reducer: rootSlices, middleware: (gdm) => gdm({ serializableCheck: { warnAfter: 1000 }, immutableCheck: { warnAfter: 1000 } }).prepend(listener.middleware) });

const selectAll = tasksAdapter.getSelectors((s) => s.tasks).selectAll;
let recomputes = 0;
const selectByTag = createSelector([selectAll, (_s, tag) => tag], (tasks, tag) => { recomputes++; return tasks.filter((t) => t.tags.includes(tag)).map((t) => t.id); });

async function main() {
  const { added, toggled, tagged, removed, renamed, bulkPriority } = tasksSlice.actions;
  let n = 0;
  for (let step = 0; step < 2500; step++) {
    const r = rand();
    const ids = store.getState().tasks.ids;
    const pickId = () => ids[Math.floor(rand() * ids.length)];
    if (r < 0.3 || ids.length === 0) store.dispatch(added(`task ${n}`, Math.floor(rand() * 10), n++));
    else if (r < 0.5) store.dispatch(toggled(pickId()));
    else if (r < 0.7) store.dispatch(tagged({ id: pickId(), tag: ['red', 'blue', 'green'][Math.floor(rand() * 3)] }));
    else if (r < 0.78) store.dispatch(removed(pickId()));
    else if (r < 0.85) store.dispatch(renamed({ id: pickId(), title: `renamed ${step}` }));
    else if (r < 0.88) store.dispatch(bulkPriority({ every: 2 + Math.floor(rand() * 4), priority: Math.floor(rand() * 10) }));
    else if (r < 0.9) d.add(`byTag:${step}`, selectByTag(store.getState(), 'red'));
    if (step % 100 === 0) {
      d.add(`state:${step}`, store.getState());
      await new Promise((res) => setImmediate(res));
    }
  }
  d.add('doneCount', tasksSlice.selectors.selectDoneCount(store.getState()));

  const results = [];
  for (const board of ['alpha', 'beta', 'alpha', 'broken', 'forbidden', 'again', 'again']) {
    const res = await store.dispatch(fetchBoard(board));
    results.push(`${res.type}:${res.meta.requestStatus}:${res.meta.condition ?? ''}`);
  }
  // aborting a thunk in flight
  const p = store.dispatch(fetchBoard('gamma'));
  p.abort('driver said stop');
  const aborted = await p;
  results.push(`${aborted.type}:${aborted.error && aborted.error.name}:${aborted.error && aborted.error.message}`);
  let frames = [];
  try {
    await store.dispatch(fetchBoard('broken2')).unwrap();
    await store.dispatch(fetchBoard('broken')).unwrap();
  } catch (e) {
    results.push(`unwrap:${e.name}:${e.message}`);
  }
  try {
    store.dispatch(tasksSlice.actions.exploded(3));
  } catch (e) {
    results.push(`reducerErr:${e.name}:${e.message}`);
    frames = stackLines(e);
  }
  try {
    store.dispatch(renamed({ id: store.getState().tasks.ids[0], title: 42 }));
    store.dispatch({ type: 'bad', payload: new Map() });
  } catch (e) {
    results.push(`dispatchErr:${e.message}`);
  }
  d.add('results', results);
  d.add('serialized', miniSerializeError(new TypeError('mini')).message);
  store.dispatch(reset('end'));
  await new Promise((res) => setTimeout(res, 10));
  listener.clearListeners();
  d.add('final', store.getState());
  d.add('heard', heard);
  d.add('recomputes', recomputes);
  console.log(results.join('\n'));
  console.log(`heard ${heard.length} api ${api.calls}`);
  d.print({ dispatched: n, heard: heard.length });
  printStackLines(frames);
}
main().catch((e) => { console.error(e); process.exit(1); });
