// schemagen writes strict JSON schemas in kubeconform's layout, offline, from
//
//   - the Kubernetes OpenAPI v2 document (api/openapi-spec/swagger.json of the
//     k8s.io/kubernetes module), one schema per group/version/kind, and
//   - CustomResourceDefinitions (the Istio CRDs of the istio.io/api module),
//     one schema per served version, with metadata checked as a real ObjectMeta.
//
// "Strict" means every object that declares its properties rejects any other
// property (additionalProperties: false), unless Kubernetes itself keeps unknown
// fields there (x-kubernetes-preserve-unknown-fields). kubeconform's -strict
// flag only rejects duplicate keys: rejecting a misspelled field is the
// schema's job, and this is what does it.
//
// Layout: <out>/<group or "v1" for core>/<kind lowercase>_<version>.json, read
// by kubeconform with
//
//	-schema-location '<out>/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json'
//
// Usage: schemagen -swagger swagger.json -crds crds.yaml[,more.yaml] -out dir
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"
)

type object = map[string]any

const definitionsPrefix = "#/definitions/"
const objectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"

func main() {
	swaggerPath := flag.String("swagger", "", "Kubernetes OpenAPI v2 document (swagger.json)")
	crdPaths := flag.String("crds", "", "comma-separated YAML files of CustomResourceDefinitions")
	out := flag.String("out", "", "output directory")
	flag.Parse()
	if *swaggerPath == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: schemagen -swagger swagger.json [-crds a.yaml,b.yaml] -out dir")
		os.Exit(2)
	}
	count, err := run(*swaggerPath, *crdPaths, *out)
	if err != nil {
		fmt.Fprintf(os.Stderr, "schemagen: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("schemagen: wrote %d schemas into %s\n", count, *out)
}

func run(swaggerPath, crdPaths, out string) (int, error) {
	definitions, err := loadDefinitions(swaggerPath)
	if err != nil {
		return 0, err
	}
	count := 0
	names := make([]string, 0, len(definitions))
	for name := range definitions {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		definition := definitions[name].(object)
		for _, gvk := range groupVersionKinds(definition) {
			schema := deepCopy(definition).(object)
			schema["definitions"] = closure(definition, definitions)
			if err := write(out, gvk, schema); err != nil {
				return count, err
			}
			count++
		}
	}
	if crdPaths == "" {
		return count, nil
	}
	for _, path := range strings.Split(crdPaths, ",") {
		n, err := convertCRDs(path, definitions, out)
		count += n
		if err != nil {
			return count, err
		}
	}
	return count, nil
}

// loadDefinitions reads swagger.json and returns its definitions, made strict,
// with the two "string or number" types Kubernetes marks only by format.
func loadDefinitions(path string) (object, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var document struct {
		Definitions object `json:"definitions"`
	}
	if err := json.Unmarshal(raw, &document); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(document.Definitions) == 0 {
		return nil, fmt.Errorf("%s: no definitions", path)
	}
	for name, definition := range document.Definitions {
		document.Definitions[name] = strict(definition)
	}
	document.Definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] = object{
		"oneOf": []any{object{"type": "string"}, object{"type": "integer"}},
	}
	document.Definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"] = object{
		"oneOf": []any{object{"type": "string"}, object{"type": "number"}},
	}
	return document.Definitions, nil
}

type gvk struct{ group, version, kind string }

func groupVersionKinds(definition object) []gvk {
	list, _ := definition["x-kubernetes-group-version-kind"].([]any)
	result := make([]gvk, 0, len(list))
	for _, item := range list {
		entry, _ := item.(object)
		group, _ := entry["group"].(string)
		version, _ := entry["version"].(string)
		kind, _ := entry["kind"].(string)
		if version != "" && kind != "" {
			result = append(result, gvk{group, version, kind})
		}
	}
	return result
}

// closure returns every definition reachable from node through $ref.
func closure(node any, definitions object) object {
	result := object{}
	var visit func(any)
	visit = func(value any) {
		switch typed := value.(type) {
		case object:
			if ref, ok := typed["$ref"].(string); ok && strings.HasPrefix(ref, definitionsPrefix) {
				name := strings.TrimPrefix(ref, definitionsPrefix)
				if _, seen := result[name]; !seen {
					if target, ok := definitions[name]; ok {
						result[name] = target
						visit(target)
					}
				}
			}
			for key, child := range typed {
				if key != "definitions" {
					visit(child)
				}
			}
		case []any:
			for _, child := range typed {
				visit(child)
			}
		}
	}
	visit(node)
	return result
}

