package validate

import (
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/internal/load"
	"github.com/codebookgen/codebook/internal/model"
)

func (c *checker) code(p *model.Provider, s load.Str) (string, bool) {
	if !s.Set {
		return "", false
	}
	if p.CodeKind == model.CodeInteger {
		c.integerCode(p, s)
		return s.Value, true
	}
	switch {
	case s.Value == "":
		c.problems.Addf(s.Pos, "code is empty: remove the key or write the code")
	case len(s.Value) > 64:
		c.problems.Addf(s.Pos, "code is %d bytes long; codes are at most 64", len(s.Value))
	case p.CodeWidth > 0 && len(s.Value) != p.CodeWidth && isDigits(s.Value):
		c.problems.Addf(s.Pos, "code %q is not %d digits wide as code.width says; quote codes with leading zeros", s.Value, p.CodeWidth)
	}
	return s.Value, true
}

// integerCode checks a code of a provider with integer codes: a decimal
// integer in canonical form, as the runtime reads codes off the wire, so
// that "01" (which no response can carry as code 1) is refused instead of
// quietly becoming 1.
func (c *checker) integerCode(p *model.Provider, s load.Str) {
	n, err := model.ParseIntegerCode(s.Value)
	switch {
	case err != nil:
		c.problems.Addf(s.Pos, "%v (provider %q has code.kind integer)", err, p.ID)
	case strconv.FormatInt(n, 10) != s.Value:
		c.problems.Addf(s.Pos, "code %q is not written as provider %q's integer codes are (code.kind integer): "+
			"write %d, or, if the zeros or sign matter, quote the code and set code.kind: string", s.Value, p.ID, n)
	}
}

func (c *checker) http(s load.Str) int {
	if !s.Set {
		return 0
	}
	n, err := model.ParseHTTP(s.Value)
	if err != nil {
		c.problems.Addf(s.Pos, "%v; a status the docs put in the wrong column belongs in doc_row and note", err)
	}
	return n
}

// templates returns what a body message must fit: the match templates,
// else the message itself.
func (c *checker) templates(lr *load.Row) []model.Template {
	var out []model.Template
	for _, m := range lr.Match {
		tpl, err := model.ParseTemplate(m.Value)
		if err != nil {
			c.problems.Addf(m.Pos, "%v", err)
			continue
		}
		out = append(out, tpl)
	}
	if lr.Message.Set && lr.Message.Value == "" {
		c.problems.Addf(lr.Message.Pos, "message is empty: remove the key or write the message")
	}
	if len(lr.Match) == 0 && lr.Message.Value != "" {
		out = append(out, model.Template{Text: lr.Message.Value, Parts: []string{lr.Message.Value}})
	}
	return out
}

func (c *checker) inferred(lr *load.Row) []string {
	var out []string
	set := map[string]bool{"http": lr.HTTP.Set, "code": lr.Code.Set, "message": lr.Message.Set}
	for _, s := range lr.Inferred {
		isSet, known := set[s.Value]
		switch {
		case !known:
			c.problems.Addf(s.Pos, "inferred lists %q; it may list http, code and message", s.Value)
		case !isSet:
			c.problems.Addf(s.Pos, "inferred lists %q but the row has no %s", s.Value, s.Value)
		case slices.Contains(out, s.Value):
			c.problems.Addf(s.Pos, "inferred lists %q twice", s.Value)
		default:
			out = append(out, s.Value)
		}
	}
	return out
}

// text rejects characters that have no place in documentation and could
// hide what a spec says: control characters other than tab and newline,
// and bidirectional-text controls.
func (c *checker) text(ss ...load.Str) {
	for _, s := range ss {
		if !utf8.ValidString(s.Value) {
			c.problems.Addf(s.Pos, "text is not valid UTF-8")
			continue
		}
		for _, r := range s.Value {
			if isHiddenRune(r) {
				c.problems.Addf(s.Pos, "text holds the invisible character %U; remove it", r)
				break
			}
		}
	}
}

