// Compiled by TypeScript (a program with this folder's tsconfig: legacy decorators, their metadata,
// CommonJS output, which loads NestJS 12's ES modules through require) by nestjs.cjs, into a
// temporary folder beside a source map, then required. Used there only.
import 'reflect-metadata';
import {
  Module, Injectable, Controller, Get, Post, Body, Param, Query, Headers, HttpCode, UseGuards, UseInterceptors,
  UseFilters, UsePipes, Catch, HttpException, HttpStatus, NotFoundException, BadRequestException, ForbiddenException,
  ParseIntPipe, DefaultValuePipe, Inject, Optional, Scope, forwardRef, Global, SetMetadata, createParamDecorator,
  OnModuleInit, OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown, OnApplicationShutdown,
  CanActivate, ExecutionContext, NestInterceptor, CallHandler, PipeTransform, ArgumentMetadata, ExceptionFilter,
  ArgumentsHost, NestMiddleware, MiddlewareConsumer, NestModule, DynamicModule, LoggerService,
} from '@nestjs/common';
import { NestFactory, Reflector, ModuleRef, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { Observable, of, throwError } from 'rxjs';
import { map, tap, catchError } from 'rxjs/operators';
import * as http from 'node:http';

type Out = (label: string, value: unknown) => void;
type Keep = (err: { stack?: string }) => void;

export const events: string[] = [];

export class CaptureLogger implements LoggerService {
  constructor(private out: Out, private keep: Keep) {}
  log(message: unknown, context?: string) { events.push(`log:${context}:${message}`); }
  error(message: unknown, stack?: string, context?: string) {
    events.push(`error:${context}:${message}`);
    if (message instanceof Error) this.keep(message);
    else if (stack) this.keep({ stack });
  }
  warn(message: unknown, context?: string) { events.push(`warn:${context}:${message}`); }
  debug(message: unknown, context?: string) { events.push(`debug:${context}:${message}`); }
  verbose(message: unknown, context?: string) { events.push(`verbose:${context}:${message}`); }
}

// --- a dynamic, global config module
export const CONFIG = Symbol('CONFIG');
@Global()
@Module({})
export class ConfigModule {
  static forRoot(values: Record<string, string>): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: CONFIG, useValue: Object.freeze({ ...values }) }], exports: [CONFIG] };
  }
}

// --- two services that need each other (forwardRef), one with an optional dependency; the
// parameter's type is an interface, as Nest's docs advise, or its metadata would read the class
// before its declaration ran
interface Catalog { find(id: number): { id: number; name: string; base: number } }
@Injectable()
export class PriceService {
  constructor(@Inject(forwardRef(() => CatalogService)) private catalog: Catalog, @Inject(CONFIG) private config: Record<string, string>) {}
  price(id: number): number {
    const item = this.catalog.find(id);
    return Math.round(item.base * Number(this.config.rate) * 100) / 100;
  }
}

@Injectable()
export class CatalogService implements OnModuleInit, OnModuleDestroy {
  private items = new Map<number, { id: number; name: string; base: number }>();
  constructor(@Inject(forwardRef(() => PriceService)) public prices: PriceService, @Optional() @Inject('AUDIT') private audit?: string[]) {}
  onModuleInit() {
    for (let i = 1; i <= 5; i++) this.items.set(i, { id: i, name: `item-${i}`, base: i * 10.5 });
    events.push(`init:catalog:${this.audit === undefined}`);
  }
  onModuleDestroy() { events.push('destroy:catalog'); }
  find(id: number) {
    const item = this.items.get(id);
    if (!item) throw new NotFoundException(`item ${id} not found`);
    return item;
  }
  add(name: string, base: number) {
    const id = this.items.size + 1;
    this.items.set(id, { id, name, base });
    return this.items.get(id)!;
  }
}

// --- a request-scoped provider and a factory provider
let requestCounter = 0;
@Injectable({ scope: Scope.REQUEST })
export class RequestTag {
  readonly n = ++requestCounter;
}

// --- guard, interceptor, pipe, filter, middleware, param decorator
export const Roles = (...roles: string[]) => SetMetadata('roles', roles);

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private reflector: Reflector) {}
  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<string[]>('roles', [context.getHandler(), context.getClass()]);
    if (!roles) return true;
    const req = context.switchToHttp().getRequest();
    const role = req.headers['x-role'];
    events.push(`guard:${context.getClass().name}.${context.getHandler().name}:${role}`);
    if (role === 'banned') throw new ForbiddenException('banned role');
    return roles.includes(role);
  }
}

@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const name = context.getHandler().name;
    events.push(`before:${name}`);
    return next.handle().pipe(
      map((data) => ({ ok: true, handler: name, data })),
      tap(() => events.push(`after:${name}`)),
    );
  }
}

@Injectable()
export class FallbackInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((err) => (err instanceof RangeError ? of({ recovered: err.message }) : throwError(() => err))));
  }
}

@Injectable()
export class UpperPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata) {
    if (metadata.type !== 'body') return value;
    const body = value as { name?: unknown; base?: unknown };
    if (typeof body.name !== 'string' || typeof body.base !== 'number') {
      throw new BadRequestException({ message: ['name must be a string', 'base must be a number'], got: Object.keys(body ?? {}) });
    }
    return { ...body, name: body.name.toUpperCase(), metatype: metadata.metatype?.name };
  }
}

export class CreateItem { name!: string; base!: number; }

@Catch(HttpException)
export class HttpFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost) {
    const res = host.switchToHttp().getResponse();
    const req = host.switchToHttp().getRequest();
    res.status(exception.getStatus()).json({ filtered: true, status: exception.getStatus(), path: req.url, response: exception.getResponse() });
  }
}

