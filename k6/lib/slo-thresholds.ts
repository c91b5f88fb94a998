// GENERATED from load/slo.yaml by `make slo` (scripts/load/slo.sh): do not edit.
import type { GeneratedThresholds } from './slo-types.ts';

export const SLO_THRESHOLDS: GeneratedThresholds = {
  generatedFrom: 'load/slo.yaml',
  routes: {
    'GET /v1/products': 'catalog-reads',
    'GET /v1/products/:productId': 'catalog-reads',
    'GET /v1/products/by-sku/:sku': 'catalog-reads',
    'POST /v1/orders': 'place-order',
    'GET /v1/orders/:orderId': 'order-status',
    'POST /v1/auth/login': 'login',
  },
  thresholds: {
    'http_req_duration{slo:catalog-reads}': ['p(99)<100', 'p(95)<50'],
    'http_req_duration{slo:place-order}': ['p(99)<200', 'p(95)<100'],
    'http_req_duration{slo:order-status}': ['p(99)<100'],
    'http_req_duration{slo:login}': ['p(99)<500'],
    saga_duration: ['p(99)<2000', 'p(95)<1000'],
    http_req_server_errors: ['rate<0.001'],
  },
  objectives: [
    {
      sloId: 'catalog-reads',
      objectiveId: 'p99-100ms',
      title: 'p99 < 100 ms',
      metric: 'http_req_duration{slo:catalog-reads}',
      expression: 'p(99)<100',
    },
    {
      sloId: 'catalog-reads',
      objectiveId: 'p95-50ms',
      title: 'p95 < 50 ms',
      metric: 'http_req_duration{slo:catalog-reads}',
      expression: 'p(95)<50',
    },
    {
      sloId: 'place-order',
      objectiveId: 'p99-200ms',
      title: 'p99 < 200 ms',
      metric: 'http_req_duration{slo:place-order}',
      expression: 'p(99)<200',
    },
    {
      sloId: 'place-order',
      objectiveId: 'p95-100ms',
      title: 'p95 < 100 ms',
      metric: 'http_req_duration{slo:place-order}',
      expression: 'p(95)<100',
    },
    {
      sloId: 'order-status',
      objectiveId: 'p99-100ms',
      title: 'p99 < 100 ms',
      metric: 'http_req_duration{slo:order-status}',
      expression: 'p(99)<100',
    },
    {
      sloId: 'login',
      objectiveId: 'p99-500ms',
      title: 'p99 < 500 ms',
      metric: 'http_req_duration{slo:login}',
      expression: 'p(99)<500',
    },
    {
      sloId: 'saga-completion',
      objectiveId: 'p99-2000ms',
      title: 'p99 < 2000 ms',
      metric: 'saga_duration',
      expression: 'p(99)<2000',
    },
    {
      sloId: 'saga-completion',
      objectiveId: 'p95-1000ms',
      title: 'p95 < 1000 ms',
      metric: 'saga_duration',
      expression: 'p(95)<1000',
    },
    {
      sloId: 'availability',
      objectiveId: 'errors-0.1pct',
      title: 'server errors < 0.1 %',
      metric: 'http_req_server_errors',
      expression: 'rate<0.001',
    },
  ],
};
