package serve

import (
	"bufio"
	"bytes"
	"context"
	"html"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"ratingsite/internal/fixture"
	"ratingsite/internal/pipeline"
)

// The fixture helpers, under the short names these tests use.
const header = fixture.Header

var (
	practiceRows = fixture.Practice
	writeFile    = fixture.Write
)

// ratingsCSV is a three-practice Latest-ratings file; alpha is the first
// practice's name and rating its overall rating.
func ratingsCSV(alpha, rating string) string {
	return header +
		practiceRows("1-1000000001", alpha, "Oldham", "North West", rating, "01/02/2024") +
		practiceRows("1-1000000002", "Beta Practice", "Oldham", "North West", "Inadequate", "01/03/2025") +
		practiceRows("1-1000000003", "Gamma Health Centre", "Leeds", "Yorkshire and The Humber", "Good", "01/03/2025")
}

// replaceFile replaces path atomically, as most editors save, so the
// watcher never sees it half-written.
func replaceFile(t *testing.T, path, content string) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(filepath.Dir(filepath.Dir(path))), "edit.tmp")
	writeFile(t, tmp, content)
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// syncBuffer collects the server's output safely across goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start serves a site whose inputs are under dir, on a free loopback port,
// and stops it, checking that the temporary build directory is removed,
// when the test ends.
func start(t *testing.T, ctx context.Context, dir, baseURL string) (*Server, *syncBuffer) {
	t.Helper()
	return startWith(t, ctx, dir, baseURL, nil)
}

// startWith is start with a chance to change the configuration first.
func startWith(t *testing.T, ctx context.Context, dir, baseURL string, change func(*Config)) (*Server, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(ctx)
	var log syncBuffer
	cfg := Config{
		Build: pipeline.Config{
			DataDir: filepath.Join(dir, "data"), ContentDir: filepath.Join(dir, "content"),
			TemplatesDir: filepath.Join(dir, "templates"), AssetsDir: filepath.Join(dir, "assets"),
			BaseURL: baseURL,
		},
		Addr: "127.0.0.1:0", Poll: 20 * time.Millisecond, Debounce: 40 * time.Millisecond, Settle: 50 * time.Millisecond,
		Stdout: &log, Stderr: &log,
	}
	if change != nil {
		change(&cfg)
	}
	s, err := Start(ctx, cfg)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		if err := s.Wait(); err != nil {
			t.Errorf("server: %v", err)
		}
		if _, err := os.Stat(s.Dir()); !os.IsNotExist(err) {
			t.Errorf("temporary directory %s left behind (%v)", s.Dir(), err)
		}
	})
	return s, &log
}

var client = &http.Client{
	Timeout:       5 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// subscribe opens the event stream and returns the data of each event
// as it arrives, once the server has sent its greeting.
func subscribe(t *testing.T, ctx context.Context, s *Server) <-chan string {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+s.Addr().String()+EventsPath, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != "text/event-stream" {
		t.Fatalf("events: status %d, Content-Type %q", resp.StatusCode, ct)
	}
	t.Cleanup(func() { resp.Body.Close() })
	events := make(chan string, 16)
	greeted := make(chan struct{})
	go func() {
		defer close(events)
		greet := greeted
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "id: ") && greet != nil {
				close(greet)
				greet = nil
			}
			if data, ok := strings.CutPrefix(line, "data: "); ok {
				events <- data
			}
		}
	}()
	select {
	case <-greeted:
	case <-ctx.Done():
		t.Fatal("no greeting on the event stream")
	}
	return events
}

func nextEvent(t *testing.T, ctx context.Context, events <-chan string, log *syncBuffer) string {
	t.Helper()
	select {
	case e, ok := <-events:
		if !ok {
			t.Fatal("event stream closed")
		}
		return e
	case <-ctx.Done():
		t.Fatalf("no build event; server output:\n%s", log)
	}
	return ""
}