export const Tag = createParamDecorator((data: string, ctx: ExecutionContext) => `${data}:${ctx.switchToHttp().getRequest().headers['x-tag'] ?? 'none'}`);

@Injectable()
export class CountingMiddleware implements NestMiddleware {
  static seen = 0;
  use(req: http.IncomingMessage, res: http.ServerResponse, next: () => void) {
    CountingMiddleware.seen++;
    res.setHeader('x-seen', String(CountingMiddleware.seen));
    next();
  }
}

@Controller('items')
@UseInterceptors(FallbackInterceptor)
export class ItemsController {
  constructor(private catalog: CatalogService, private moduleRef: ModuleRef, @Inject('FACTORY') private factoryValue: string) {}

  @Get()
  list(@Query('limit', new DefaultValuePipe(3), ParseIntPipe) limit: number, @Tag('list') tag: string) {
    return { limit, tag, factory: this.factoryValue, names: [1, 2, 3, 4, 5].slice(0, limit).map((i) => this.catalog.find(i).name) };
  }

  @Get(':id')
  one(@Param('id', ParseIntPipe) id: number) {
    return { ...this.catalog.find(id), price: this.catalog.prices.price(id) };
  }

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @UsePipes(UpperPipe)
  create(@Body() body: CreateItem, @Headers('x-role') role: string) {
    return { created: this.catalog.add(body.name, body.base), role };
  }

  @Get('fail/:kind')
  @UseFilters(HttpFilter)
  async fail(@Param('kind') kind: string) {
    await Promise.resolve();
    if (kind === 'range') throw new RangeError('recoverable');
    if (kind === 'http') throw new HttpException({ reason: 'teapot' }, HttpStatus.I_AM_A_TEAPOT);
    if (kind === 'type') throw new TypeError('internal detail');
    return { kind };
  }

  @Get('scoped/tag')
  async scoped() {
    const a = await this.moduleRef.resolve(RequestTag);
    const b = await this.moduleRef.resolve(RequestTag);
    return { distinct: a !== b, ordered: b.n - a.n };
  }
}

@Module({
  controllers: [ItemsController],
  providers: [
    CatalogService, PriceService, RequestTag,
    { provide: 'FACTORY', useFactory: (config: Record<string, string>) => `factory-${config.name}`, inject: [CONFIG] },
    { provide: APP_GUARD, useClass: RolesGuard },
    { provide: APP_INTERCEPTOR, useClass: EnvelopeInterceptor },
  ],
  exports: [CatalogService],
})
export class ItemsModule implements NestModule {
  configure(consumer: MiddlewareConsumer) { consumer.apply(CountingMiddleware).forRoutes(ItemsController); }
}

@Module({ imports: [ConfigModule.forRoot({ rate: '1.25', name: 'corpus' }), ItemsModule] })
export class AppModule implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  onApplicationBootstrap() { events.push('bootstrap'); }
  beforeApplicationShutdown(signal?: string) { events.push(`before-shutdown:${signal}`); }
  onApplicationShutdown(signal?: string) { events.push(`shutdown:${signal}`); }
}

// --- a module that cannot be built: its provider needs what nobody provides
@Injectable()
export class Orphan { constructor(@Inject('NOWHERE') public x: string) {} }
@Module({ providers: [Orphan] })
export class BrokenModule {}

function request(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ host: '127.0.0.1', port, method, path, agent: false, headers: { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(data)) } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, seen: res.headers['x-seen'], type: String(res.headers['content-type']).split(';')[0], body: text }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

export async function run(out: Out, keep: Keep): Promise<void> {
  const logger = new CaptureLogger(out, keep);
  const app = await NestFactory.create(AppModule, { logger, abortOnError: false });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as { port: number }).port;
  const calls: [string, string, Record<string, string>?, unknown?][] = [
    ['GET', '/items'], ['GET', '/items?limit=5', { 'x-tag': 't1' }], ['GET', '/items?limit=abc'], ['GET', '/items/2'], ['GET', '/items/9'],
    ['GET', '/items/x'], ['POST', '/items', { 'x-role': 'admin' }, { name: 'new', base: 7 }], ['POST', '/items', { 'x-role': 'user' }, { name: 'n', base: 1 }],
    ['POST', '/items', { 'x-role': 'banned' }, { name: 'n', base: 1 }], ['POST', '/items', { 'x-role': 'admin' }, { name: 5 }],
    ['GET', '/items/fail/range'], ['GET', '/items/fail/http'], ['GET', '/items/fail/type'], ['GET', '/items/fail/ok'],
    ['GET', '/items/scoped/tag'], ['GET', '/nowhere'], ['GET', '/items/6'],
  ];
  for (const [method, path, headers, body] of calls) out(`http:${method} ${path}`, await request(port, method, path, headers, body));
  const catalog = app.get(CatalogService);
  out('get', [catalog.find(1).name, app.get('FACTORY'), app.select(ItemsModule).get(PriceService).price(3)]);
  try {
    app.get('UNKNOWN_TOKEN');
  } catch (err) {
    out('get:unknown', [(err as Error).name, (err as Error).message.split('\n')[0]]);
    keep(err as Error);
  }
  await app.close();

  // an application context without HTTP, and one that cannot be built
  const ctx = await NestFactory.createApplicationContext(AppModule, { logger });
  out('context', [ctx.get(PriceService).price(1), (await ctx.resolve(RequestTag)).n > 0]);
  await ctx.close();
  try {
    await NestFactory.createApplicationContext(BrokenModule, { logger, abortOnError: false });
    out('broken', 'built');
  } catch (err) {
    out('broken', [(err as Error).name, (err as Error).message.replace(/\s+/g, ' ')]);
    keep(err as Error);
  }
  out('events', events);
}
