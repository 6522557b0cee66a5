// Compiled by TypeScript (transpileModule with this folder's options: legacy decorators and their
// metadata) by di-decorators.cjs, written next to a source map, then required. Used there only.
import 'reflect-metadata';
import { Container, injectable, inject, named, optional, postConstruct, preDestroy } from 'inversify';

const TYPES = { Repo: Symbol.for('Repo'), Cache: Symbol.for('Cache'), Service: Symbol.for('Service'), Rule: Symbol.for('Rule') };

interface Repo { find(id: number): { id: number; name: string } | undefined }
interface Rule { check(name: string): string | null }

@injectable()
class MemoryRepo implements Repo {
  private rows = new Map([[1, 'ada'], [2, 'grace'], [3, '']]);
  find(id: number) { const name = this.rows.get(id); return name === undefined ? undefined : { id, name }; }
}

@injectable()
class NotEmpty implements Rule { check(name: string) { return name ? null : 'empty name'; } }
@injectable()
class Lowercase implements Rule { check(name: string) { return name === name.toLowerCase() ? null : 'not lowercase'; } }

@injectable()
class Cache {
  hits = 0;
  store = new Map<number, unknown>();
  @postConstruct() init(): void { this.store.set(0, 'warm'); }
}

@injectable()
class UserService {
  static destroyed = 0;
  constructor(
    @inject(TYPES.Repo) private repo: Repo,
    @inject(TYPES.Cache) private cache: Cache,
    @inject(TYPES.Rule) @named('strict') private strict: Rule,
    @inject('missing') @optional() private extra?: string,
  ) {}
  load(id: number): { id: number; name: string } {
    if (this.cache.store.has(id)) { this.cache.hits++; return this.cache.store.get(id) as { id: number; name: string }; }
    const row = this.repo.find(id);
    if (!row) throw new Error(`user ${id} not found`);
    const problem = this.strict.check(row.name);
    if (problem) throw new TypeError(`user ${id}: ${problem}`);
    this.cache.store.set(id, row);
    return row;
  }
  describe(): string { return `extra=${String(this.extra)}`; }
  @preDestroy() close(): void { UserService.destroyed++; }
}

export function run(out: (label: string, value: unknown) => void, frames: (e: unknown) => void): void {
  const c = new Container();
  c.bind<Repo>(TYPES.Repo).to(MemoryRepo);
  c.bind(TYPES.Cache).to(Cache).inSingletonScope();
  c.bind<Rule>(TYPES.Rule).to(NotEmpty).whenNamed('strict');
  c.bind<Rule>(TYPES.Rule).to(Lowercase).whenNamed('style');
  c.bind(TYPES.Service).to(UserService).inSingletonScope();
  const svc = c.get<UserService>(TYPES.Service);
  out('load', [svc.load(1), svc.load(1), svc.load(2), svc.describe(), c.get<Cache>(TYPES.Cache).hits]);
  for (const id of [3, 9]) {
    try { svc.load(id); } catch (e) { out(`load:${id}`, (e as Error).message); frames(e); }
  }
  out('rules', c.getAll<Rule>(TYPES.Rule).map((r) => r.check('Ada')));
  out('meta', [Reflect.getMetadata('design:paramtypes', UserService).map((t: { name?: string }) => t && t.name), Reflect.getMetadata('design:returntype', UserService.prototype, 'load')?.name ?? null]);
  try { c.get('unbound'); } catch (e) { out('unbound', (e as Error).message.split('\n')[0]); frames(e); }
  c.unbind(TYPES.Service);
  out('destroyed', UserService.destroyed);
}
