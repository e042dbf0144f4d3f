package templates

import (
	htmltemplate "html/template"
	"io/fs"
	"strings"
	"testing"
	texttemplate "text/template"
)

// Every template the generator runs is embedded and parses, and nothing
// else is embedded.
func TestTemplatesParse(t *testing.T) {
	embedded, err := fs.Glob(FS(), "*")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(embedded, " "), "codes.html.tmpl index.md.tmpl provider.md.tmpl"; got != want {
		t.Errorf("embedded files: got %q, want %q", got, want)
	}
	for _, name := range Names() {
		data, err := fs.ReadFile(FS(), name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.HasSuffix(name, ".html.tmpl") {
			_, err = htmltemplate.New(name).Parse(string(data))
		} else {
			_, err = texttemplate.New(name).Parse(string(data))
		}
		if err != nil {
			t.Errorf("%s does not parse: %v", name, err)
		}
	}
}

// The HTML page must work from a file with no network: no URL that leaves
// the page.
func TestHTMLTemplateHasNoURLs(t *testing.T) {
	data, err := fs.ReadFile(FS(), "codes.html.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"http:", "https:", "//", "url(", "@import", "<link"} {
		if strings.Contains(string(data), s) {
			t.Errorf("codes.html.tmpl holds %q", s)
		}
	}
}
