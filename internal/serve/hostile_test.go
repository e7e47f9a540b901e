package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"ratingsite/internal/pipeline"
)

// rawGet sends target exactly as written, which http.Client would not
// always do, and returns the response and its body.
func rawGet(t *testing.T, addr, target string) (*http.Response, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, addr)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// privateTemp points the server's temporary directory into the test's own,
// so that files beside the build are the test's.
func privateTemp(t *testing.T) string {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	return dir
}

func TestRequestsStayInTheBuild(t *testing.T) {
	tmp := privateTemp(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "data", "ratings", "r.csv"), ratingsCSV("Alpha Surgery", "Good"))
	s, log := start(t, ctx, dir, "")
	addr := s.Addr().String()
	// Secrets one, two and three levels above the site (which is
	// s.Dir()/build-1/site), and in the inputs' folders.
	const secret = "TOPSECRET"
	for _, d := range []string{filepath.Join(s.Dir(), "build-1"), s.Dir(), tmp, dir, filepath.Join(dir, "data")} {
		writeFile(t, filepath.Join(d, "secret.txt"), secret)
	}
	if resp, _ := rawGet(t, addr, "/practices/1-1000000001/"); resp.StatusCode != 200 {
		t.Fatalf("the site is not served: %d\n%s", resp.StatusCode, log)
	}
	for _, target := range []string{
		"/../secret.txt",
		"/../../secret.txt",
		"/../../../secret.txt",
		"/practices/../../secret.txt",
		"/..%2fsecret.txt",
		"/..%2Fsecret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E%2Fsecret.txt",
		"/..%5csecret.txt",
		"/..%5Csecret.txt",
		`/..\secret.txt`,
		`/..\..\secret.txt`,
		"/practices/..%2f..%2f..%2fsecret.txt",
		"/./secret.txt",
		"/..",
		"//etc/passwd",
		"///etc/passwd",
		"/%2fetc%2fpasswd",
		"/%2Fetc/passwd",
		"/%5Cetc%5Cpasswd",
		"/practices//1-1000000001/",
		"/%00",
		"/index.html%00.txt",
		"http://" + addr + "/../secret.txt",
		"http://evil.example/../../secret.txt",
		"http://evil.example/%2e%2e%2fsecret.txt",
	} {
		resp, body := rawGet(t, addr, target)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 400", target, resp.StatusCode)
		}
		if strings.Contains(body, secret) || strings.Contains(body, "root:") {
			t.Errorf("GET %s: served a file outside the build", target)
		}
	}
	// Paths outside the build that are plain local paths are simply not
	// in the site.
	for _, target := range []string{"/etc/passwd", "/secret.txt", "/build-1/site/index.html", "http://evil.example/etc/passwd"} {
		resp, body := rawGet(t, addr, target)
		if resp.StatusCode != http.StatusNotFound || strings.Contains(body, secret) || strings.Contains(body, "root:") {
			t.Errorf("GET %s: %d, want 404", target, resp.StatusCode)
		}
	}
	// Plain paths, including an absolute-form request for a page of the
	// site, still work.
	for _, target := range []string{"/", "/index.html", "/practices/1-1000000001/", "/practices/1-1000000001.json",
		"/?q=../../secret.txt", "http://" + addr + "/practices/1-1000000001/"} {
		if resp, _ := rawGet(t, addr, target); resp.StatusCode != 200 {
			t.Errorf("GET %s: %d, want 200", target, resp.StatusCode)
		}
	}
}

