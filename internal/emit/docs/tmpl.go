package docs

import (
	"bytes"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"slices"
	"strings"
	texttemplate "text/template"

	"github.com/codebookgen/codebook/templates"
)

// Template file names, as in package templates.
const (
	indexTemplate    = "index.md.tmpl"
	providerTemplate = "provider.md.tmpl"
	htmlTemplate     = "codes.html.tmpl"
)

// templateSet holds the parsed templates. Each runs with no functions beyond
// the builtins: the values are computed before they run.
type templateSet struct {
	text map[string]*texttemplate.Template
	html *htmltemplate.Template
	from map[string]string // file name → "custom template x" or "built-in template x"
}

// loadTemplates reads and parses every template, each from override when
// it has a file of that name, else from the embedded ones. A file of
// override that ends in .tmpl but is no template the generator runs is an
// error, since it is most likely a misspelt name that would be ignored.
func loadTemplates(override fs.FS) (templateSet, error) {
	set := templateSet{text: map[string]*texttemplate.Template{}, from: map[string]string{}}
	if err := checkOverride(override); err != nil {
		return set, err
	}
	for _, name := range templates.Names() {
		src, from, err := readTemplate(override, name)
		if err != nil {
			return set, err
		}
		set.from[name] = from
		if name == htmlTemplate {
			set.html, err = htmltemplate.New(name).Option("missingkey=error").Parse(src)
		} else {
			set.text[name], err = texttemplate.New(name).Option("missingkey=error").Parse(src)
		}
		if err != nil {
			return set, fmt.Errorf("docs: %s: %w", from, err)
		}
	}
	return set, nil
}

func checkOverride(override fs.FS) error {
	if override == nil {
		return nil
	}
	found, err := fs.Glob(override, "*.tmpl")
	if err != nil {
		return fmt.Errorf("docs: reading the custom templates: %w", err)
	}
	for _, name := range found {
		if !slices.Contains(templates.Names(), name) {
			return fmt.Errorf("docs: custom template %s is not one the generator runs (%s)",
				name, strings.Join(templates.Names(), ", "))
		}
	}
	return nil
}

func readTemplate(override fs.FS, name string) (src, from string, err error) {
	if override != nil {
		data, err := fs.ReadFile(override, name)
		switch {
		case err == nil:
			return string(data), "custom template " + name, nil
		case !errors.Is(err, fs.ErrNotExist):
			return "", "", fmt.Errorf("docs: reading custom template %s: %w", name, err)
		}
	}
	data, err := fs.ReadFile(templates.FS(), name)
	if err != nil {
		return "", "", fmt.Errorf("docs: built-in template %s: %w", name, err)
	}
	return string(data), "built-in template " + name, nil
}

// runText runs a Markdown template.
func (s templateSet) runText(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := s.text[name].Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("docs: %s: %w", s.from[name], err)
	}
	return buf.Bytes(), nil
}

// runHTML runs the HTML template.
func (s templateSet) runHTML(data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := s.html.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("docs: %s: %w", s.from[htmlTemplate], err)
	}
	return buf.Bytes(), nil
}
