package rating

import "time"

// Day is a calendar date, as a count of days since 1 January 1970. It
// holds a publication date in 4 bytes instead of time.Time's 24: a
// location has up to 42 rating cells, and a national build 100,000
// locations. The zero Day means "no date".
type Day int32

const secondsPerDay = 24 * 60 * 60

// DayOf is the calendar date of t (in t's own location). The zero time
// gives the zero Day.
func DayOf(t time.Time) Day {
	if t.IsZero() {
		return 0
	}
	y, m, d := t.Date()
	return Day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / secondsPerDay)
}

// Time is the day at midnight UTC, or the zero time for the zero Day.
func (d Day) Time() time.Time {
	if d == 0 {
		return time.Time{}
	}
	return time.Unix(int64(d)*secondsPerDay, 0).UTC()
}

// IsZero reports whether no date is set.
func (d Day) IsZero() bool { return d == 0 }

// Format formats the day with a time layout.
func (d Day) Format(layout string) string { return d.Time().Format(layout) }

// String is the ISO date, e.g. "2024-03-14", or "" for no date.
func (d Day) String() string {
	if d == 0 {
		return ""
	}
	return d.Format("2006-01-02")
}

// MarshalText writes the ISO date.
func (d Day) MarshalText() ([]byte, error) { return []byte(d.String()), nil }
