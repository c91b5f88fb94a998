import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { JwksCache } from './jwks-cache';

/**
 * Fetches the keys once at start-up, without holding the start-up on it: the
 * user service may start later, and the first request retries anyway.
 */
@Injectable()
export class JwksWarmUp implements OnApplicationBootstrap {
  constructor(private readonly keys: JwksCache) {}

  onApplicationBootstrap(): void {
    void this.keys.warmUp();
  }
}
