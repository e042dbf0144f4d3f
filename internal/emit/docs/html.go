package docs

import (
	"cmp"
	"slices"
	"strings"

	"github.com/codebookgen/codebook"
)

// htmlPage is the data of codes.html.tmpl. Its strings are raw spec text:
// html/template escapes each for where it lands (element text, attribute).
type htmlPage struct {
	Source    string
	Total     int
	Providers []option
	Outcomes  []option
	Rows      []htmlRow
}

// option is one choice of a select filter.
type option struct {
	Value string
	Label string
}

// htmlRow is one code: the columns shown, and the data- attributes the
// page's script filters on, lowercased here so the script need not.
type htmlRow struct {
	Anchor       string
	ProviderID   string
	Provider     string
	Table        string
	Code         string
	Label        string // the code, else the row's name: the text of the row's link
	HTTP         string
	Message      string
	Match        []string
	Description  string
	Resolution   string
	Outcome      string
	Retry        string
	Fault        string
	Category     string
	Notes        []string
	FindCode     string // data-code
	FindMessage  string // data-message: the message and its templates
	FindCategory string // data-category: "insufficient_funds insufficient funds"
}

// emitHTML runs the HTML template.
func emitHTML(cat *catalogue, set templateSet, files map[string][]byte) error {
	out, err := set.runHTML(htmlView(cat))
	if err != nil {
		return err
	}
	head := header("<!-- ", cat.Source, " -->") + "\n"
	files[HTMLFile] = append([]byte(head), out...)
	return nil
}

func htmlView(cat *catalogue) htmlPage {
	v := htmlPage{Source: cat.Source}
	for _, p := range cat.Providers {
		v.Providers = append(v.Providers, option{Value: p.ID, Label: p.Name})
		for _, t := range p.Tables {
			for _, r := range t.Rows {
				v.Rows = append(v.Rows, htmlRowOf(p, t, r))
			}
		}
	}
	for _, o := range codebook.OutcomeNames() {
		v.Outcomes = append(v.Outcomes, option{Value: o, Label: o})
	}
	v.Total = len(v.Rows)
	return v
}

func htmlRowOf(p *provider, t *table, r *row) htmlRow {
	retry := r.Retry
	if after := retryAfterText(r); after != "" {
		retry += " (" + after + ")"
	}
	return htmlRow{
		Anchor: r.Anchor, ProviderID: p.ID, Provider: p.Name, Table: t.Name,
		Code: deref(r.Code), Label: cmp.Or(deref(r.Code), r.Name), HTTP: httpText(r.HTTP), Message: r.Message, Match: r.Match,
		Description: r.Description, Resolution: r.Resolution, Outcome: r.Outcome, Retry: retry,
		Fault: r.Fault, Category: r.Category, Notes: r.Notes,
		FindCode:     strings.ToLower(deref(r.Code)),
		FindMessage:  strings.ToLower(strings.Join(append([]string{r.Message}, r.Match...), "\n")),
		FindCategory: findCategory(r.Category),
	}
}

// findCategory is what a search for a category matches: its name as
// written and, when it has underscores, with spaces: "insufficient_funds
// insufficient funds".
func findCategory(c string) string {
	if spaced := strings.ReplaceAll(c, "_", " "); spaced != c {
		return c + " " + spaced
	}
	return c
}

// sortCategories orders category names as codebook declares them.
func sortCategories(names []string) []string {
	all := codebook.CategoryNames()
	out := slices.Clone(names)
	slices.SortStableFunc(out, func(a, b string) int {
		return slices.Index(all, a) - slices.Index(all, b)
	})
	return out
}
