// xstate 5 (ESM; createMachine/setup with guards, actions, assign, nested and
// parallel states, history, delayed transitions run on a simulated clock,
// invoked promise actors, callback actors, spawned child machines, sendTo /
// sendParent, inspection events, snapshot persistence): a vending machine and
// a traffic-light system driven by seeded events, with snapshots digested.
import { setup, createMachine, createActor, assign, fromPromise, fromCallback, sendTo, sendParent, raise, emit, and, not, or, stateIn, waitFor, SimulatedClock, getNextSnapshot } from 'xstate';
import util from './_util.cjs';

const { Digest, prng, stackLines, printStackLines } = util;
const rand = prng(3141);
const d = new Digest('xstate');

// ---- a vending machine with guards, assign, raise, emit, nested states, history
const vending = setup({
  types: {},
  guards: {
    enoughMoney: ({ context }) => context.credit >= context.price,
    hasStock: ({ context }, params) => context.stock[params?.item ?? context.selected] > 0,
    isAdmin: ({ event }) => event.pin === 1234,
  },
  actions: {
    addCredit: assign({ credit: ({ context, event }) => context.credit + event.amount }),
    select: assign({ selected: ({ event }) => event.item, price: ({ event }) => ({ cola: 150, chips: 100, gum: 50 })[event.item] }),
    vend: assign(({ context }) => ({ credit: context.credit - context.price, stock: { ...context.stock, [context.selected]: context.stock[context.selected] - 1 }, sold: context.sold + 1 })),
    refund: assign({ credit: 0 }),
    note: ({ context, event }, params) => { context.log.push(`${params.what}:${event.type}`); },
  },
  delays: { timeout: ({ context }) => 1000 + context.sold * 10 },
}).createMachine({
  id: 'vending',
  initial: 'idle',
  context: { credit: 0, price: 0, selected: null, stock: { cola: 5, chips: 8, gum: 3 }, sold: 0, log: [] },
  on: { ADMIN: { guard: 'isAdmin', target: '.service' } },
  states: {
    idle: { on: { COIN: { actions: ['addCredit', { type: 'note', params: { what: 'coin' } }], target: 'paying' } } },
    paying: {
      after: { timeout: { target: 'idle', actions: ['refund', { type: 'note', params: { what: 'timeout' } }] } },
      on: {
        COIN: { actions: 'addCredit', reenter: true, target: 'paying' },
        SELECT: [
          { guard: and(['enoughMoney', { type: 'hasStock' }]), actions: ['select'], target: 'vending' },
          { guard: not('enoughMoney'), actions: ['select', raise({ type: 'INSUFFICIENT' })] },
          { actions: { type: 'note', params: { what: 'soldout' } } },
        ],
        INSUFFICIENT: { actions: [{ type: 'note', params: { what: 'short' } }, emit({ type: 'short' })] },
        CANCEL: { target: 'idle', actions: 'refund' },
      },
    },
    vending: {
      initial: 'dropping',
      states: {
        dropping: { after: { 200: 'done' } },
        done: { type: 'final' },
      },
      onDone: [
        { guard: 'enoughMoney', target: 'paying', actions: 'vend' },
        { target: 'idle', actions: ['vend', 'refund'] },
      ],
    },
    service: {
      initial: 'menu',
      states: {
        menu: { on: { RESTOCK: { actions: assign({ stock: () => ({ cola: 5, chips: 8, gum: 3 }) }) }, NEXT: 'stats' } },
        stats: { on: { NEXT: 'menu' } },
        hist: { type: 'history', history: 'shallow' },
      },
      on: { EXIT: 'idle' },
    },
  },
});

const clock = new SimulatedClock();
const actor = createActor(vending, { clock, inspect: (ev) => { if (ev.type === '@xstate.event') inspected++; } });
let inspected = 0;
const shorts = [];
actor.on('short', (e) => shorts.push(e.type));
const states = [];
actor.subscribe((s) => states.push(JSON.stringify(s.value)));
actor.start();
const items = ['cola', 'chips', 'gum', 'water'];
for (let i = 0; i < 4000; i++) {
  const r = rand();
  if (r < 0.4) actor.send({ type: 'COIN', amount: [25, 50, 100][Math.floor(rand() * 3)] });
  else if (r < 0.7) actor.send({ type: 'SELECT', item: items[Math.floor(rand() * items.length)] });
  else if (r < 0.75) actor.send({ type: 'CANCEL' });
  else if (r < 0.78) actor.send({ type: 'ADMIN', pin: rand() < 0.5 ? 1234 : 1 });
  else if (r < 0.82) actor.send({ type: 'RESTOCK' });
  else if (r < 0.85) actor.send({ type: 'EXIT' });
  else if (r < 0.87) actor.send({ type: 'NEXT' });
  else clock.increment(Math.floor(rand() * 1500));
  if (i % 100 === 0) d.add(`snap:${i}`, { value: actor.getSnapshot().value, ctx: actor.getSnapshot().context, status: actor.getSnapshot().status });
}
d.add('states', states);
d.add('log', actor.getSnapshot().context.log);
d.add('shorts', shorts.length);
const persisted = actor.getPersistedSnapshot();
d.add('persisted', persisted);
actor.stop();
const restored = createActor(vending, { snapshot: persisted, clock }).start();
restored.send({ type: 'COIN', amount: 100 });
d.add('restored', [restored.getSnapshot().value, restored.getSnapshot().context.credit, restored.getSnapshot().can({ type: 'CANCEL' })]);
restored.stop();
d.add('pure', getNextSnapshot(vending, vending.resolveState({ value: 'idle', context: { credit: 0, price: 0, selected: null, stock: { cola: 1, chips: 1, gum: 1 }, sold: 0, log: [] } }), { type: 'COIN', amount: 5 }).value);

