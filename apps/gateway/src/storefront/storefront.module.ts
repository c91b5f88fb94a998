import { Module } from '@nestjs/common';
import { StorefrontStatic } from './storefront-static';

/** The web storefront at `/` (apps/storefront), when STOREFRONT_DIR names its build. */
@Module({ providers: [StorefrontStatic] })
export class StorefrontModule {}
