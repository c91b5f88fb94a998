// compose-check validates a Compose file with no container engine, the way
// `docker compose config` does:
//
//  1. the raw YAML against the Compose Specification JSON schema (the copy
//     embedded in compose-go, the library docker compose itself uses), so an
//     unknown or misspelled key is an error, not a silently ignored line;
//  2. the full load with every profile active (interpolation, normalization,
//     consistency checks such as depends_on naming a defined service and a
//     healthcheck existing for `condition: service_healthy`);
//  3. every bind-mounted host path exists (the engine would otherwise create an
//     empty directory and the container would start with no configuration).
//
// Usage: compose-check [-print] [-project-dir dir] docker-compose.yml
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/schema"
	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v4"
)

func main() {
	printProject := flag.Bool("print", false, "print the normalized project as JSON on success")
	projectDir := flag.String("project-dir", "", "directory relative paths are resolved from (default: the file's directory)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: compose-check [-print] [-project-dir dir] <compose file>")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *projectDir, *printProject); err != nil {
		fmt.Fprintf(os.Stderr, "compose-check: %s: %v\n", flag.Arg(0), err)
		os.Exit(1)
	}
}

func run(file, projectDir string, printProject bool) error {
	raw, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var model map[string]any
	if err := yaml.Unmarshal(raw, &model); err != nil {
		return fmt.Errorf("not valid YAML: %w", err)
	}
	if err := schema.Validate(model); err != nil {
		return fmt.Errorf("compose-spec schema: %w", err)
	}

	if projectDir == "" {
		projectDir = filepath.Dir(file)
	}
	dir, err := filepath.Abs(projectDir)
	if err != nil {
		return err
	}
	options, err := cli.NewProjectOptions([]string{file},
		cli.WithWorkingDirectory(dir),
		// Only the file decides: no .env file and no variables from this shell.
		cli.WithEnv([]string{}),
		cli.WithInterpolation(true),
		cli.WithNormalization(true),
		cli.WithConsistency(true),
		cli.WithResolvedPaths(true),
		// Every profile (`load`: the k6 service): a service outside the default profile is still
		// checked, not dropped before the consistency checks as `docker compose config` would.
		cli.WithProfiles([]string{"*"}),
	)
	if err != nil {
		return err
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	if err := checkBindSources(project); err != nil {
		return err
	}
	if printProject {
		out, err := json.MarshalIndent(project, "", "  ")
		if err != nil {
			return err
		}
		fmt.Println(string(out))
	}
	return nil
}

func checkBindSources(project *types.Project) error {
	for _, service := range project.Services {
		for _, volume := range service.Volumes {
			if volume.Type != types.VolumeTypeBind {
				continue
			}
			if _, err := os.Stat(volume.Source); err != nil {
				return fmt.Errorf("service %q mounts %q which does not exist", service.Name, volume.Source)
			}
		}
	}
	return nil
}
