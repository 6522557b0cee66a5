// Loaded through tsx (esbuild: legacy decorators from this folder's tsconfig, no decorator metadata,
// so every constructor parameter names its token). Used by di-decorators.cjs.
import 'reflect-metadata';
import { container, injectable, inject, singleton, registry, delay, Lifecycle, scoped, type DependencyContainer } from 'tsyringe';

export interface Logger { log(line: string): void; lines: string[] }

@singleton()
export class MemoryLogger implements Logger {
  lines: string[] = [];
  log(line: string): void { this.lines.push(line); }
}

@injectable()
export class Clock {
  private t = 0;
  now(): number { return (this.t += 10); }
}

@scoped(Lifecycle.ContainerScoped)
export class RequestContext {
  static created = 0;
  readonly id: number;
  constructor() { this.id = ++RequestContext.created; }
}

function logged(prefix: string) {
  return function (_target: object, key: string, descriptor: PropertyDescriptor): void {
    const original = descriptor.value as (...args: unknown[]) => unknown;
    descriptor.value = function (this: { logger: Logger }, ...args: unknown[]) {
      this.logger.log(`${prefix}${key}(${args.join(',')})`);
      return original.apply(this, args);
    };
  };
}

@injectable()
@registry([{ token: 'taxRate', useValue: 0.2 }])
export class PriceService {
  constructor(@inject('Logger') public logger: Logger, @inject(Clock) private clock: Clock, @inject('taxRate') private rate: number) {}
  @logged('> ')
  gross(net: number): number {
    if (net < 0) throw new RangeError(`negative price ${net} at ${this.clock.now()}`);
    return Math.round(net * (1 + this.rate) * 100) / 100;
  }
}

@injectable()
export class Chicken { constructor(@inject(delay(() => Egg)) public egg: { kind(): string }) {} kind(): string { return 'chicken'; } }
@injectable()
export class Egg { constructor(@inject(delay(() => Chicken)) public chicken: Chicken) {} kind(): string { return 'egg'; } }

export function run(out: (label: string, value: unknown) => void, frames: (e: unknown) => void): void {
  container.register('Logger', { useToken: MemoryLogger });
  const prices = container.resolve(PriceService);
  out('gross', [prices.gross(10), prices.gross(99.99)]);
  try { prices.gross(-1); } catch (e) { out('gross:error', (e as Error).message); frames(e); }
  const logger = container.resolve<Logger>('Logger');
  out('logger', [logger === container.resolve(MemoryLogger), logger.lines]);
  const child: DependencyContainer = container.createChildContainer();
  out('scoped', [child.resolve(RequestContext) === child.resolve(RequestContext), container.resolve(RequestContext) === child.resolve(RequestContext), RequestContext.created]);
  const chicken = container.resolve(Chicken);
  out('cycle', [chicken.kind(), chicken.egg.kind()]);
  try { container.resolve('Missing'); } catch (e) { out('missing', (e as Error).message.split('\n')[0]); frames(e); }
  class NotInjectable { constructor(public dep: Clock) {} }
  try { container.resolve(NotInjectable as never); } catch (e) { out('not-injectable', (e as Error).message.split('\n')[0]); frames(e); }
}
