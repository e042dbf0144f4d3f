// Package corpus checks the OpenAPI client generator against the real-world
// specs of the shared corpus: it generates a client for each spec into a
// module of its own, runs go build and go vet there, and tabulates
// generation time, generated lines, warnings and the outcome. The command
// bench/corpus and the test TestCorpus of package oapi both use it.
//
// The corpus is read where it lies (by default ../shared/corpus/openapi
// beside the repository root) and never copied into the repository.
package corpus

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ModulePath is the module path of this repository.
const ModulePath = "github.com/codebookgen/codebook"

// SmallLimit is the size, in bytes, up to which a spec counts as small:
// the default run (and CI) checks the small specs, -all checks every one.
const SmallLimit = 130 << 10

// DefaultDir is where the corpus lies, relative to the repository root.
const DefaultDir = "../shared/corpus/openapi"

// Spec is one spec file of the corpus.
type Spec struct {
	Name string // file name without extension: "api.github.com", "petstore"
	Path string // absolute path
	Size int64  // bytes
}

// Small reports whether the spec is at most SmallLimit bytes.
func (s Spec) Small() bool { return s.Size <= SmallLimit }

// RepoRoot returns the root of this repository: the first directory, from
// the working directory up, whose go.mod declares ModulePath.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if declaresModule(filepath.Join(dir, "go.mod")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod of module %s in the working directory or above", ModulePath)
		}
		dir = parent
	}
}

// declaresModule reports whether the go.mod file at path declares ModulePath.
func declaresModule(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) == 2 && fields[0] == "module" {
			return strings.Trim(fields[1], `"`) == ModulePath
		}
	}
	return false
}

// ResolveDir returns the absolute corpus directory: dir as given when it
// is set (relative to the working directory), else DefaultDir relative to
// the repository root.
func ResolveDir(dir, root string) (string, error) {
	if dir == "" {
		dir = filepath.Join(root, DefaultDir)
	}
	return filepath.Abs(dir)
}

// List returns the .json, .yaml and .yml files of dir, sorted by name.
func List(dir string) ([]Spec, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []Spec
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if e.IsDir() || (ext != ".json" && ext != ".yaml" && ext != ".yml") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return nil, err
		}
		out = append(out, Spec{Name: strings.TrimSuffix(e.Name(), ext), Path: filepath.Join(dir, e.Name()), Size: info.Size()})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s holds no .json, .yaml or .yml spec", dir)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Select picks specs: those named in only (by name or file name) when only
// is not empty, else every spec when all is true, else the small ones.
func Select(specs []Spec, all bool, only []string) ([]Spec, error) {
	if len(only) == 0 {
		var out []Spec
		for _, s := range specs {
			if all || s.Small() {
				out = append(out, s)
			}
		}
		return out, nil
	}
	var out []Spec
	var missing []string
	for _, name := range only {
		i := indexOf(specs, name)
		if i < 0 {
			missing = append(missing, name)
			continue
		}
		out = append(out, specs[i])
	}
	if len(missing) > 0 {
		return nil, errors.New("no spec named " + strings.Join(missing, ", "))
	}
	return out, nil
}

// indexOf finds a spec by name or file name, -1 when there is none.
func indexOf(specs []Spec, name string) int {
	for i, s := range specs {
		if s.Name == name || filepath.Base(s.Path) == name {
			return i
		}
	}
	return -1
}
