// kind-config-check decodes a kind cluster configuration strictly into kind's own
// v1alpha4 types (as `kind create cluster --config` does), so an unknown or
// misspelled field fails here instead of on a laptop, and checks that every node
// image is pinned by digest.
//
// Usage: kind-config-check deploy/kind/cluster.yaml
package main

import (
	"fmt"
	"os"
	"strings"

	"sigs.k8s.io/kind/pkg/apis/config/v1alpha4"
	"sigs.k8s.io/yaml"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: kind-config-check <cluster.yaml>")
		os.Exit(2)
	}
	if err := check(os.Args[1]); err != nil {
		fmt.Fprintf(os.Stderr, "kind-config-check: %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

func check(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var cluster v1alpha4.Cluster
	if err := yaml.UnmarshalStrict(raw, &cluster); err != nil {
		return err
	}
	if cluster.Kind != "Cluster" || cluster.APIVersion != "kind.x-k8s.io/v1alpha4" {
		return fmt.Errorf("want kind: Cluster, apiVersion: kind.x-k8s.io/v1alpha4, got %q %q", cluster.Kind, cluster.APIVersion)
	}
	if len(cluster.Nodes) == 0 {
		return fmt.Errorf("no nodes")
	}
	for i, node := range cluster.Nodes {
		if !strings.Contains(node.Image, "@sha256:") {
			return fmt.Errorf("nodes[%d].image %q is not pinned by digest", i, node.Image)
		}
	}
	return nil
}