// strict closes every object schema that lists its properties, following the
// Kubernetes extensions that change what a field accepts.
func strict(value any) any {
	switch typed := value.(type) {
	case object:
		for key, child := range typed {
			switch key {
			case "properties", "patternProperties", "definitions":
				if children, ok := child.(object); ok {
					for name, schema := range children {
						children[name] = strict(schema)
					}
				}
			case "enum", "default", "example", "x-kubernetes-validations", "required":
				// data, not schemas
			default:
				typed[key] = strict(child)
			}
		}
		if preserve, _ := typed["x-kubernetes-preserve-unknown-fields"].(bool); preserve {
			delete(typed, "additionalProperties")
			return typed
		}
		if intOrString, _ := typed["x-kubernetes-int-or-string"].(bool); intOrString {
			delete(typed, "type")
			delete(typed, "anyOf")
			typed["oneOf"] = []any{object{"type": "string"}, object{"type": "integer"}}
		}
		if nullable, _ := typed["nullable"].(bool); nullable {
			if kind, ok := typed["type"].(string); ok {
				typed["type"] = []any{kind, "null"}
			}
		}
		if _, hasProperties := typed["properties"]; hasProperties {
			if _, set := typed["additionalProperties"]; !set {
				typed["additionalProperties"] = false
			}
		}
		return typed
	case []any:
		for i, child := range typed {
			typed[i] = strict(child)
		}
		return typed
	default:
		return value
	}
}

func convertCRDs(path string, definitions object, out string) (int, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	count := 0
	for _, document := range splitYAML(raw) {
		var crd struct {
			Kind string `json:"kind"`
			Spec struct {
				Group string `json:"group"`
				Names struct {
					Kind string `json:"kind"`
				} `json:"names"`
				Versions []struct {
					Name   string `json:"name"`
					Served bool   `json:"served"`
					Schema struct {
						OpenAPIV3Schema object `json:"openAPIV3Schema"`
					} `json:"schema"`
				} `json:"versions"`
			} `json:"spec"`
		}
		if err := yaml.Unmarshal(document, &crd); err != nil {
			return count, fmt.Errorf("%s: %w", path, err)
		}
		if crd.Kind != "CustomResourceDefinition" {
			continue
		}
		for _, version := range crd.Spec.Versions {
			if !version.Served || version.Schema.OpenAPIV3Schema == nil {
				continue
			}
			schema := strict(deepCopy(version.Schema.OpenAPIV3Schema)).(object)
			properties, _ := schema["properties"].(object)
			if properties == nil {
				properties = object{}
				schema["properties"] = properties
			}
			properties["apiVersion"] = object{"type": "string", "enum": []any{crd.Spec.Group + "/" + version.Name}}
			properties["kind"] = object{"type": "string", "enum": []any{crd.Spec.Names.Kind}}
			properties["metadata"] = object{"$ref": definitionsPrefix + objectMeta}
			schema["additionalProperties"] = false
			schema["definitions"] = closure(properties["metadata"], definitions)
			if err := write(out, gvk{crd.Spec.Group, version.Name, crd.Spec.Names.Kind}, schema); err != nil {
				return count, err
			}
			count++
		}
	}
	if count == 0 {
		return 0, fmt.Errorf("%s: no CustomResourceDefinition with a served schema", path)
	}
	return count, nil
}

func splitYAML(raw []byte) [][]byte {
	var documents [][]byte
	for _, part := range bytes.Split(raw, []byte("\n---")) {
		if len(bytes.TrimSpace(part)) > 0 {
			documents = append(documents, part)
		}
	}
	return documents
}

func write(out string, id gvk, schema object) error {
	group := id.group
	if group == "" {
		group = id.version // kubeconform's {{ .Group }} of "v1" is "v1"
	}
	schema["$schema"] = "http://json-schema.org/draft-04/schema#"
	path := filepath.Join(out, group, strings.ToLower(id.kind)+"_"+id.version+".json")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	var buffer bytes.Buffer
	encoder := json.NewEncoder(&buffer)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(schema); err != nil {
		return err
	}
	return os.WriteFile(path, buffer.Bytes(), 0o644)
}

func deepCopy(value any) any {
	raw, err := json.Marshal(value)
	if err != nil {
		panic(err)
	}
	var copied any
	decoder := json.NewDecoder(bytes.NewReader(raw))
	if err := decoder.Decode(&copied); err != nil && !errors.Is(err, io.EOF) {
		panic(err)
	}
	return copied
}
