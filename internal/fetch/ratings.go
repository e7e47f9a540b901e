package fetch

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
)

// DefaultRatingsPage is CQC's "using CQC data" page, which links the
// monthly Latest ratings file.
const DefaultRatingsPage = "https://www.cqc.org.uk/about-us/transparency/using-cqc-data"

// maxRatingsFile bounds the download; CQC's file is about 26 MB.
const maxRatingsFile = 1 << 30

// RatingsOptions configure a download of the Latest ratings file.
type RatingsOptions struct {
	// DataDir is the site's data folder; the file goes to DataDir/ratings.
	DataDir string
	// Page is the page that links the file, DefaultRatingsPage if empty.
	Page      string
	UserAgent string
	Client    *http.Client
	Attempts  int
	Backoff   time.Duration
	MaxWait   time.Duration

	sleep func(context.Context, time.Duration) error // for tests
}

// RatingsResult says what a download did.
type RatingsResult struct {
	// URL is the newest file the page links; File where it is kept.
	URL, File string
	// Month is the month in its name.
	Month time.Time
	// Downloaded is false when File already existed: CQC publishes
	// each month's file under its own name, once.
	Downloaded bool
	Bytes      int64
}

// ratingsName matches CQC's file names, e.g. 01_September_2026_Latest_ratings.ods.
var ratingsName = regexp.MustCompile(`(?i)^(\d{1,2})_([a-z]+)_(\d{4})_latest_ratings\.ods$`)

// Ratings finds the newest *_Latest_ratings.ods linked from the page and
// downloads it into DataDir/ratings, unless a file of that name is
// already there. The file is written through a temporary file, checked to
// be a whole ZIP archive (as every ODS is), and renamed into place.
func Ratings(ctx context.Context, o RatingsOptions) (*RatingsResult, error) {
	if o.Page == "" {
		o.Page = DefaultRatingsPage
	}
	if o.DataDir == "" {
		o.DataDir = "data"
	}
	d := Options{Attempts: o.Attempts, Backoff: o.Backoff, MaxWait: o.MaxWait}.withDefaults()
	c := newClient(o.Client, retryOptions{UserAgent: o.UserAgent, Attempts: d.Attempts, Backoff: d.Backoff, MaxWait: d.MaxWait, sleep: o.sleep})
	page, err := url.Parse(o.Page)
	if err != nil || page.Host == "" {
		return nil, fmt.Errorf("ratings page %q: want an absolute URL", o.Page)
	}
	var links []string
	err = c.get(ctx, page.String(), func(r io.Reader) error {
		links, err = hrefs(io.LimitReader(r, 32<<20))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", page, err)
	}
	res := &RatingsResult{}
	for _, l := range links {
		u, err := page.Parse(strings.TrimSpace(l))
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
			continue
		}
		m := ratingsName.FindStringSubmatch(path.Base(u.Path))
		if m == nil {
			continue
		}
		month, err := time.Parse("2_January_2006", m[1]+"_"+strings.ToUpper(m[2][:1])+strings.ToLower(m[2][1:])+"_"+m[3])
		if err != nil {
			continue
		}
		if res.URL == "" || month.After(res.Month) {
			res.URL, res.Month = u.String(), month
			res.File = path.Base(u.Path)
		}
	}
	if res.URL == "" {
		return nil, fmt.Errorf("%s links no file named like 01_September_2026_Latest_ratings.ods; download CQC's Latest ratings file by hand into %s", page, filepath.Join(o.DataDir, "ratings"))
	}
	dir := filepath.Join(o.DataDir, "ratings")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	removeStaleTemps(dir)
	res.File = filepath.Join(dir, res.File)
	if st, err := os.Stat(res.File); err == nil {
		res.Bytes = st.Size()
		return res, nil
	}
	err = c.get(ctx, res.URL, func(r io.Reader) error {
		return writeAtomicFrom(res.File, func(w io.Writer) error {
			n, err := io.Copy(w, io.LimitReader(r, maxRatingsFile+1))
			if n > maxRatingsFile {
				return fmt.Errorf("over %d MB", maxRatingsFile>>20)
			}
			res.Bytes = n
			return err
		}, checkZip)
	})
	if err != nil {
		return nil, fmt.Errorf("downloading %s: %w", res.URL, err)
	}
	res.Downloaded = true
	return res, nil
}

// checkZip fails unless file is a whole ZIP archive, as every ODS file is.
// A body cut off mid-way is caught (and retried) before this, by its
// Content-Length or chunked encoding; a whole body that is no ZIP (an
// error page) is not retried.
func checkZip(file string) error {
	z, err := zip.OpenReader(file)
	if err != nil {
		return &permanentError{fmt.Errorf("not a whole ODS file: %w", err)}
	}
	return z.Close()
}

// hrefs returns the href of every <a> in an HTML page.
func hrefs(r io.Reader) ([]string, error) {
	var out []string
	z := html.NewTokenizer(r)
	for {
		switch z.Next() {
		case html.ErrorToken:
			if errors.Is(z.Err(), io.EOF) {
				return out, nil
			}
			return out, z.Err()
		case html.StartTagToken, html.SelfClosingTagToken:
			name, attr := z.TagName()
			if string(name) != "a" || !attr {
				continue
			}
			for {
				k, v, more := z.TagAttr()
				if string(k) == "href" {
					out = append(out, string(v))
				}
				if !more {
					break
				}
			}
		}
	}
}
