package ratings

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"ratingsite/internal/cqc"
	"ratingsite/internal/diag"
)

// Extensions are the file types ReadFile reads, in ratings/*.EXT.
var Extensions = []string{".csv", ".ods", ".xlsx"}

// ReadFile reads one Latest ratings file by its extension: .csv, .ods or
// .xlsx. path is also the name used in messages.
func ReadFile(path string, opt Options, problems *diag.List) []*cqc.Location {
	f, err := os.Open(path)
	if err != nil {
		problems.Errorf(path, 0, "", "", "cannot read: %v", err)
		return nil
	}
	defer f.Close()
	switch strings.ToLower(filepath.Ext(path)) {
	case ".ods":
		st, err := f.Stat()
		if err != nil {
			problems.Errorf(path, 0, "", "", "cannot read: %v", err)
			return nil
		}
		return ReadODS(f, st.Size(), path, opt, problems)
	case ".xlsx":
		return ReadXLSX(f, path, opt, problems)
	}
	return ReadCSV(f, path, opt, problems)
}

var (
	monthISO = regexp.MustCompile(`(?:^|[^0-9])((?:19|20|21)[0-9]{2})-(0[1-9]|1[0-2])(?:[^0-9]|$)`)
	// CQC's own names: 01_September_2026_Latest_ratings.ods.
	monthCQC = regexp.MustCompile(`(?i)(?:^|[^0-9])(?:[0-3]?[0-9][_ -])?(january|february|march|april|may|june|july|august|september|october|november|december)[_ -]((?:19|20|21)[0-9]{2})(?:[^0-9]|$)`)
)

// FileMonth reads the month a file is for from its name: YYYY-MM
// (latest-ratings-2026-09.csv) or CQC's DD_Month_YYYY
// (01_September_2026_Latest_ratings.ods).
func FileMonth(path string) (time.Time, bool) {
	base := filepath.Base(path)
	if m := monthISO.FindStringSubmatch(base); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		return time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, time.UTC), true
	}
	if m := monthCQC.FindStringSubmatch(base); m != nil {
		t, err := time.Parse("January 2006", strings.ToUpper(m[1][:1])+strings.ToLower(m[1][1:])+" "+m[2])
		if err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