func TestServeRebuildsAndReloads(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dir := t.TempDir()
	csv := filepath.Join(dir, "data", "ratings", "latest.csv")
	writeFile(t, csv, ratingsCSV("Alpha Surgery", "Good"))
	s, log := start(t, ctx, dir, "")
	root := "http://" + s.Addr().String()
	if s.URL() != root+"/" {
		t.Errorf("URL() = %q, want %q", s.URL(), root+"/")
	}
	practice := root + "/practices/1-1000000001/"

	// 1. The site is served, with the live-reload script in every page.
	resp, body := get(t, root+"/")
	if resp.StatusCode != 200 || !strings.Contains(body, ScriptTag+"</body>") {
		t.Fatalf("GET /: %d, script tag before </body>: %v\n%s", resp.StatusCode, strings.Contains(body, ScriptTag), log)
	}
	for name, want := range map[string]string{"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "X-Frame-Options": "SAMEORIGIN"} {
		if got := resp.Header.Get(name); got != want {
			t.Errorf("GET /: %s = %q, want %q", name, got, want)
		}
	}
	if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Errorf("GET /: _headers not applied: %v", resp.Header)
	}
	if resp, body := get(t, practice); resp.StatusCode != 200 || !strings.Contains(body, "Alpha Surgery") {
		t.Errorf("GET practice: %d", resp.StatusCode)
	}
	if resp, _ := get(t, root+"/practices/1-1000000001"); resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/practices/1-1000000001/" {
		t.Errorf("GET directory without slash: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := get(t, root+"/practices/1-1000000001.json"); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("GET JSON: %d, %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if resp, _ := get(t, root+"/no/such/page/"); resp.StatusCode != 404 || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("GET missing page: %d", resp.StatusCode)
	}
	if resp, _ := get(t, root+"/_headers"); resp.StatusCode != 404 {
		t.Errorf("GET /_headers: %d, want 404 as on the host", resp.StatusCode)
	}
	if resp, body := get(t, root+ScriptPath); resp.StatusCode != 200 || !strings.Contains(body, "EventSource") ||
		resp.Header.Get("Content-Type") != "text/javascript; charset=utf-8" {
		t.Errorf("GET script: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// The site's own 404.html, when it has one, is served with status 404.
	writeFile(t, filepath.Join(s.state.Load().tree.dir, "404.html"), "<!DOCTYPE html><html><body><h1>Not here</h1></body></html>")
	if resp, body := get(t, root+"/no/such/page/"); resp.StatusCode != 404 || !strings.Contains(body, "Not here") || !strings.Contains(body, ScriptTag) {
		t.Errorf("GET missing page with 404.html: %d %q", resp.StatusCode, body)
	}

	// 2. An edit rebuilds the site and sends an event.
	events := subscribe(t, ctx, s)
	replaceFile(t, csv, ratingsCSV("Alpha Renamed Surgery", "Good"))
	if e := nextEvent(t, ctx, events, log); e != "ok" {
		t.Errorf("event after a good edit = %q, want ok", e)
	}
	if resp, body := get(t, practice); resp.StatusCode != 200 || !strings.Contains(body, "Alpha Renamed Surgery") {
		t.Errorf("practice page after the edit: %d, has the new name: %v", resp.StatusCode, strings.Contains(body, "Alpha Renamed Surgery"))
	}

	// 3. A broken input heads every page of the last good build with the
	// errors, escaped, and the page keeps its own status: never a 500.
	replaceFile(t, csv, ratingsCSV("Alpha Renamed Surgery", "Go<b>od"))
	if e := nextEvent(t, ctx, events, log); e != "failed" {
		t.Errorf("event after a bad edit = %q, want failed", e)
	}
	for u, status := range map[string]int{practice: 200, root + "/": 200, root + "/no/such/page/": 404} {
		resp, body := get(t, u)
		if resp.StatusCode != status {
			t.Errorf("GET %s with a failed build: %d, want %d", u, resp.StatusCode, status)
		}
		if u == practice && !strings.Contains(body, "Alpha Renamed Surgery") {
			t.Errorf("GET %s with a failed build: not the last good page", u)
		}
		for _, want := range []string{`id="` + BannerID + `"`, html.EscapeString(csv + ":2:"), "unknown rating", "&#34;Go&lt;b&gt;od&#34;", ScriptTag} {
			if !strings.Contains(body, want) {
				t.Errorf("error page lacks %q:\n%s", want, body)
			}
		}
		if strings.Contains(body, "Go<b>od") {
			t.Error("error page has the problem unescaped")
		}
	}
	if resp, _ := get(t, root+"/practices/1-1000000001.json"); resp.StatusCode != 200 {
		t.Errorf("GET JSON with a failed build: %d, want the last good file", resp.StatusCode)
	}
	if !strings.Contains(log.String(), "build failed: ") {
		t.Errorf("no failure line in the output:\n%s", log)
	}
	replaceFile(t, csv, ratingsCSV("Alpha Renamed Surgery", "Good"))
	if e := nextEvent(t, ctx, events, log); e != "ok" {
		t.Errorf("event after the fix = %q, want ok", e)
	}
	if resp, body := get(t, practice); resp.StatusCode != 200 || !strings.Contains(body, "Alpha Renamed Surgery") {
		t.Errorf("practice page after the fix: %d", resp.StatusCode)
	}
	if n := strings.Count(log.String(), " built in "); n != 3 {
		t.Errorf("%d build lines, want 3 (start, edit, fix):\n%s", n, log)
	}
}

func TestEventsResendAfterAMissedBuild(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "data", "ratings", "r.csv"), ratingsCSV("Alpha Surgery", "Good"))
	s, _ := start(t, ctx, dir, "")
	// A client reconnecting with the ID of an older build (or of an
	// earlier server process) is told to reload at once.
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+s.Addr().String()+EventsPath, nil)
	req.Header.Set("Last-Event-ID", "old-1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "data: ") {
			return
		}
	}
	t.Error("no event for a client that missed a build")
}

