package ratings

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"ratingsite/internal/cqc"
	"ratingsite/internal/diag"
)

// Extensions are the file types ReadFS reads, in ratings/*.EXT.
var Extensions = []string{".csv", ".ods", ".xlsx"}

// ReadFS reads one Latest ratings file, name in fsys (a slash-separated
// path), by its extension: .csv, .ods or .xlsx. file is the name used in
// messages, the file as the user knows it ("data/ratings/x.csv").
func ReadFS(fsys fs.FS, name, file string, opt Options, problems *diag.List) []*cqc.Location {
	f, err := fsys.Open(name)
	if err != nil {
		problems.Errorf(file, 0, "", "", "cannot read: %v", diag.Renamed(err, file))
		return nil
	}
	defer f.Close()
	switch strings.ToLower(path.Ext(name)) {
	case ".ods":
		st, err := f.Stat()
		if err != nil {
			problems.Errorf(file, 0, "", "", "cannot read: %v", diag.Renamed(err, file))
			return nil
		}
		if ra, ok := f.(io.ReaderAt); ok {
			return ReadODS(ra, st.Size(), file, opt, problems)
		}
		// A zip archive needs random access: hold the file in memory.
		b, err := io.ReadAll(f)
		if err != nil {
			problems.Errorf(file, 0, "", "", "cannot read: %v", diag.Renamed(err, file))
			return nil
		}
		return ReadODS(bytes.NewReader(b), int64(len(b)), file, opt, problems)
	case ".xlsx":
		return ReadXLSX(f, file, opt, problems)
	}
	return ReadCSV(f, file, opt, problems)
}

// ReadFile reads the Latest ratings file at path on disk, which is also
// the name used in messages (see ReadFS).
func ReadFile(file string, opt Options, problems *diag.List) []*cqc.Location {
	return ReadFS(os.DirFS(filepath.Dir(file)), filepath.Base(file), file, opt, problems)
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
