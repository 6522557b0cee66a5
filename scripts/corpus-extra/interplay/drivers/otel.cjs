'use strict';
// OpenTelemetry with async context of its own: @opentelemetry/api 1.9 with the SDK's
// BasicTracerProvider 2 (a seeded id generator, a sampler, span limits, an in-memory exporter) and
// both context managers of @opentelemetry/context-async-hooks (AsyncLocalStorage, and async_hooks'
// createHook with its own map of contexts), switched between runs. Parent/child spans across
// timers, promises, async functions, EventEmitter listeners bound to a context, `context.bind`,
// W3C trace-context and baggage propagation through a carrier, and exceptions recorded on spans
// (their `exception.stacktrace` in the digest, stack lines included). Times are left out.
const { EventEmitter } = require('node:events');
const api = require('@opentelemetry/api');
const { BasicTracerProvider, SimpleSpanProcessor, InMemorySpanExporter, ParentBasedSampler, TraceIdRatioBasedSampler } = require('@opentelemetry/sdk-trace-base');
const { AsyncLocalStorageContextManager, AsyncHooksContextManager } = require('@opentelemetry/context-async-hooks');
const { W3CTraceContextPropagator, W3CBaggagePropagator, CompositePropagator } = require('@opentelemetry/core');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('otel');
const frames = [];
const SET = require('node:path').dirname(__dirname);
const ourLines = (stack) => String(stack).split(SET).join('<set>').split('\n').filter((l) => l.includes('<set>/drivers')).map((l) => l.trim());

function idGenerator(seed) {
  const rand = prng(seed);
  const hex = (n) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  return { generateTraceId: () => hex(32), generateSpanId: () => hex(16) };
}

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({
  idGenerator: idGenerator(99),
  sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(1) }),
  spanLimits: { attributeCountLimit: 8, attributeValueLengthLimit: 1500, eventCountLimit: 4 },
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
api.trace.setGlobalTracerProvider(provider);
api.propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
const tracer = api.trace.getTracer('corpus', '1.0.0');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function workload(label) {
  const bus = new EventEmitter();
  const seen = [];
  await tracer.startActiveSpan(`${label}:root`, { attributes: { label, long: 'x'.repeat(1600), n: 1 }, kind: api.SpanKind.SERVER }, async (root) => {
    const rootCtx = api.context.active();
    api.context.bind(rootCtx, bus);
    bus.on('ev', function onEv(n) { seen.push([n, api.trace.getActiveSpan() === root]); });
    setTimeout(() => api.context.with(api.ROOT_CONTEXT, () => bus.emit('ev', 'from-timer')), 1);
    await tracer.startActiveSpan(`${label}:child-a`, async (a) => {
      await sleep(2);
      tracer.startActiveSpan(`${label}:grandchild`, (g) => { g.setAttribute('depth', 2); g.end(); });
      a.addEvent('slept', { ms: 2 });
      a.end();
    });
    await Promise.all([1, 2, 3].map((i) => tracer.startActiveSpan(`${label}:parallel-${i}`, async (p) => {
      await sleep(i);
      p.setAttributes({ i, parent: api.trace.getActiveSpan() === p });
      if (i === 2) {
        try { throw new RangeError(`parallel ${i} failed`); } catch (err) {
          frames.push(...stackLines(err));
          p.recordException(err);
          p.setStatus({ code: api.SpanStatusCode.ERROR, message: err.message });
        }
      }
      p.end();
    })));
    const bound = api.context.bind(rootCtx, function later() { return api.trace.getActiveSpan() === root; });
    seen.push(['bound', await new Promise((r) => setImmediate(() => r(bound())))]);
    // propagation through a carrier, into a span on the "other side"
    const carrier = {};
    const withBaggage = api.propagation.setBaggage(api.context.active(), api.propagation.createBaggage({ user: { value: 'ada' }, tier: { value: 'pro' } }));
    api.propagation.inject(withBaggage, carrier);
    const extracted = api.propagation.extract(api.ROOT_CONTEXT, carrier);
    const remote = tracer.startSpan(`${label}:remote`, { kind: api.SpanKind.CONSUMER }, extracted);
    remote.setAttribute('baggage', JSON.stringify(api.propagation.getBaggage(extracted).getAllEntries()));
    remote.end();
    seen.push(['carrier', Object.keys(carrier).sort(), carrier.baggage]);
    for (let i = 0; i < 6; i++) root.addEvent(`e${i}`);
    for (let i = 0; i < 12; i++) root.setAttribute(`k${i}`, i);
    root.end();
  });
  // a span whose callback throws out of startActiveSpan
  try {
    tracer.startActiveSpan(`${label}:throws`, (s) => { try { JSON.parse('{nope'); } finally { s.end(); } });
  } catch (err) {
    frames.push(...stackLines(err));
    seen.push(['thrown', err.name, api.trace.getActiveSpan() === undefined]);
  }
  return seen;
}

function summary(spans) {
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s.name]));
  return spans.map((s) => ({
    name: s.name, kind: s.kind, parent: byId.get(s.parentSpanContext && s.parentSpanContext.spanId) || (s.parentSpanContext ? 'remote' : null),
    trace: s.spanContext().traceId.slice(0, 8), attributes: s.attributes, dropped: [s.droppedAttributesCount, s.droppedEventsCount],
    events: s.events.map((e) => ({ name: e.name, attributes: e.attributes && e.attributes['exception.stacktrace'] ? { ...e.attributes, 'exception.stacktrace': ourLines(e.attributes['exception.stacktrace']) } : e.attributes })),
    status: s.status, scope: s.instrumentationScope.name,
  })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function main() {
  for (const [label, Manager] of [['als', AsyncLocalStorageContextManager], ['hooks', AsyncHooksContextManager]]) {
    const manager = new Manager().enable();
    api.context.setGlobalContextManager(manager);
    const seen = await workload(label);
    d.add(`${label}:seen`, seen);
    d.add(`${label}:spans`, summary(exporter.getFinishedSpans()));
    exporter.reset();
    api.context.disable();
  }
  await provider.shutdown();
  d.add('after-shutdown', [exporter.getFinishedSpans().length, typeof api.trace.getActiveSpan()]);
}

main().then(() => {
  d.print();
  printStackLines(frames);
});