func TestDirectoryRedirectStaysLocal(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "data", "ratings", "r.csv"), ratingsCSV("Alpha Surgery", "Good"))
	for _, base := range []string{"", "http://localhost:8080/ratings/"} {
		s, log := start(t, ctx, dir, base)
		addr := s.Addr().String()
		prefix := strings.TrimSuffix(strings.TrimPrefix(s.URL(), "http://"+addr), "/")
		if resp, _ := rawGet(t, addr, prefix+"/"); resp.StatusCode != 200 {
			t.Fatalf("the site is not served: %d\n%s", resp.StatusCode, log)
		}
		for _, target := range []string{
			"//evil.example/..",
			"//evil.example/%2e%2e",
			"//evil.example/../practices",
			"///evil.example/..",
			`/\evil.example/..`,
			`/\/evil.example/..`,
			"/%5Cevil.example/..",
			"/%5cevil.example/%2e%2e",
			"/%2Fevil.example/..",
			"/%09/evil.example/..",
			prefix + "//evil.example/..",
			prefix + `/\evil.example/..`,
			"//evil.example/../search",
			"//evil.example/%2e%2e/search",
			"//evil.example/../../search?x",
			`/\evil.example/../search`,
			`/\/evil.example/../search`,
			"/%5Cevil.example/../search",
			"/%5cevil.example/%2e%2e/search",
			"/%2F/evil.example/../search",
			prefix + "//evil.example/../search",
			prefix + `/\evil.example/../search`,
			prefix + "/practices/1-1000000001",
			prefix + "/practices/1-1000000001?next=//evil.example/",
			prefix + "/practices",
			prefix + "/practices/..",
			prefix + "/practices/1-1000000001/..",
			prefix,
		} {
			resp, _ := rawGet(t, addr, target)
			loc := resp.Header.Get("Location")
			if loc == "" {
				continue
			}
			u, err := url.Parse(loc)
			if err != nil || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") ||
				strings.HasPrefix(loc, `/\`) || strings.ContainsAny(loc, "\\\t\r\n") {
				t.Errorf("GET %s: %d redirects to %q, which a browser may read as another host", target, resp.StatusCode, loc)
			}
		}
		for target, want := range map[string]string{
			prefix + "/search":                                   prefix + "/search/",
			prefix + "/practices/1-1000000001":                   prefix + "/practices/1-1000000001/",
			prefix + "/practices/1-1000000001?next=//e.example/": prefix + "/practices/1-1000000001/?next=//e.example/",
		} {
			if resp, _ := rawGet(t, addr, target); resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != want {
				t.Errorf("GET %s: %d to %q, want 301 to %q", target, resp.StatusCode, resp.Header.Get("Location"), want)
			}
		}
	}
}

// practiceCSV is a Latest-ratings file of n practices in Oldham, each
// named "Practice <i> <version>".
func practiceCSV(n int, version string) string {
	var b strings.Builder
	b.WriteString(header)
	for i := 1; i <= n; i++ {
		b.WriteString(practiceRows(fmt.Sprintf("1-10000000%02d", i), fmt.Sprintf("Practice %d %s", i, version), "Oldham", "North West", "Good", "01/03/2025"))
	}
	return b.String()
}

// writeSlowly rewrites path in place as a slow writer would: it truncates
// the file, writes its first cut bytes, pauses, and writes the rest.
func writeSlowly(t *testing.T, path, content string, cut int, pause time.Duration) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(content[:cut]); err != nil {
		t.Fatal(err)
	}
	time.Sleep(pause)
	if _, err := f.WriteString(content[cut:]); err != nil {
		t.Fatal(err)
	}
}

// pagePoller fetches urls in a loop until stopped and records every
// response that shows a failure or a half-built site.
type pagePoller struct {
	mu      sync.Mutex
	bad     []string
	fetches int
	stop    chan struct{}
	done    sync.WaitGroup
}

func poll(root string, n int) *pagePoller {
	p := &pagePoller{stop: make(chan struct{})}
	last := fmt.Sprintf("/practices/1-10000000%02d", n)
	names := regexp.MustCompile(`Practice (\d+) (v\d+)`)
	p.done.Go(func() {
		for {
			select {
			case <-p.stop:
				return
			default:
			}
			for _, u := range []string{last + "/", last + ".json", "/local-authorities/oldham/"} {
				resp, err := client.Get(root + u)
				if err != nil {
					p.note("GET %s: %v", u, err)
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				p.mu.Lock()
				p.fetches++
				p.mu.Unlock()
				if resp.StatusCode != 200 {
					p.note("GET %s: status %d", u, resp.StatusCode)
					continue
				}
				if strings.Contains(string(body), BannerID) {
					p.note("GET %s: a failed build's banner", u)
				}
				if u == "/local-authorities/oldham/" {
					seen := map[string]bool{}
					versions := map[string]bool{}
					for _, m := range names.FindAllStringSubmatch(string(body), -1) {
						seen[m[1]], versions[m[2]] = true, true
					}
					if len(seen) != n || len(versions) != 1 {
						p.note("GET %s: %d of %d practices in %d versions", u, len(seen), n, len(versions))
					}
				}
			}
			time.Sleep(5 * time.Millisecond)
		}
	})
	return p
}

func (p *pagePoller) note(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.bad) < 20 {
		p.bad = append(p.bad, fmt.Sprintf(format, args...))
	}
}

func (p *pagePoller) finish() ([]string, int) {
	close(p.stop)
	p.done.Wait()
	return p.bad, p.fetches
}

// waitFor polls url until its body contains want.
func waitFor(t *testing.T, ctx context.Context, url, want string, log *syncBuffer) {
	t.Helper()
	for ctx.Err() == nil {
		if resp, err := client.Get(url); err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 && strings.Contains(string(body), want) {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s never showed %q; server output:\n%s", url, want, log)
}

func TestHalfWrittenInputIsNotServed(t *testing.T) {
	const n = 8
	old, next := practiceCSV(n, "v1"), practiceCSV(n, "v2")
	atLineEnd := strings.LastIndexByte(next[:len(next)/2], '\n') + 1
	for _, tc := range []struct {
		name   string
		cut    int
		pause  time.Duration // longer than the debounce, every time
		settle time.Duration
	}{
		// A pause shorter than the settling time, at a line end: the half
		// file is a valid CSV of half the practices.
		{"line end, short pause", atLineEnd, 300 * time.Millisecond, 1500 * time.Millisecond},
		// A pause longer than the settling time, inside a row: the file
		// does not end with a line break.
		{"inside a row, long pause", len(next) / 2, 800 * time.Millisecond, 100 * time.Millisecond},
		{"empty, long pause", 0, 800 * time.Millisecond, 100 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			dir := t.TempDir()
			csv := filepath.Join(dir, "data", "ratings", "latest.csv")
			writeFile(t, csv, old)
			s, log := startWith(t, ctx, dir, "", func(c *Config) { c.Settle, c.MaxWait = tc.settle, 5*time.Second })
			root := "http://" + s.Addr().String()
			waitFor(t, ctx, root+"/local-authorities/oldham/", fmt.Sprintf("Practice %d v1", n), log)
			p := poll(root, n)
			time.Sleep(50 * time.Millisecond)
			writeSlowly(t, csv, next, tc.cut, tc.pause)
			waitFor(t, ctx, root+"/local-authorities/oldham/", fmt.Sprintf("Practice %d v2", n), log)
			time.Sleep(100 * time.Millisecond)
			bad, fetches := p.finish()
			if fetches < 10 {
				t.Errorf("only %d fetches while the file was written", fetches)
			}
			for _, b := range bad {
				t.Error(b)
			}
			if len(bad) > 0 {
				t.Logf("server output:\n%s", log)
			}
		})
	}
}

func TestNoGoodBuildYet(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "data", "ratings", "r.csv"), ratingsCSV("Alpha <Surgery>", "Go<b>od"))
	s, _ := start(t, ctx, dir, "")
	resp, body := get(t, "http://"+s.Addr().String()+"/")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "unknown rating") || strings.Contains(body, "Go<b>od") ||
		!strings.Contains(body, ScriptTag) {
		t.Errorf("GET / before any good build: %d\n%s", resp.StatusCode, body)
	}
}

func TestBannerListsAtMostFifty(t *testing.T) {
	problems := make([]string, 60)
	for i := range problems {
		problems[i] = "problem <" + strconv.Itoa(i) + ">"
	}
	page := string(injectBanner([]byte(`<!DOCTYPE html><html><BODY class="x"><h1>Page</h1></BODY></html>`), problems))
	if !strings.HasPrefix(page, `<!DOCTYPE html><html><BODY class="x"><div id="`+BannerID+`" role="alert">`) ||
		!strings.HasSuffix(page, "</div><h1>Page</h1></BODY></html>") {
		t.Errorf("banner not at the start of the body:\n%s", page)
	}
	if !strings.Contains(page, "problem &lt;49&gt;") || strings.Contains(page, "problem &lt;50&gt;") || !strings.Contains(page, "and 10 more") {
		t.Errorf("banner does not list the first 50 and count the rest:\n%s", page)
	}
}

// loadSeconds is how long TestServeUnderLoad runs: 3 s in a normal test
// run, or SERVE_LOAD_SECONDS (CI sets 15).
func loadSeconds(t *testing.T) time.Duration {
	if v := os.Getenv("SERVE_LOAD_SECONDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 120 {
			t.Fatalf("SERVE_LOAD_SECONDS=%q: want whole seconds from 1 to 120", v)
		}
		return time.Duration(n) * time.Second
	}
	return 3 * time.Second
}

// TestServeUnderLoad keeps 100 connections busy on 127.0.0.1 while the data
// file is rewritten in place again and again: no response may be a 5xx, a
// failed build's banner, or a page of a build that mixes two versions or
// lacks practices. It logs the latency percentiles.
func TestServeUnderLoad(t *testing.T) {
	const (
		conns = 100
		n     = 30
	)
	length := loadSeconds(t)
	ctx, cancel := context.WithTimeout(context.Background(), length+60*time.Second)
	defer cancel()
	dir := t.TempDir()
	csv := filepath.Join(dir, "data", "ratings", "latest.csv")
	writeFile(t, csv, practiceCSV(n, "v1"))
	s, log := startWith(t, ctx, dir, "", func(c *Config) { c.Settle = 150 * time.Millisecond })
	root := "http://" + s.Addr().String()
	waitFor(t, ctx, root+"/local-authorities/oldham/", fmt.Sprintf("Practice %d v1", n), log)

	tr := &http.Transport{MaxConnsPerHost: conns, MaxIdleConnsPerHost: conns, DisableCompression: true}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	names := regexp.MustCompile(`Practice (\d+) (v\d+)`)

	var (
		mu        sync.Mutex
		latencies []time.Duration
		bad       []string
		counts    = map[int]int{}
	)
	note := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(bad) < 20 {
			bad = append(bad, fmt.Sprintf(format, args...))
		}
	}
	deadline := time.Now().Add(length)
	var wg sync.WaitGroup
	for g := range conns {
		wg.Go(func() {
			var mine []time.Duration
			mineCounts := map[int]int{}
			for i := 0; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
				id := (g+i)%n + 1
				var u string
				switch (g + i) % 6 {
				case 0:
					u = "/local-authorities/oldham/"
				case 1:
					u = fmt.Sprintf("/practices/1-10000000%02d/", id)
				case 2:
					u = fmt.Sprintf("/practices/1-10000000%02d.json", id)
				case 3:
					u = fmt.Sprintf("/practices/1-10000000%02d", id) // redirect
				case 4:
					u = "/no/such/page/"
				case 5:
					u = "/"
				}
				t0 := time.Now()
				resp, err := c.Get(root + u)
				if err != nil {
					note("GET %s: %v", u, err)
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				mine = append(mine, time.Since(t0))
				mineCounts[resp.StatusCode]++
				if err != nil {
					note("GET %s: reading the body: %v", u, err)
					continue
				}
				text := string(body)
				switch {
				case resp.StatusCode >= 500:
					note("GET %s: status %d", u, resp.StatusCode)
				case strings.Contains(text, BannerID):
					note("GET %s: a failed build's banner", u)
				case strings.HasSuffix(u, "/") && !strings.Contains(text, "</html>"):
					note("GET %s: %d, an incomplete page of %d bytes", u, resp.StatusCode, len(body))
				}
				want := map[int]int{0: 200, 1: 200, 2: 200, 3: 301, 4: 404, 5: 200}[(g+i)%6]
				if resp.StatusCode != want {
					note("GET %s: status %d, want %d", u, resp.StatusCode, want)
				}
				if u == "/local-authorities/oldham/" {
					seen, versions := map[string]bool{}, map[string]bool{}
					for _, m := range names.FindAllStringSubmatch(text, -1) {
						seen[m[1]], versions[m[2]] = true, true
					}
					if len(seen) != n || len(versions) != 1 {
						note("GET %s: %d of %d practices in %d versions", u, len(seen), n, len(versions))
					}
				}
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			for k, v := range mineCounts {
				counts[k] += v
			}
			mu.Unlock()
		})
	}
	// The data file changes all the while: rewritten in place (so that the
	// watcher can see it empty or half-written) and sometimes replaced,
	// at times faster than a build (which is then discarded), at times
	// slower (so that builds are published under load).
	version := 1
	for time.Now().Before(deadline) {
		time.Sleep([]time.Duration{300 * time.Millisecond, 1200 * time.Millisecond, 3 * time.Second}[version%3])
		version++
		content := practiceCSV(n, fmt.Sprintf("v%d", version))
		switch version % 3 {
		case 0:
			replaceFile(t, csv, content)
		case 1:
			writeSlowly(t, csv, content, len(content)/3, 20*time.Millisecond)
		case 2:
			// A pause longer than the debounce, inside a row.
			writeSlowly(t, csv, content, len(content)/3, 100*time.Millisecond)
		}
	}
	wg.Wait()
	waitFor(t, ctx, root+"/local-authorities/oldham/", fmt.Sprintf("Practice %d v%d", n, version), log)

	for _, b := range bad {
		t.Error(b)
	}
	if len(latencies) == 0 {
		t.Fatal("no responses")
	}
	slices.Sort(latencies)
	q := func(f float64) time.Duration {
		return latencies[min(len(latencies)-1, int(f*float64(len(latencies))))].Round(10 * time.Microsecond)
	}
	builds := strings.Count(log.String(), " built in ")
	t.Logf("%d connections for %s while the data changed %d times: %d requests (%.0f/s), statuses %v, %d builds published, %d discarded; latency p50 %s, p95 %s, p99 %s, max %s",
		conns, length, version-1, len(latencies), float64(len(latencies))/length.Seconds(), counts, builds,
		strings.Count(log.String(), "changed during the build"), q(0.50), q(0.95), q(0.99), latencies[len(latencies)-1].Round(10*time.Microsecond))
	if builds < 2 {
		t.Errorf("only %d builds: the data never changed under load\n%s", builds, log)
	}
}

func TestBuildWhoseInputsChangedIsDiscarded(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	dir := t.TempDir()
	csv := filepath.Join(dir, "data", "ratings", "latest.csv")
	writeFile(t, csv, practiceCSV(4, "v1"))
	// A long poll: the watcher stays out of the way and Rebuild is called
	// here.
	s, log := startWith(t, ctx, dir, "", func(c *Config) { c.Poll = time.Hour })
	before := s.state.Load()
	writeFile(t, csv, practiceCSV(4, "v2"))
	s.afterBuild = func() { writeFile(t, csv, practiceCSV(2, "v3")) }
	s.Rebuild(ctx)
	if s.state.Load() != before {
		t.Errorf("a build whose input changed while it ran was published")
	}
	if !strings.Contains(log.String(), "changed during the build") {
		t.Errorf("no message:\n%s", log)
	}
	if entries, _ := os.ReadDir(s.Dir()); len(entries) != 1 || entries[0].Name() != "build-1" {
		t.Errorf("the discarded build was left behind: %v", entries)
	}
	s.afterBuild = nil
	s.Rebuild(ctx)
	resp, body := get(t, "http://"+s.Addr().String()+"/local-authorities/oldham/")
	if resp.StatusCode != 200 || !strings.Contains(body, "Practice 2 v3") || strings.Contains(body, "Practice 3") {
		t.Errorf("the next build was not published: %d", resp.StatusCode)
	}
}

func TestBuildIsRemovedOnlyWhenNoRequestReadsIt(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	dir := t.TempDir()
	csv := filepath.Join(dir, "data", "ratings", "latest.csv")
	writeFile(t, csv, practiceCSV(2, "v1"))
	s, _ := startWith(t, ctx, dir, "", func(c *Config) { c.Poll = time.Hour })
	_, held := s.acquire() // a slow request on the first build
	first := held.dir
	for v := 2; v <= 4; v++ {
		writeFile(t, csv, practiceCSV(2, fmt.Sprintf("v%d", v)))
		s.Rebuild(ctx)
	}
	if s.state.Load().tree == held {
		t.Fatal("no new build was published")
	}
	if _, err := os.Stat(filepath.Join(first, "index.html")); err != nil {
		t.Errorf("a build still being read was removed: %v", err)
	}
	if entries, _ := os.ReadDir(s.Dir()); len(entries) != 2 {
		t.Errorf("builds in %s: %v, want the one being read and the current one", s.Dir(), entries)
	}
	held.release()
	if _, err := os.Stat(first); !os.IsNotExist(err) {
		t.Errorf("a retired build was kept after its last reader ended: %v", err)
	}
}

func TestStoppedDuringTheFirstBuild(t *testing.T) {
	tmp := privateTemp(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "data", "ratings", "r.csv"), practiceCSV(20, "v1"))
	ctx, cancel := context.WithCancel(context.Background())
	// Cancel as soon as the first build has begun writing.
	go func() {
		for {
			if m, _ := filepath.Glob(filepath.Join(tmp, "ratingsite-serve-*", "build-1", "*")); len(m) > 0 {
				cancel()
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	var log syncBuffer
	s, err := Start(ctx, Config{
		Build: pipeline.Config{DataDir: filepath.Join(dir, "data"), ContentDir: filepath.Join(dir, "content"),
			TemplatesDir: filepath.Join(dir, "templates"), AssetsDir: filepath.Join(dir, "assets")},
		Addr: "127.0.0.1:0", Stdout: &log, Stderr: &log,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Wait(); err != nil {
		t.Errorf("Wait: %v", err)
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
	if strings.Contains(log.String(), "Serving") {
		t.Errorf("said it was serving after being stopped:\n%s", log.String())
	}
}

// FuzzRequestPath: whatever the request line, a path that requestPath
// accepts is clean, local and inside the root, and the redirect made from
// it stays on this server.
func FuzzRequestPath(f *testing.F) {
	for _, seed := range []string{"/", "/a/b/", "/../x", "//evil.example/..", `/\evil`, "/%2e%2e/", "/a%2fb", "/a%5cb",
		"http://evil.example/../x", "/a/./b", "/a//b", "/%00", "/ratings/practices/1-2", "*", "/é/ü"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, target string) {
		r, err := http.ReadRequest(bufio.NewReader(strings.NewReader("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n")))
		if err != nil {
			return
		}
		p, ok := requestPath(r)
		if !ok {
			return
		}
		clean := path.Clean(p)
		if strings.HasSuffix(p, "/") && clean != "/" {
			clean += "/"
		}
		if clean != p || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\x00") {
			t.Fatalf("requestPath(%q) accepted %q", target, p)
		}
		name := strings.TrimPrefix(path.Clean(p), "/")
		if name == ".." || strings.HasPrefix(name, "../") {
			t.Fatalf("requestPath(%q) = %q leaves the root", target, p)
		}
		if name != "" {
			if redirect := (&url.URL{Path: "/" + name + "/"}).EscapedPath(); !localRedirect(redirect) {
				t.Fatalf("redirect for %q is %q", target, redirect)
			}
		}
	})
}
