package apiclient

import (
	"fmt"
	"time"
)

// Date is a civil date, a day in no time zone: the OpenAPI string format "date" (RFC 3339
// full-date, "2006-01-02" in JSON). Only days that exist encode or decode: 2026-02-30 is refused.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, day := t.Date()
	return Date{Year: y, Month: m, Day: day}
}

// ParseDate parses s in the form 2006-01-02; a day that does not exist is refused.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD, a day that exists", s)
	}
	return DateOf(t), nil
}

// String returns the date in the form 2006-01-02.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// IsValid reports whether the date is a day that exists, in the years 0 to 9999.
func (d Date) IsValid() bool {
	return d.Year >= 0 && d.Year <= 9999 && DateOf(d.In(time.UTC)) == d
}

// In returns the start of the date in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// MarshalText returns the date in the form 2006-01-02; a day that does not exist (the zero Date
// among them) is an error, never sent.
func (d Date) MarshalText() ([]byte, error) {
	if !d.IsValid() {
		return nil, fmt.Errorf("date %s does not exist: build it with DateOf or ParseDate", d)
	}
	return []byte(d.String()), nil
}

// UnmarshalText parses a date in the form 2006-01-02.
func (d *Date) UnmarshalText(text []byte) error {
	v, err := ParseDate(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
