package importer

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// field is the codes.yaml field a column holds.
type field int

const (
	fieldOther field = iota
	fieldHTTP
	fieldCode
	fieldMessage
	fieldDescription
	fieldResolution
)

// columnNames maps a header, lower-cased, to its field. Longer names win
// when a header runs several together ("Status CodeDescription").
var columnNames = map[string]field{
	"http status code": fieldHTTP, "http status": fieldHTTP, "http code": fieldHTTP, "http": fieldHTTP,
	"status code": fieldHTTP, "status": fieldHTTP,
	"response code": fieldCode, "error code": fieldCode, "result code": fieldCode, "reason code": fieldCode,
	"code":             fieldCode,
	"response message": fieldMessage, "error message": fieldMessage, "message": fieldMessage,
	"error": fieldMessage, "text": fieldMessage,
	"description": fieldDescription, "meaning": fieldDescription, "details": fieldDescription,
	"explanation": fieldDescription, "reason": fieldDescription,
	"resolution": fieldResolution, "action": fieldResolution, "solution": fieldResolution,
	"what to do": fieldResolution, "recommended action": fieldResolution,
}

// columnField returns the field of a header cell, and whether it is known.
func columnField(header string) (field, bool) {
	f, ok := columnNames[strings.ToLower(strings.Join(strings.Fields(header), " "))]
	return f, ok
}

// headerFields returns the fields of a header row's cells, or false when a
// cell is not a known column name or no cell names a key field.
func headerFields(cells []string) ([]field, bool) {
	var out []field
	key := false
	for _, c := range cells {
		f, ok := columnField(c)
		if !ok {
			return nil, false
		}
		key = key || f == fieldCode || f == fieldHTTP || f == fieldMessage
		out = append(out, f)
	}
	return out, key && len(out) >= 2
}

// splitHeader splits a header whose column names run together, such as
// "CodeMessageDescriptionResolution", into the names as written.
func splitHeader(s string) ([]string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, true
	}
	names := make([]string, 0, len(columnNames))
	for n := range columnNames {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		return len(names[i]) > len(names[j]) || len(names[i]) == len(names[j]) && names[i] < names[j]
	})
	for _, n := range names {
		if len(s) < len(n) || !strings.EqualFold(strings.Join(strings.Fields(s[:len(n)]), " "), n) {
			continue
		}
		if rest, ok := splitHeader(s[len(n):]); ok {
			return append([]string{s[:len(n)]}, rest...), true
		}
	}
	return nil, false
}

var (
	httpStatus = regexp.MustCompile(`^[1-5][0-9][0-9]$`)
	codeToken  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.\-]*$`)
	numeric    = regexp.MustCompile(`^[0-9]+$`)
)

// assign fills r's fields from cells, each cell taken by its column's field
// unless its value cannot be that field: a value in an HTTP column that is
// no HTTP status is a code (or the message when it is text), text in a
// code column is the message. Documents shift their columns (Clickatell's
// "2010 | Insufficient funds | |"); each such move is noted.
func assign(r *Row, cols []field, names []string, cells []string) {
	for i, text := range cells {
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		f, name := fieldOther, "column "+strconv.Itoa(i+1)
		if i < len(cols) {
			f, name = cols[i], names[i]
		}
		place(r, f, name, text)
	}
}

func place(r *Row, f field, column, text string) {
	switch f {
	case fieldHTTP:
		switch {
		case httpStatus.MatchString(text) && r.HTTP == "":
			r.HTTP = text
		case codeToken.MatchString(text) && r.Code == "":
			r.Code = text // a row shifted left: the code in the first column
			r.codeFrom = column
		default:
			placeText(r, column, text)
		}
	case fieldCode:
		switch {
		case codeToken.MatchString(text) && r.Code == "":
			r.Code = text
		case r.Code == text && r.codeFrom != "":
			r.Notes = append(r.Notes, "the "+r.codeFrom+" column holds "+text+" as well as the "+column+
				" column: "+text+" is not an HTTP status, so it is taken as the code and the status is left unset")
		default:
			placeText(r, column, text)
		}
	case fieldMessage, fieldOther:
		placeText(r, column, text)
		if f == fieldOther {
			r.Notes = append(r.Notes, "the column "+strconv.Quote(column)+" is not a codes.yaml field: its text was taken as "+lastFilled(r))
		}
	case fieldDescription:
		if r.Description == "" {
			r.Description = text
		} else {
			placeText(r, column, text)
		}
	case fieldResolution:
		if r.Resolution == "" {
			r.Resolution = text
		} else {
			placeText(r, column, text)
		}
	}
}

// placeText puts text in the first free text field.
func placeText(r *Row, column, text string) {
	for _, p := range []*string{&r.Message, &r.Description, &r.Resolution} {
		if *p == "" {
			*p = text
			return
		}
	}
	r.Notes = append(r.Notes, "the "+column+" column's text "+strconv.Quote(text)+" had no free field: add it where it belongs")
}

func lastFilled(r *Row) string {
	switch {
	case r.Resolution != "":
		return "the resolution"
	case r.Description != "":
		return "the description"
	}
	return "the message"
}