func TestListenAddress(t *testing.T) {
	if DefaultAddr != "127.0.0.1:8080" {
		t.Errorf("DefaultAddr = %q, want loopback 127.0.0.1:8080", DefaultAddr)
	}
	for _, tc := range []struct {
		addr string
		warn bool
	}{
		{"127.0.0.1:0", false},
		{"localhost:0", false},
		{"[::1]:0", false},
		{"0.0.0.0:0", true},
		{":0", true},
	} {
		var out bytes.Buffer
		ln, err := listen(tc.addr, &out)
		if err != nil {
			t.Logf("%s: %v (skipped)", tc.addr, err)
			continue
		}
		ln.Close()
		if warned := strings.Contains(out.String(), "reachable from the network"); warned != tc.warn {
			t.Errorf("listen(%q): warning %v, want %v (%q)", tc.addr, warned, tc.warn, out.String())
		}
		if Loopback(ln.Addr()) == tc.warn {
			t.Errorf("Loopback(%v) = %v", ln.Addr(), !tc.warn)
		}
	}
	ln, err := listen("0.0.0.0:0", io.Discard)
	if err == nil {
		defer ln.Close()
		if got := localHostPort("0.0.0.0:0", ln.Addr()); !strings.HasPrefix(got, "localhost:") || strings.HasSuffix(got, ":0") {
			t.Errorf("localHostPort = %q, want localhost and the bound port", got)
		}
	}
}

func TestServeUnderPrefix(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "data", "ratings", "r.csv"), ratingsCSV("Alpha Surgery", "Good"))
	s, log := start(t, ctx, dir, "http://localhost:8080/ratings/")
	root := "http://" + s.Addr().String()
	if s.URL() != root+"/ratings/" {
		t.Errorf("URL() = %q", s.URL())
	}
	resp, body := get(t, root+"/ratings/")
	if resp.StatusCode != 200 || !strings.Contains(body, ScriptTag) || !strings.Contains(body, `href="/ratings/`) {
		t.Fatalf("GET /ratings/: %d\n%s", resp.StatusCode, log)
	}
	if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Errorf("_headers under the prefix not applied: %v", resp.Header)
	}
	if resp, _ := get(t, root+"/ratings/practices/1-1000000001/"); resp.StatusCode != 200 {
		t.Errorf("GET practice under the prefix: %d", resp.StatusCode)
	}
	for _, p := range []string{"/", "/ratings"} {
		if resp, _ := get(t, root+p); resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/ratings/" {
			t.Errorf("GET %s: %d to %q, want a redirect to /ratings/", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	if resp, _ := get(t, root+"/practices/1-1000000001/"); resp.StatusCode != 404 {
		t.Errorf("GET outside the prefix: %d, want 404", resp.StatusCode)
	}
}

func TestHeadersFile(t *testing.T) {
	rules := parseHeaders("# comment\n/*\n  X-A: 1\n  X-B: two: parts\n\n/assets/*\n\tCache-Control: max-age=60\n/exact\n  X-C: 3\n")
	if len(rules) != 3 || len(rules[0].headers) != 2 || rules[0].headers[1] != [2]string{"X-B", "two: parts"} {
		t.Fatalf("rules = %+v", rules)
	}
	for _, tc := range []struct {
		rule int
		path string
		want bool
	}{
		{0, "/", true}, {0, "/x/y.html", true},
		{1, "/assets/site.css", true}, {1, "/assets", false}, {1, "/ratings/assets/x", false},
		{2, "/exact", true}, {2, "/exact/", false},
	} {
		if got := rules[tc.rule].match(tc.path); got != tc.want {
			t.Errorf("%q matches %q = %v, want %v", rules[tc.rule].pattern, tc.path, got, tc.want)
		}
	}
}

func TestInjectScript(t *testing.T) {
	for in, want := range map[string]string{
		"<html><body><p>x</p></body></html>": "<html><body><p>x</p>" + ScriptTag + "</body></html>",
		"<p>no body end":                     "<p>no body end" + ScriptTag,
		"<BODY>a</BODY>":                     "<BODY>a" + ScriptTag + "</BODY>",
	} {
		if got := string(injectScript([]byte(in))); got != want {
			t.Errorf("injectScript(%q) = %q, want %q", in, got, want)
		}
	}
}
