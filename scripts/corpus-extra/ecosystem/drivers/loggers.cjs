'use strict';
// winston 3 and log4js 6 (CJS), logging into memory. winston: formats combined (label, splat,
// errors with stacks, metadata, a custom format, printf, json), a custom Transport subclass (a
// stream in object mode), child loggers, levels, profiling off the clock, a query-less logger, and
// an exception handler on a transport with exitOnError false: an uncaught throw from a timer is
// logged and the program goes on. log4js: categories and levels, a custom appender module, pattern
// layouts whose tokens read the caller's file, line and column from a stack (enableCallStack), a
// recording appender, context values, a custom layout, and log4js's own errors for bad config.
const winston = require('winston');
const Transport = require('winston-transport');
const log4js = require('log4js');
const { Digest, prng, stackLines, printStackLines } = require('./_util.cjs');

const d = new Digest('loggers');
const rand = prng(3141);
const frames = [];
const SET = require('node:path').dirname(__dirname);
// Logged stacks, with their columns, as the digest keeps them: this set's folder written <set>, and
// Node's own frames (other lines on each version) left out, also where a JSON string holds them.
const portable = (text) => String(text).split(SET).join('<set>').replace(/(?:\n|\\n)\s+at (?:[^\n\\"]*\()?node:[^\n\\"]*/g, '');

class MemoryTransport extends Transport {
  constructor(opts) {
    super(opts);
    this.lines = [];
  }
  log(info, callback) {
    setImmediate(() => this.emit('logged', info));
    const sym = Object.getOwnPropertySymbols(info).map((s) => s.description).sort();
    this.lines.push({ message: portable(info[Symbol.for('message')]), level: info.level, syms: sym });
    callback();
  }
}

const redact = winston.format((info, opts) => {
  if (info.password) info.password = opts.mask;
  if (info.drop) return false;
  return info;
});

function winstonPart() {
  const mem = new MemoryTransport({ level: 'silly' });
  const jsonMem = new MemoryTransport({ level: 'warn', format: winston.format.json() });
  const logger = winston.createLogger({
    level: 'debug',
    levels: { ...winston.config.npm.levels },
    format: winston.format.combine(
      winston.format.label({ label: 'corpus' }),
      winston.format.errors({ stack: true }),
      winston.format.splat(),
      redact({ mask: '***' }),
      winston.format.metadata({ fillExcept: ['message', 'level', 'label', 'stack'] }),
      winston.format.printf((info) => `[${info.label}] ${info.level}: ${info.message}${info.stack ? ` | ${info.stack.split('\n')[0]}` : ''} ${JSON.stringify(info.metadata)}`),
    ),
    transports: [mem, jsonMem],
    exitOnError: false,
  });
  const levels = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'];
  for (let i = 0; i < 120; i++) {
    const lvl = levels[Math.floor(rand() * levels.length)];
    logger.log(lvl, 'message %s number %d %j', `m${i}`, i, { k: i % 5 }, { user: `u${i % 4}`, password: i % 3 ? 'secret' : undefined, drop: i % 17 === 0 });
  }
  const child = logger.child({ requestId: 'r-1', nested: { a: 1 } });
  child.info('from child');
  child.child({ span: 2 }).warn('from grandchild %s', 'x');
  logger.error(new TypeError('an error object'));
  logger.warn('with an error', new RangeError('meta error'));
  logger.error('message and error: %s', 'arg', { extra: true });
  logger.add(new winston.transports.Stream({ stream: new (require('node:stream').Writable)({ write(c, _e, cb) { mem.lines.push({ stream: portable(c) }); cb(); } }) }));
  logger.info('to the stream too');
  d.add('winston:levels', [logger.isLevelEnabled('debug'), logger.isLevelEnabled('silly'), logger.levels]);
  return { logger, mem, jsonMem };
}

function log4jsPart() {
  const captured = [];
  const memoryAppender = {
    configure(config, layouts) {
      const layout = layouts.layout(config.layout.type, config.layout);
      const appender = (event) => captured.push([config.tag, portable(layout(event))]);
      appender.shutdown = (done) => { captured.push(['shutdown', config.tag]); done(); };
      return appender;
    },
  };
  log4js.addLayout('keyed', (cfg) => (event) => `${cfg.prefix}|${event.categoryName}|${event.level.levelStr}|${event.data.map(String).join(',')}|${JSON.stringify(event.context)}`);
  log4js.configure({
    appenders: {
      mem: { type: memoryAppender, tag: 'pattern', layout: { type: 'pattern', pattern: '%p %c %m %x{seq} %X{user} %f{2}:%l:%o %M', tokens: { seq: () => 'S' } } },
      keyed: { type: memoryAppender, tag: 'keyed', layout: { type: 'keyed', prefix: 'K' } },
      rec: { type: 'recording' },
      errorsOnly: { type: 'logLevelFilter', appender: 'keyed', level: 'error' },
    },
    categories: {
      default: { appenders: ['mem', 'rec'], level: 'info', enableCallStack: true },
      db: { appenders: ['mem', 'errorsOnly', 'rec'], level: 'trace', enableCallStack: true },
      quiet: { appenders: ['keyed'], level: 'off' },
    },
  });
  const app = log4js.getLogger();
  const db = log4js.getLogger('db');
  const quiet = log4js.getLogger('quiet');
  app.addContext('user', 'ada');
  function handler(i) { db.debug('query %d', i, { rows: i * 2 }); if (i % 4 === 0) db.error('slow query', i); }
  for (let i = 0; i < 12; i++) handler(i);
  app.info('info line');
  app.debug('filtered out');
  app.warn(new Error('logged error'));
  quiet.fatal('never');
  app.removeContext('user');
  app.level = 'trace';
  app.trace('now visible');
  d.add('log4js:enabled', [app.isTraceEnabled(), quiet.isFatalEnabled(), db.isLevelEnabled('debug')]);
  const recorded = log4js.recording().replay().map((e) => [e.categoryName, e.level.levelStr, e.data.map((x) => (x instanceof Error ? x.message : x)), e.functionName || null, e.lineNumber]);
  log4js.recording().erase();
  const bad = [
    () => log4js.configure({ appenders: {}, categories: {} }),
    () => log4js.configure({ appenders: { x: { type: 'no-such-appender-module' } }, categories: { default: { appenders: ['x'], level: 'info' } } }),
    () => log4js.configure({ appenders: { a: { type: 'recording' } }, categories: { default: { appenders: ['a'], level: 'LOUD' } } }),
  ];
  const errors = [];
  for (const f of bad) {
    try { f(); errors.push('no error'); } catch (err) { errors.push([err.name, err.message.split(SET).join('<set>').split('\n')[0]]); frames.push(...stackLines(err)); }
  }
  return { captured, recorded, errors };
}

async function main() {
  const { logger, mem, jsonMem } = winstonPart();
  const l4 = log4jsPart();
  await new Promise((r) => log4js.shutdown(r));
  d.add('log4js', { captured: l4.captured, recorded: l4.recorded, errors: l4.errors });

  // an uncaught exception from a timer, handled by winston's exception handler (exitOnError: false)
  // (a logger of its own: the first one's metadata format moves `exception` where the handler's
  // stream no longer sees it)
  const handled = new MemoryTransport({ handleExceptions: true, format: winston.format.printf((i) => `${i.level}:${i.message.split('\n')[0]}`) });
  const guard = winston.createLogger({ transports: [handled], exitOnError: false });
  await new Promise((resolve) => {
    handled.once('logged', (info) => {
      frames.push(...stackLines(info.error));
      d.add('winston:uncaught', { message: info.message.split('\n')[0], error: [info.error.name, info.error.message], exception: info.exception, traceFiles: info.trace.filter((t) => t.file && t.file.startsWith(SET)).map((t) => [t.file.slice(SET.length), t.line, t.column, t.function]) });
      resolve();
    });
    setTimeout(function failLater() { throw new SyntaxError('thrown from a timer'); }, 1);
  });
  guard.exceptions.unhandle();
  guard.close();
  d.add('winston:handled', handled.lines);
  await new Promise((r) => setImmediate(r));
  d.add('winston:mem', mem.lines);
  d.add('winston:json', jsonMem.lines);
  logger.close();
}

main().then(() => {
  d.print();
  printStackLines(frames);
});
