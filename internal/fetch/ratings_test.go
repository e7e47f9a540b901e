package fetch

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// odsBytes is a small ZIP archive shaped like an ODS file.
func odsBytes(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	w, _ = z.Create("content.xml")
	w.Write(bytes.Repeat([]byte("<table:table-row/>"), 2000))
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// ratingsSite serves a "using CQC data" page and the files it links.
type ratingsSite struct {
	page  string
	files map[string][]byte

	mu       sync.Mutex
	faults   map[string][]string
	requests map[string]int
	keySeen  bool
}

func (s *ratingsSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests[r.URL.Path]++
	s.keySeen = s.keySeen || r.Header.Get(KeyHeader) != ""
	var fault string
	if q := s.faults[r.URL.Path]; len(q) > 0 {
		fault, s.faults[r.URL.Path] = q[0], q[1:]
	}
	s.mu.Unlock()
	if r.URL.Path == "/using-cqc-data" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, s.page)
		return
	}
	body, ok := s.files[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	switch fault {
	case "cut":
		conn, buf, _ := w.(http.Hijacker).Hijack()
		fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n", len(body))
		buf.Write(body[:len(body)/2])
		buf.Flush()
		conn.Close()
		return
	case "html":
		fmt.Fprint(w, "<html>Sorry, the file is being updated</html>")
		return
	}
	w.Write(body)
}

func newRatingsSite(t *testing.T) (*ratingsSite, *httptest.Server) {
	s := &ratingsSite{files: map[string][]byte{}, faults: map[string][]string{}, requests: map[string]int{}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	ods := odsBytes(t)
	s.files["/sites/default/files/2026-11/05_November_2026_Latest_ratings.ods"] = ods
	s.files["/sites/default/files/2026-10/01_October_2026_Latest_ratings.ods"] = ods
	s.page = `<!doctype html><html><body>
<a href="/sites/default/files/2026-10/01_October_2026_Latest_ratings.ods">October</a>
<a href="` + srv.URL + `/sites/default/files/2026-11/05_November_2026_Latest_ratings.ods" class=x>November</a>
<a href="/sites/default/files/2025-12/04_December_2025_Latest_ratings.ods">December 2025</a>
<a href="/sites/default/files/2026-12/01_December_2026_Latest_ratings.xlsx">a spreadsheet in another format</a>
<a href="/files/HSCA_Active_Locations.ods">another file</a>
<a href="javascript:alert(1)/01_December_2027_Latest_ratings.ods">not a link to follow</a>
<a>no href</a>
</body></html>`
	return s, srv
}

func TestRatings(t *testing.T) {
	s, srv := newRatingsSite(t)
	const newest = "/sites/default/files/2026-11/05_November_2026_Latest_ratings.ods"
	s.faults[newest] = []string{"cut"} // the first download is cut off, the retry succeeds
	data := t.TempDir()
	var sl sleeps
	o := RatingsOptions{DataDir: data, Page: srv.URL + "/using-cqc-data", UserAgent: "ratingsite/test", sleep: sl.sleep}
	res, err := Ratings(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(data, "ratings", "05_November_2026_Latest_ratings.ods")
	if res.URL != srv.URL+newest || res.File != file || !res.Downloaded || res.Month != time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC) {
		t.Errorf("result %+v", res)
	}
	if got, _ := os.ReadFile(file); !bytes.Equal(got, s.files[newest]) {
		t.Errorf("downloaded %d bytes, want %d as served", len(got), len(s.files[newest]))
	}
	if entries, _ := os.ReadDir(filepath.Join(data, "ratings")); len(entries) != 1 {
		t.Errorf("ratings/ holds %d files, want 1", len(entries))
	}
	if s.keySeen {
		t.Error("a subscription key was sent to the CQC website")
	}
	// A second run keeps the file it has.
	res, err = Ratings(context.Background(), o)
	if err != nil || res.Downloaded || s.requests[newest] != 2 {
		t.Errorf("second run: %+v %v, %d requests", res, err, s.requests[newest])
	}
}

func TestRatingsFailures(t *testing.T) {
	s, srv := newRatingsSite(t)
	const newest = "/sites/default/files/2026-11/05_November_2026_Latest_ratings.ods"
	var sl sleeps
	for _, tc := range []struct {
		name   string
		faults []string
		page   string
		want   string
	}{
		{"every download cut off", []string{"cut", "cut", "cut", "cut", "cut"}, "", "gave up after 5 attempts"},
		{"an HTML page instead", []string{"html"}, "", "not a whole ODS file"},
		{"no link", nil, "<p>moved</p>", "by hand"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := t.TempDir()
			s.faults[newest] = tc.faults
			page := s.page
			if tc.page != "" {
				s.page = tc.page
				defer func() { s.page = page }()
			}
			_, err := Ratings(context.Background(), RatingsOptions{DataDir: data, Page: srv.URL + "/using-cqc-data", sleep: sl.sleep})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
			if entries, _ := os.ReadDir(filepath.Join(data, "ratings")); len(entries) != 0 {
				t.Errorf("ratings/ holds %v after a failed download", entries)
			}
		})
	}
}

func TestWriteAtomicKeepsTheOldFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.json")
	os.WriteFile(file, []byte("old"), 0o644)
	err := writeAtomicFrom(file, func(w io.Writer) error {
		w.Write([]byte("half of the new"))
		return io.ErrUnexpectedEOF
	}, nil)
	if err == nil {
		t.Fatal("no error")
	}
	if got, _ := os.ReadFile(file); string(got) != "old" {
		t.Errorf("file holds %q, want the old content", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files left, want 1", len(entries))
	}
	if err := writeAtomic(file, []byte("new")); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(file)
	if got, _ := os.ReadFile(file); string(got) != "new" || st.Mode().Perm() != 0o644 {
		t.Errorf("file holds %q, mode %v", got, st.Mode())
	}
}
