package fetch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"ratingsite/internal/fixture"
)

// realAPIDir is ../shared/real/cqc-api beside the repository: 451 real
// documents. Without it the test skips, except in CI (CI=true), where
// the data must be there.
func realAPIDir(t testing.TB) string {
	t.Helper()
	return fixture.Real(t, "cqc-api")
}

const testKey = "test-key-not-a-secret"

// fakeAPI replays the real documents as the CQC API serves them: lists in
// pages (of pageSize, whatever perPage asks), documents by ID, a changes
// window; with faults injected by path.
type fakeAPI struct {
	t        *testing.T
	docs     map[string][]byte
	gp       []string // IDs whose primary inspection category is P2, sorted
	pageSize int

	mu       sync.Mutex
	changes  []string
	windows  [][2]string         // startTimestamp, endTimestamp asked
	faults   map[string][]string // path (with query for lists) → faults to give first, in order
	gone     map[string]bool
	requests map[string]int
	agents   map[string]bool
}

func newFakeAPI(t *testing.T) (*fakeAPI, *httptest.Server) {
	dir := realAPIDir(t)
	f := &fakeAPI{t: t, docs: map[string][]byte{}, pageSize: 20,
		faults: map[string][]string{}, gone: map[string]bool{}, requests: map[string]int{}, agents: map[string]bool{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSuffix(e.Name(), ".json")
		f.docs[id] = b
		var doc struct {
			InspectionCategories []struct{ Code, Primary string } `json:"inspectionCategories"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		for _, c := range doc.InspectionCategories {
			if c.Code == "P2" && c.Primary == "true" {
				f.gp = append(f.gp, id)
			}
		}
	}
	slices.Sort(f.gp)
	if len(f.docs) != 451 || len(f.gp) != 69 {
		t.Fatalf("%d documents, %d GP practices; SOURCES.md says 451 and 69", len(f.docs), len(f.gp))
	}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *fakeAPI) fault(key string, faults ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults[key] = append(f.faults[key], faults...)
}

func (f *fakeAPI) count(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[key]
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimPrefix(r.URL.Path, "/public/v1")
	key := p
	if r.URL.RawQuery != "" {
		key += "?page=" + r.URL.Query().Get("page")
	}
	f.mu.Lock()
	f.requests[key]++
	f.agents[r.UserAgent()] = true
	var fault string
	if q := f.faults[key]; len(q) > 0 {
		fault, f.faults[key] = q[0], q[1:]
	}
	f.mu.Unlock()
	if r.Header.Get(KeyHeader) != testKey {
		http.Error(w, `{"message":"Access denied due to missing subscription key."}`, http.StatusUnauthorized)
		return
	}

	var body []byte
	switch {
	case p == "/locations":
		if r.URL.Query().Get("primaryInspectionCategoryCode") != "P2" || r.URL.Query().Get("perPage") == "" {
			http.Error(w, "bad query "+r.URL.RawQuery, http.StatusBadRequest)
			return
		}
		body = f.page(r, f.gp, "locations")
	case p == "/changes/location":
		q := r.URL.Query()
		f.mu.Lock()
		f.windows = append(f.windows, [2]string{q.Get("startTimestamp"), q.Get("endTimestamp")})
		ids := f.changes
		f.mu.Unlock()
		body = f.page(r, ids, "changes")
	case strings.HasPrefix(p, "/locations/"):
		id := strings.TrimPrefix(p, "/locations/")
		f.mu.Lock()
		doc, ok := f.docs[id]
		gone := f.gone[id]
		f.mu.Unlock()
		if !ok || gone {
			http.Error(w, `{"statusCode":404,"message":"Resource not found"}`, http.StatusNotFound)
			return
		}
		body = doc
	default:
		http.NotFound(w, r)
		return
	}

	kind, arg, _ := strings.Cut(fault, ":")
	switch kind {
	case "":
	case "429":
		w.Header().Set("Retry-After", arg)
		http.Error(w, `{"statusCode":429,"message":"Rate limit is exceeded."}`, http.StatusTooManyRequests)
		return
	case "500", "503":
		code, _ := strconv.Atoi(kind)
		http.Error(w, "upstream trouble", code)
		return
	case "drop": // the connection closes before any response
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
		return
	case "cut": // the headers promise the whole body; half comes
		conn, buf, _ := w.(http.Hijacker).Hijack()
		fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(body))
		buf.Write(body[:len(body)/2])
		buf.Flush()
		conn.Close()
		return
	default:
		f.t.Errorf("unknown fault %q", fault)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}

// page answers one page of a list in the API's shape.
func (f *fakeAPI) page(r *http.Request, ids []string, field string) []byte {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	total := (len(ids) + f.pageSize - 1) / f.pageSize
	lo, hi := min((page-1)*f.pageSize, len(ids)), min(page*f.pageSize, len(ids))
	var items []any
	for _, id := range ids[lo:hi] {
		if field == "changes" {
			items = append(items, id)
		} else {
			items = append(items, map[string]string{"locationId": id, "locationName": "x", "postalCode": "OL1 1AA"})
		}
	}
	next := any(nil)
	if page < total {
		next = fmt.Sprintf("/%s?page=%d&perPage=%d", strings.TrimPrefix(r.URL.Path, "/public/v1/"), page+1, f.pageSize)
	}
	b, _ := json.Marshal(map[string]any{
		"total": len(ids), "page": page, "perPage": f.pageSize, "totalPages": total,
		"firstPageUri": "/" + strings.TrimPrefix(r.URL.Path, "/public/v1/") + "?page=1",
		"nextPageUri":  next, field: items,
	})
	return b
}

// sleeps records the waits asked for instead of waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func testOptions(srv *httptest.Server, data string, now time.Time, s *sleeps) Options {
	return Options{
		DataDir: data, API: srv.URL + "/public/v1", Key: testKey,
		UserAgent: "ratingsite/test (+https://example.org/)",
		Workers:   4, Attempts: 3, Backoff: time.Second,
		Now:   func() time.Time { return now },
		sleep: s.sleep,
	}
}

// apiFiles lists the files in dir/api.
func apiFiles(t *testing.T, data string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(data, "api"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestFullSync(t *testing.T) {
	f, srv := newFakeAPI(t)
	data := filepath.Join(t.TempDir(), "data")
	goneID, retryID, dropID, cutID := f.gp[5], f.gp[10], f.gp[20], f.gp[30]
	// The practice that has gone from the API keeps its old document.
	os.MkdirAll(filepath.Join(data, "api"), 0o755)
	old := []byte(`{"locationId":"` + goneID + `","old":true}`)
	os.WriteFile(filepath.Join(data, "api", goneID+".json"), old, 0o644)
	// So does a leftover of a fetch that was killed: it is cleaned up.
	os.WriteFile(filepath.Join(data, "api", ".fetch-123.tmp"), []byte("{half"), 0o600)
	f.gone[goneID] = true
	f.fault("/locations?page=2", "503")
	f.fault("/locations/"+retryID, "429:7")
	f.fault("/locations/"+dropID, "drop")
	f.fault("/locations/"+cutID, "cut")

	now := time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC)
	var s sleeps
	var warnings []string
	o := testOptions(srv, data, now, &s)
	o.Warn = func(w string) { warnings = append(warnings, w) }
	var last [2]int
	o.Progress = func(done, total int) { last = [2]int{done, total} }
	res, err := API(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Full || res.Listed != 69 || res.Fetched != 68 || res.Gone != 1 || res.Unchanged != 0 || len(res.Failed) != 0 {
		t.Errorf("result %+v", res)
	}
	if last != [2]int{69, 69} {
		t.Errorf("last progress %v, want 69 of 69", last)
	}
	// Every document byte for byte as served; the gone one as it was.
	for _, id := range f.gp {
		got, err := os.ReadFile(filepath.Join(data, "api", id+".json"))
		want := f.docs[id]
		if id == goneID {
			want = old
		}
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes (%v), want %d as served", id, len(got), err, len(want))
		}
	}
	if names := apiFiles(t, data); len(names) != 69 {
		t.Errorf("api/ holds %d files, want the 69 documents only: %q", len(names), names)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], goneID) || !strings.Contains(warnings[0], "kept") {
		t.Errorf("warnings %q, want one that %s is gone and kept", warnings, goneID)
	}
	// Retry-After: 7 was honoured; the other faults were retried.
	if !slices.Contains(s.d, 7*time.Second) {
		t.Errorf("waits %v, want the 7s of Retry-After among them", s.d)
	}
	// Go's transport itself repeats a GET whose reused connection closed
	// before any answer, so the dropped connection may not count here.
	if res.Retries < 3 || res.Retries > 4 {
		t.Errorf("%d retries, want 3 or 4 (a 503, a 429, a cut body, perhaps the dropped connection)", res.Retries)
	}
	if got := f.count("/locations/" + dropID); got != 2 {
		t.Errorf("the dropped document was requested %d times, want 2", got)
	}
	for key, want := range map[string]int{"/locations?page=1": 1, "/locations?page=2": 2, "/locations?page=4": 1, "/locations?page=5": 0,
		"/locations/" + retryID: 2, "/locations/" + cutID: 2, "/locations/" + f.gp[0]: 1} {
		if got := f.count(key); got != want {
			t.Errorf("%s requested %d times, want %d", key, got, want)
		}
	}
	if !f.agents["ratingsite/test (+https://example.org/)"] || len(f.agents) != 1 {
		t.Errorf("user agents %v", f.agents)
	}
	// The window is kept beside data/, not in it.
	st, err := readState(filepath.Join(filepath.Dir(data), ".data.fetch-state.json"))
	if err != nil || st == nil || !st.To.Equal(now) || !st.Full {
		t.Errorf("state %+v, %v", st, err)
	}
	if res.StateFile != StateFile(data) {
		t.Errorf("StateFile %q", res.StateFile)
	}
}

func TestIncrementalSync(t *testing.T) {
	f, srv := newFakeAPI(t)
	data := filepath.Join(t.TempDir(), "data")
	t0 := time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC)
	var s sleeps
	if _, err := API(context.Background(), testOptions(srv, data, t0, &s)); err != nil {
		t.Fatal(err)
	}
	// A location of another category: an NHS trust's, whose ID (RT242)
	// is not of the 1-123 form, when the real documents hold it.
	var other string
	for _, id := range slices.Sorted(maps.Keys(f.docs)) {
		if !slices.Contains(f.gp, id) && (other == "" || id == "RT242") {
			other = id
		}
	}
	changed, same := f.gp[3], f.gp[4]
	f.docs[changed] = bytes.Replace(f.docs[changed], []byte(`"locationId"`), []byte(`"changedField": 1,
  "locationId"`), 1)
	f.changes = []string{changed, same, other}
	t1 := t0.Add(24 * time.Hour)
	res, err := API(context.Background(), testOptions(srv, data, t1, &s))
	if err != nil {
		t.Fatal(err)
	}
	if res.Full || res.Listed != 3 || res.Fetched != 1 || res.Unchanged != 1 || res.Skipped != 1 || !res.From.Equal(t0) || !res.To.Equal(t1) {
		t.Errorf("result %+v", res)
	}
	if len(f.windows) != 1 || f.windows[0] != [2]string{"2026-11-01T06:00:00Z", "2026-11-02T06:00:00Z"} {
		t.Errorf("windows asked %q", f.windows)
	}
	if got, _ := os.ReadFile(filepath.Join(data, "api", changed+".json")); !bytes.Equal(got, f.docs[changed]) {
		t.Error("the changed document was not rewritten")
	}
	if _, err := os.Stat(filepath.Join(data, "api", other+".json")); err == nil {
		t.Error("a changed location of another category was added")
	}
	// -full lists everything again.
	o := testOptions(srv, data, t1.Add(time.Hour), &s)
	o.Full = true
	if res, err := API(context.Background(), o); err != nil || !res.Full || res.Unchanged != 69 {
		t.Errorf("full: %+v %v", res, err)
	}
}

func TestFailureKeepsWindowAndDocument(t *testing.T) {
	f, srv := newFakeAPI(t)
	data := filepath.Join(t.TempDir(), "data")
	bad := f.gp[7]
	os.MkdirAll(filepath.Join(data, "api"), 0o755)
	old := []byte("the old document\n")
	os.WriteFile(filepath.Join(data, "api", bad+".json"), old, 0o644)
	f.fault("/locations/"+bad, "cut", "cut", "cut") // every attempt is cut off
	var s sleeps
	res, err := API(context.Background(), testOptions(srv, data, time.Now(), &s))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Failed) != 1 || res.Failed[0].ID != bad || !strings.Contains(res.Failed[0].Error(), "gave up after 3 attempts") {
		t.Errorf("failed %v", res.Failed)
	}
	if got, _ := os.ReadFile(filepath.Join(data, "api", bad+".json")); !bytes.Equal(got, old) {
		t.Errorf("a cut-off body replaced the document: %q", got)
	}
	if names := apiFiles(t, data); len(names) != 69 {
		t.Errorf("api/ holds %d files (temporary files left?)", len(names))
	}
	if res.StateFile != "" {
		t.Error("the window was recorded although a document failed")
	}
	if _, err := os.Stat(StateFile(data)); err == nil {
		t.Error("state file written after a failure")
	}
}

func TestListingErrors(t *testing.T) {
	f, srv := newFakeAPI(t)
	var s sleeps
	// A wrong key stops at once, naming the variable.
	o := testOptions(srv, t.TempDir(), time.Now(), &s)
	o.Key = "wrong"
	if _, err := API(context.Background(), o); err == nil || !strings.Contains(err.Error(), "CQC_SUBSCRIPTION_KEY") || f.count("/locations?page=1") != 1 {
		t.Errorf("wrong key: %v after %d requests", err, f.count("/locations?page=1"))
	}
	o.Key = ""
	if _, err := API(context.Background(), o); err == nil || !strings.Contains(err.Error(), "CQC_SUBSCRIPTION_KEY") {
		t.Errorf("no key: %v", err)
	}
	// An ID that is not one never becomes a file name.
	f.gp = append(f.gp[:1:1], "../../evil")
	data := t.TempDir()
	if _, err := API(context.Background(), testOptions(srv, data, time.Now(), &s)); err == nil || !strings.Contains(err.Error(), "not a CQC location ID") {
		t.Errorf("bad ID: %v", err)
	}
	if _, err := os.Stat(StateFile(data)); err == nil {
		t.Error("state written after a failed listing")
	}
}

// TestKeyStaysWithTheAPI: a redirect to another host does not carry the key.
func TestKeyStaysWithTheAPI(t *testing.T) {
	var leaked bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked = r.Header.Get(KeyHeader) != ""
		w.Write([]byte(`{"locationId":"1-1"}`))
	}))
	defer other.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/locations" {
			w.Write([]byte(`{"page":1,"totalPages":1,"locations":[{"locationId":"1-1"}]}`))
			return
		}
		http.Redirect(w, r, other.URL+"/doc", http.StatusFound)
	}))
	defer api.Close()
	var s sleeps
	res, err := API(context.Background(), Options{DataDir: t.TempDir(), API: api.URL, Key: testKey, sleep: s.sleep})
	if err != nil || res.Fetched != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	if leaked {
		t.Error("the subscription key was sent to another host")
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC)
	for h, want := range map[string]time.Duration{
		"":                              -1,
		"0":                             0,
		"7":                             7 * time.Second,
		"-1":                            -1,
		"soon":                          -1,
		"Tue, 01 Dec 2026 06:00:30 GMT": 30 * time.Second,
		"Tue, 01 Dec 2026 05:00:00 GMT": 0,
	} {
		got, asked := retryAfter(h, now)
		if !asked {
			got = -1
		}
		if got != want {
			t.Errorf("Retry-After %q: %v, want %v (-1: none)", h, got, want)
		}
	}
}

func TestLimiter(t *testing.T) {
	l := newLimiter(3000) // one every 20 ms
	start := time.Now()
	for range 6 {
		l.wait(context.Background())
	}
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("6 requests at 3000 a minute took %v, want at least 100ms", d)
	}
	l = newLimiter(0)
	start = time.Now()
	for range 1000 {
		l.wait(context.Background())
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("no limit: 1000 waits took %v", d)
	}
}

func TestStateFile(t *testing.T) {
	for dir, want := range map[string]string{
		"data":          ".data.fetch-state.json",
		"site/cqc/":     "site/.cqc.fetch-state.json",
		"/srv/site/dat": "/srv/site/.dat.fetch-state.json",
	} {
		got := StateFile(dir)
		if !strings.HasSuffix(got, want) || strings.HasPrefix(got, filepath.Clean(dir)+string(filepath.Separator)) && filepath.IsAbs(dir) {
			t.Errorf("StateFile(%q) = %q, want …%s", dir, got, want)
		}
	}
}
