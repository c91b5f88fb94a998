import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { AppError } from '../errors/app-error';
import type { ServiceLifecycle } from '../lifecycle/service-lifecycle';
import { normalizeDeadline } from './deadline';
import { runWithDeadline } from './deadline-context';

interface DeadlineAwareCall {
  getDeadline?: () => Date | number;
}

/**
 * Server side of deadlines: reads the incoming call's deadline
 * (`grpc-timeout`), refuses work whose deadline has already passed, and runs
 * the handler with that deadline in async context so every outgoing call made
 * while serving it gets a smaller budget. Calls arriving once shutdown
 * stops accepting work get UNAVAILABLE, which clients may retry elsewhere.
 */
export class GrpcAdmissionInterceptor implements NestInterceptor {
  constructor(
    private readonly lifecycle: ServiceLifecycle,
    private readonly now: () => number = Date.now,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    if (!this.lifecycle.isAcceptingWork) {
      return throwError(() =>
        AppError.unavailable('SERVICE.SHUTTING_DOWN', 'the service is shutting down; retry'),
      );
    }
    const call = context.getArgByIndex<DeadlineAwareCall | undefined>(2);
    const deadline = normalizeDeadline(call?.getDeadline?.());
    if (deadline !== undefined && deadline <= this.now()) {
      return throwError(() =>
        AppError.deadlineExceeded('RPC.DEADLINE_EXCEEDED', 'the deadline passed before the call was handled'),
      );
    }
    // Created AND subscribed inside the deadline context, so the handler and
    // everything it awaits see it, whatever scheduling the framework uses.
    return new Observable((subscriber) =>
      runWithDeadline(deadline, () => next.handle().subscribe(subscriber)),
    );
  }
}
