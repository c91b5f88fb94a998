import { Inject, Injectable } from '@nestjs/common';
import { ProductSnapshot } from '@shop/inventory-domain';
import {
  APP_CONFIG,
  CacheAside,
  CacheMetrics,
  LOGGER,
  REDIS,
  type CacheCodec,
  type Logger,
} from '@shop/platform';
import type { Redis } from 'ioredis';
import type { InventoryConfig } from '../inventory.config';
import { ProductRepository } from '../persistence/product.repository';

// Versioned prefixes: a change of the cached shape gets new keys instead of
// misreading old entries.
const PRODUCT_PREFIX = 'inventory:v1:product';
const SKU_PREFIX = 'inventory:v1:sku';

/** JSON with ISO dates; refuses anything that is not a v1 product. */
export const productCodec: CacheCodec<ProductSnapshot> = {
  encode: (product) => JSON.stringify({ v: 1, ...product }),
  decode: (raw) => {
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    if (parsed['v'] !== 1 || typeof parsed['id'] !== 'string' || typeof parsed['priceMinor'] !== 'number') {
      throw new Error('not a v1 product entry');
    }
    const { v: _version, ...fields } = parsed;
    return {
      ...(fields as unknown as ProductSnapshot),
      createdAt: new Date(String(parsed['createdAt'])),
      updatedAt: new Date(String(parsed['updatedAt'])),
    };
  },
};

/** Every cache key a product may occupy: for writers outside the service process (the seed). */
export const productCacheKeys = (product: { id: string; sku: string }): string[] =>
  [CacheAside.key(PRODUCT_PREFIX, product.id), CacheAside.key(SKU_PREFIX, product.sku)].flatMap((key) => [
    key,
    CacheAside.leaseKey(key),
  ]);

const idCodec: CacheCodec<string> = {
  encode: (id) => id,
  decode: (raw) => raw,
};

/**
 * The product read path: GetProduct by id, and sku -> id for
 * GetProductBySku (the sku never changes, so that mapping only needs its
 * negative entry dropped when a product is created). Lists and order pricing
 * read the database: a list cannot be invalidated per product, and an order
 * must be priced from the committed price.
 */
@Injectable()
export class ProductCache {
  private readonly products: CacheAside<ProductSnapshot>;
  private readonly skus: CacheAside<string>;

  constructor(
    @Inject(REDIS) redis: Redis,
    private readonly repository: ProductRepository,
    @Inject(APP_CONFIG)
    config: Pick<InventoryConfig, 'PRODUCT_CACHE_TTL_SECONDS' | 'PRODUCT_CACHE_NEGATIVE_TTL_SECONDS'>,
    @Inject(LOGGER) logger: Logger,
  ) {
    const options = {
      ttlMs: config.PRODUCT_CACHE_TTL_SECONDS * 1000, // the variables are in seconds, the cache in ms
      negativeTtlMs: config.PRODUCT_CACHE_NEGATIVE_TTL_SECONDS * 1000,
      jitterRatio: 0.2,
    };
    const log = logger.child({ component: 'product-cache' });
    this.products = new CacheAside(redis, productCodec, new CacheMetrics('product_cache'), log, options);
    this.skus = new CacheAside(redis, idCodec, new CacheMetrics('product_sku_cache'), log, options);
  }

  getById(id: string): Promise<ProductSnapshot | null> {
    return this.products.get(CacheAside.key(PRODUCT_PREFIX, id), () => this.repository.findById(id));
  }

  async getBySku(sku: string): Promise<ProductSnapshot | null> {
    const id = await this.skus.get(CacheAside.key(SKU_PREFIX, sku), () => this.repository.findIdBySku(sku));
    return id === null ? null : this.getById(id);
  }

  /** After the commit of a create or update (never before it). */
  async invalidate(product: { id: string; sku: string }): Promise<void> {
    await Promise.all([
      this.products.invalidate(CacheAside.key(PRODUCT_PREFIX, product.id)),
      this.skus.invalidate(CacheAside.key(SKU_PREFIX, product.sku)),
    ]);
  }
}
