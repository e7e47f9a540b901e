package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"ratingsite/internal/sample"
)

// cmdSample writes invented sample data in CQC's formats: the Latest
// ratings CSV, postcodes.csv and API documents.
func cmdSample(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sample", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 300, "number of GP practices `N`")
	out := fs.String("out", "./data", "`DIR` to write ratings/latest-ratings-YYYY-MM.csv, postcodes.csv and api/*.json to")
	seed := fs.Int64("seed", 1, "random seed `N`: the same seed gives the same files")
	month := fs.String("month", "2026-10", "data `YYYY-MM`: publication dates fall before its end")
	api := fs.Int("api", 12, "number of API documents `N` for practices in the CSV (two more are written: a closed practice and a dentist)")
	newerAPI := fs.Bool("api-newer", false, "give every other API document a rating published in the month after -month, as when documents are fetched after the ratings file (the build then warns for each)")
	months := fs.Int("months", 1, "number of monthly ratings files `N`, the newest for -month; earlier months show earlier ratings and a few practices that closed since (the repository's sample has 3)")
	format := fs.String("format", "csv", "`FORMAT` of the ratings files: csv, ods or xlsx (a Locations sheet, as CQC publishes it)")
	bomCRLF := fs.Bool("bom-crlf", true, "write the CSV with a UTF-8 BOM and CRLF line endings, as Excel does")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: ratingsite sample [flags]\n\nWrites invented GP practices in CQC's formats. Flags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "ratingsite sample: "+format+"\n", a...)
		return 2
	}
	if fs.NArg() > 0 {
		return usageErr("unexpected argument %q", fs.Arg(0))
	}
	m, err := time.Parse("2006-01", *month)
	if err != nil {
		return usageErr("-month %q: want YYYY-MM, e.g. 2026-10", *month)
	}
	if *n < 0 || *n > sample.MaxPractices {
		return usageErr("-n %d: want 0 to %d", *n, sample.MaxPractices)
	}
	if *api < 0 {
		return usageErr("-api %d: want 0 or more", *api)
	}
	if *months < 1 || *months > 120 {
		return usageErr("-months %d: want 1 to 120", *months)
	}
	switch *format {
	case "csv", "ods", "xlsx":
	default:
		return usageErr("-format %q: want csv, ods or xlsx", *format)
	}
	if *out == "" {
		return usageErr("-out is empty")
	}

	opt := sample.Options{Practices: *n, Seed: *seed, Month: m, BOMCRLF: *bomCRLF, Months: *months, Format: *format, NewerAPI: *newerAPI}
	start := time.Now()
	s, err := sample.WriteDir(*out, opt, *api)
	if err != nil {
		fmt.Fprintf(stderr, "ratingsite sample: %v\n", err)
		return 1
	}
	// Documents from an earlier run with other options are left alone, but
	// a build would read them with these.
	if stale := jsonFiles(s.APIDir) - s.APIDocs; stale > 0 {
		fmt.Fprintf(stderr, "ratingsite sample: warning: %s in %s not written by this run were left as they were\n", plural(stale, "other .json file"), s.APIDir)
	}
	fmt.Fprintf(stdout, "Wrote %s and %s (%s) to %s, %s to %s, %s to %s: %s in %s\n",
		plural(s.Practices, "GP practice"), plural(s.Others, "other location"), plural(s.Rows, "row"), s.RatingsFile,
		plural(s.Postcodes, "postcode"), s.PostcodesFile,
		plural(s.APIDocs, "API document"), s.APIDir,
		size(s.Bytes), time.Since(start).Round(time.Millisecond))
	if len(s.EarlierFiles) > 0 {
		fmt.Fprintf(stdout, "Earlier months: %s (with %s that closed since); %s in %s\n",
			strings.Join(s.EarlierFiles, ", "), plural(s.Closed, "practice"), plural(s.EnforcementRows, "enforcement action"), s.EnforcementFile)
	}
	return 0
}

// jsonFiles counts the .json files in dir.
func jsonFiles(dir string) int {
	n := 0
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !e.IsDir() && filepath.Ext(e.Name()) == ".json" {
			n++
		}
	}
	return n
}
