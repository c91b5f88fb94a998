import { characterCount, err, FieldError, Money, ok, Result } from '@shop/shared-kernel';
import { InventoryErrors } from './inventory-errors';

/** Upper-case letters, digits, `.`, `_`, `-`; starts with a letter or digit. Normalised to upper case. */
export const SKU_PATTERN = /^[A-Z0-9][A-Z0-9._-]{0,63}$/;
export const PRODUCT_NAME_MAX_LENGTH = 200;
export const PRODUCT_DESCRIPTION_MAX_LENGTH = 2_000;
/** 10 million units of a two-decimal currency: a catalog bound, far inside the safe-integer range. */
export const PRICE_MAX_MINOR = 1_000_000_000;

export interface ProductSnapshot {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly description: string;
  readonly priceMinor: number;
  readonly currency: string;
  readonly active: boolean;
  /** Incremented by every change; lets caches and clients tell two states apart. */
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface NewProductInput {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly description?: string;
  readonly priceMinor: number;
  readonly currency: string;
  readonly active?: boolean;
  readonly now: Date;
}

/** Fields an admin may change. The sku is the product's identity for people and never changes. */
export interface ProductPatch {
  readonly name?: string;
  readonly description?: string;
  readonly priceMinor?: number;
  readonly currency?: string;
  readonly active?: boolean;
}

export interface ProductUpdate {
  readonly product: Product;
  /** False when the patch left every field as it was: nothing to write, nothing to invalidate. */
  readonly changed: boolean;
  readonly priceChanged: boolean;
}

/** A catalog entry: what it is, what it costs, whether it can be ordered. */
export class Product {
  private constructor(readonly snapshot: ProductSnapshot) {}

  get id(): string {
    return this.snapshot.id;
  }

  get price(): Money {
    return Money.fromTrusted(this.snapshot.priceMinor, this.snapshot.currency);
  }

  static normalizeSku(raw: string): string {
    return raw.trim().toUpperCase();
  }

  /** Validates every field and reports every invalid one at once. */
  static create(input: NewProductInput): Result<Product> {
    const sku = Product.normalizeSku(input.sku);
    const name = input.name.trim();
    const description = (input.description ?? '').trim();
    const problems: FieldError[] = [];
    if (!SKU_PATTERN.test(sku)) {
      problems.push({ field: 'sku', message: 'must be 1-64 letters, digits, ".", "_" or "-"' });
    }
    problems.push(...validateText(name, description));
    problems.push(...validatePrice(input.priceMinor, input.currency));
    if (problems.length > 0) return err(InventoryErrors.invalidInput(problems));
    return ok(
      new Product({
        id: input.id,
        sku,
        name,
        description,
        priceMinor: input.priceMinor,
        currency: input.currency,
        active: input.active ?? true,
        version: 1,
        createdAt: input.now,
        updatedAt: input.now,
      }),
    );
  }

  static fromSnapshot(snapshot: ProductSnapshot): Product {
    return new Product(snapshot);
  }

  /** Applies a partial change; an empty or no-op patch reports `changed: false`. */
  update(patch: ProductPatch, now: Date): Result<ProductUpdate> {
    const current = this.snapshot;
    const next = {
      name: patch.name === undefined ? current.name : patch.name.trim(),
      description: patch.description === undefined ? current.description : patch.description.trim(),
      priceMinor: patch.priceMinor ?? current.priceMinor,
      currency: patch.currency ?? current.currency,
      active: patch.active ?? current.active,
    };
    const problems = [
      ...validateText(next.name, next.description),
      ...validatePrice(next.priceMinor, next.currency),
    ];
    if (problems.length > 0) return err(InventoryErrors.invalidInput(problems));
    const priceChanged = next.priceMinor !== current.priceMinor || next.currency !== current.currency;
    const changed =
      priceChanged ||
      next.name !== current.name ||
      next.description !== current.description ||
      next.active !== current.active;
    if (!changed) return ok({ product: this, changed: false, priceChanged: false });
    const product = new Product({ ...current, ...next, version: current.version + 1, updatedAt: now });
    return ok({ product, changed: true, priceChanged });
  }
}

function validateText(name: string, description: string): FieldError[] {
  const problems: FieldError[] = [];
  if (name.length === 0 || characterCount(name) > PRODUCT_NAME_MAX_LENGTH) {
    problems.push({ field: 'name', message: `must be 1-${PRODUCT_NAME_MAX_LENGTH} characters` });
  }
  if (characterCount(description) > PRODUCT_DESCRIPTION_MAX_LENGTH) {
    problems.push({
      field: 'description',
      message: `must be at most ${PRODUCT_DESCRIPTION_MAX_LENGTH} characters`,
    });
  }
  return problems;
}

function validatePrice(priceMinor: number, currency: string): FieldError[] {
  const money = Money.of(priceMinor, currency, InventoryErrors.invalidInput);
  if (!money.ok) {
    return money.error.fields.map((f) => ({
      field: f.field === 'amountMinor' ? 'priceMinor' : f.field,
      message: f.message,
    }));
  }
  return priceMinor > PRICE_MAX_MINOR
    ? [{ field: 'priceMinor', message: `must be at most ${PRICE_MAX_MINOR}` }]
    : [];
}
