package write

import (
	"bytes"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
)

// retiredNote is the line that marks a Go file Remove retired.
const retiredNote = "// Retired: codebook no longer generates this file."

// Remove takes out generated files that are no longer produced (see Stale).
//
// Outside go generate it deletes them. Under go generate, which sets $GOFILE
// for the directive it runs, a Go file is retired instead, and deleted by
// the next run: go generate lists every package's files before it runs a
// directive and reads each listed file afterwards, so deleting one would
// stop it with "no such file or directory", and the directives after it
// would not run. A retired file keeps the marker and its package clause, and
// //go:build ignore puts it out of every build, and out of the files go
// generate lists, so that the next run can delete it.
func Remove(paths []string) error {
	underGoGenerate := os.Getenv("GOFILE") != ""
	for _, path := range paths {
		if underGoGenerate && filepath.Ext(path) == ".go" && !isRetired(path) {
			if err := retire(path); err != nil {
				return err
			}
			continue
		}
		if err := os.Remove(path); err != nil {
			return err
		}
	}
	return nil
}

// isRetired reports whether the file at path is one Remove retired. The
// three marks stand in its head, whatever the size of a file not retired.
func isRetired(path string) bool {
	head := fileHead(path)
	return bytes.Contains(head, []byte(Marker)) &&
		bytes.Contains(head, []byte("\n"+retiredNote+"\n")) && bytes.Contains(head, []byte("\n//go:build ignore\n"))
}

// retire replaces the Go file at path with its retired form, in one rename.
func retire(path string) error {
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	tmp, err := writeTemp(path, retired(packageName(old)))
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// retired is the text of a retired Go file of package pkg.
func retired(pkg string) []byte {
	return []byte("// " + Marker + "\n\n//go:build ignore\n\n" + retiredNote + "\n" +
		"// It is out of every build, and the next run of the generator removes it: go generate, which\n" +
		"// ran the generator, had listed it and still reads it.\n\npackage " + pkg + "\n")
}

// packageName is the package a Go source declares, or "retired" when it
// declares none that parses.
func packageName(src []byte) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.PackageClauseOnly)
	if err != nil {
		return "retired"
	}
	return f.Name.Name
}