// ---- parallel lights with spawned children, callback and promise actors
const pedestrian = createMachine({
  id: 'ped',
  initial: 'wait',
  states: {
    wait: { on: { PED_GO: 'walk' } },
    walk: { entry: sendParent({ type: 'PED_WALKING' }), on: { PED_STOP: 'wait' } },
  },
});
const sensor = fromCallback(({ sendBack, receive, input }) => {
  let count = 0;
  receive((ev) => { if (ev.type === 'PING') { count++; if (count % input.every === 0) sendBack({ type: 'CAR', n: count }); } });
  return () => { /* cleanup */ };
});
const lookup = fromPromise(async ({ input }) => {
  await null;
  if (input.id % 7 === 0) throw new Error(`lookup ${input.id} failed`);
  return { id: input.id, plate: `PL-${input.id * 13}` };
});
const lights = setup({ actors: { pedestrian, sensor, lookup } }).createMachine({
  id: 'lights',
  type: 'parallel',
  context: { cars: 0, walks: 0, plates: [], failures: [] },
  invoke: [{ id: 'ped', src: 'pedestrian' }, { id: 'sensor', src: 'sensor', input: { every: 3 } }],
  on: {
    PED_WALKING: { actions: assign({ walks: ({ context }) => context.walks + 1 }) },
    CAR: { actions: assign({ cars: ({ context, event }) => context.cars + 1 }) },
    PING: { actions: sendTo('sensor', ({ event }) => event) },
  },
  states: {
    main: {
      initial: 'green',
      states: {
        green: { on: { TIMER: 'yellow' } },
        yellow: { on: { TIMER: 'red' } },
        red: { entry: sendTo('ped', { type: 'PED_GO' }), exit: sendTo('ped', { type: 'PED_STOP' }), on: { TIMER: 'green' } },
      },
    },
    plate: {
      initial: 'ready',
      states: {
        ready: { on: { LOOKUP: 'busy' } },
        busy: {
          invoke: {
            src: 'lookup',
            input: ({ event }) => ({ id: event.id }),
            onDone: { target: 'ready', actions: assign({ plates: ({ context, event }) => [...context.plates, event.output.plate] }) },
            onError: { target: 'ready', actions: assign({ failures: ({ context, event }) => [...context.failures, event.error.message] }) },
          },
        },
      },
    },
    mode: { initial: 'day', states: { day: { on: { NIGHT: { target: 'night', guard: stateIn({ main: 'red' }) } } }, night: { on: { DAY: 'day' } } } },
  },
});
const la = createActor(lights).start();
let lastError = null;
for (let i = 0; i < 600; i++) {
  const r = rand();
  if (r < 0.4) la.send({ type: 'TIMER' });
  else if (r < 0.7) la.send({ type: 'PING' });
  else if (r < 0.8) la.send({ type: rand() < 0.5 ? 'NIGHT' : 'DAY' });
  else {
    la.send({ type: 'LOOKUP', id: i });
    await waitFor(la, (s) => s.matches({ plate: 'ready' }));
  }
}
d.add('lights', { value: la.getSnapshot().value, ctx: la.getSnapshot().context });
la.stop();

// ---- errors: an action that throws goes to the actor's error observer
const faulty = createMachine({ initial: 'a', states: { a: { on: { GO: { actions: () => { throw new TypeError('action blew up'); } } } } } });
const fa = createActor(faulty);
fa.subscribe({ error: (e) => { lastError = e; } });
fa.start();
fa.send({ type: 'GO' });
let frames = [];
if (lastError) {
  frames = stackLines(lastError);
  d.add('faulty', [`${lastError.name}: ${lastError.message}`, fa.getSnapshot().status]);
  console.log(`${lastError.name}: ${lastError.message}`);
}
const bad = createActor(createMachine({ initial: 'nope', states: { a: {} } }));
bad.subscribe({ error: (e) => { d.add('badMachine', e.message); console.log(e.message); } });
bad.start();
d.print({ inspected, states: states.length });
printStackLines(frames);