func isHiddenRune(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return r == 0xfeff || unicode.Is(unicode.Co, r)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// class parses and cross-checks the classification of a row.
func (c *checker) class(lr *load.Row) codebook.Class {
	var cl codebook.Class
	var errs []error
	parse := func(s load.Str, what string, f func(string) error) {
		if !s.Set {
			c.problems.Addf(lr.Pos, "row needs %s (every row is classified: outcome, retry, fault, category)", what)
			return
		}
		if err := f(s.Value); err != nil {
			c.problems.Addf(s.Pos, "%v", err)
			errs = append(errs, err)
		}
	}
	parse(lr.Outcome, "outcome", func(v string) (err error) { cl.Outcome, err = codebook.ParseOutcome(v); return })
	parse(lr.Retry, "retry", func(v string) (err error) { cl.Retry, err = codebook.ParseRetry(v); return })
	parse(lr.Fault, "fault", func(v string) (err error) { cl.Fault, err = codebook.ParseFault(v); return })
	parse(lr.Category, "category", func(v string) (err error) { cl.Category, err = codebook.ParseCategory(v); return })
	if len(errs) == 0 && lr.Outcome.Set && lr.Retry.Set {
		if msg := inconsistency(cl); msg != "" {
			c.problems.Addf(lr.Retry.Pos, "%s", msg)
		}
	}
	return cl
}

// retryAfter parses the row's retry_after: required with after_delay,
// allowed with new_reference (the documented wait before the new
// attempt), refused with any other retry.
func (c *checker) retryAfter(lr *load.Row, retry codebook.Retry) (d time.Duration) {
	switch {
	case lr.RetryAfter.Set && retry != codebook.RetryAfterDelay && retry != codebook.RetryNewReference:
		c.problems.Addf(lr.RetryAfter.Pos, "retry_after needs retry: after_delay or new_reference")
	case !lr.RetryAfter.Set && retry == codebook.RetryAfterDelay && lr.Retry.Set:
		c.problems.Addf(lr.Retry.Pos, "retry: after_delay needs retry_after, e.g. retry_after: 1m")
	case lr.RetryAfter.Set:
		var err error
		if d, err = model.ParseRetryAfter(lr.RetryAfter.Value); err != nil {
			c.problems.Addf(lr.RetryAfter.Pos, "%v", err)
		}
	}
	return d
}

// retryFits reports whether cl's retry is one that inconsistency allows
// for its outcome.
func retryFits(cl codebook.Class) bool {
	switch cl.Outcome {
	case codebook.OutcomeSuccess:
		return cl.Retry == codebook.RetryNever
	case codebook.OutcomePending, codebook.OutcomeUncertain:
		return cl.Retry == codebook.RetryReconcile
	case codebook.OutcomeFailed:
		switch cl.Retry {
		case codebook.RetryNever, codebook.RetryBackoff, codebook.RetryAfterDelay, codebook.RetryAfterFix,
			codebook.RetryNewReference:
			return true
		}
	}
	return false
}

// inconsistency explains a classification that would be unsafe: a resend
// of something that may have happened, or a final answer that is not final.
func inconsistency(cl codebook.Class) string {
	if retryFits(cl) {
		return "" // the common case, without building the table below
	}
	want := map[codebook.Outcome][]codebook.Retry{
		codebook.OutcomeSuccess:   {codebook.RetryNever},
		codebook.OutcomePending:   {codebook.RetryReconcile},
		codebook.OutcomeUncertain: {codebook.RetryReconcile},
		codebook.OutcomeFailed: {codebook.RetryNever, codebook.RetryBackoff, codebook.RetryAfterDelay,
			codebook.RetryAfterFix, codebook.RetryNewReference},
	}[cl.Outcome]
	if slices.Contains(want, cl.Retry) {
		return ""
	}
	if cl.Retry == codebook.RetryNewReference {
		return fmt.Sprintf("%s cannot go with retry new_reference, which is for failed rows only: a new "+
			"reference may be used only once the old one is proven final-failed", cl.Outcome.Error())
	}
	return fmt.Sprintf("%s cannot go with retry %s (allowed: %v): a resend must never follow "+
		"an outcome that may have happened", cl.Outcome.Error(), cl.Retry, want)
}
