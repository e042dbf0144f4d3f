// Package validate checks a loaded codes file and builds the model from it.
// It collects every problem, each with its file:line:col, and returns a
// model only when there are none. Checking a reference and resolving it are
// the same work, so the model is built in the same pass.
package validate

import (
	"regexp"

	"github.com/codebookgen/codebook/internal/diag"
	"github.com/codebookgen/codebook/internal/load"
	"github.com/codebookgen/codebook/internal/model"
	"github.com/codebookgen/codebook/internal/naming"
)

// Format is the only format this generator reads.
const Format = "codebook/v1"

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Spec checks f and returns its model, or a *diag.Error listing every problem.
func Spec(f *load.File) (*model.Spec, error) {
	c := &checker{}
	spec := &model.Spec{Path: f.Path}
	if f.Format.Value != Format {
		c.addf(f.Format.Pos, f.Pos, "format must be %q, found %q", Format, f.Format.Value)
	}
	if len(f.Providers) == 0 {
		c.problems.Addf(f.Pos, "no providers: add a `providers:` list with at least one provider")
	}
	ids := map[string]bool{}
	for i := range f.Providers {
		lp := &f.Providers[i]
		if p := c.provider(lp); p != nil {
			if ids[p.ID] {
				c.problems.Addf(lp.ID.Pos, "provider id %q is used twice", p.ID)
			}
			ids[p.ID] = true
			spec.Providers = append(spec.Providers, p)
		}
	}
	if err := c.problems.Err(); err != nil {
		return nil, err
	}
	return spec, nil
}

type checker struct {
	problems diag.List
}

// addf reports a problem at pos, or at fallback when the value was absent.
func (c *checker) addf(pos, fallback diag.Pos, format string, args ...any) {
	if pos.Line == 0 {
		pos = fallback
	}
	c.problems.Addf(pos, format, args...)
}

// required reports a missing or empty value.
func (c *checker) required(s load.Str, at diag.Pos, what string) bool {
	if !s.Set || s.Value == "" {
		c.addf(s.Pos, at, "%s is required", what)
		return false
	}
	return true
}

// id checks an identifier-like id such as a provider or table id.
func (c *checker) id(s load.Str, at diag.Pos, what string) bool {
	if !c.required(s, at, what) {
		return false
	}
	if !idPattern.MatchString(s.Value) {
		c.problems.Addf(s.Pos, "%s %q must be lower_snake_case: a letter, then letters, digits and _", what, s.Value)
		return false
	}
	if naming.Exported(s.Value) == "" {
		c.problems.Addf(s.Pos, "%s %q gives no Go name", what, s.Value)
		return false
	}
	return true
}
