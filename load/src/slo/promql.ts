import { parser } from '@prometheus-io/lezer-promql';

/**
 * Parses PromQL with Prometheus' own grammar (lezer-promql, what the Prometheus UI uses): whether
 * it has syntax errors, the metric names of its selectors and its label matchers. The SLO tests
 * check every generated query with it (promtool is not needed).
 */
export function promql(expr: string): { errors: boolean; metrics: string[]; matchers: string[] } {
  const tree = parser.parse(expr);
  let errors = false;
  const metrics: string[] = [];
  const matchers: string[] = [];
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) errors = true;
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector')
        metrics.push(expr.slice(node.from, node.to));
      if (node.name === 'UnquotedLabelMatcher') matchers.push(expr.slice(node.from, node.to));
    },
  });
  return { errors, metrics, matchers };
}
