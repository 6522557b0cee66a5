// TypeScript loaded by jiti (its own Babel transform, evaluated through its own module wrapper):
// types, an enum, a class with parameter properties, generics, and an ES module imported from it.
import { round } from './round.mjs';

export enum Tier { Basic = 'basic', Pro = 'pro' }

export interface Line { sku: string; qty: number; unit: number }

export class Cart<T extends Line = Line> {
  private readonly lines: T[] = [];
  constructor(public readonly tier: Tier, private discount: number = 0) {}
  add(line: T): this {
    if (line.qty <= 0) throw new RangeError(`bad quantity for ${line.sku}: ${line.qty}`);
    this.lines.push(line);
    return this;
  }
  total(): number {
    const gross = this.lines.reduce((sum, l) => sum + l.qty * l.unit, 0);
    return round(gross * (1 - this.discount) * (this.tier === Tier.Pro ? 0.9 : 1));
  }
}

export default function quote(tier: Tier, lines: Line[]): number {
  const cart = new Cart(tier, 0.05);
  for (const l of lines) cart.add(l);
  return cart.total();
}
