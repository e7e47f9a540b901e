package serve

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"html"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"ratingsite/internal/pipeline"
	"ratingsite/internal/urls"
)

// DefaultAddr is where the server listens unless told otherwise: this
// machine only.
const DefaultAddr = "127.0.0.1:8080"

// DefaultPoll is how often the inputs are checked for changes.
const DefaultPoll = 300 * time.Millisecond

// DefaultDebounce is how long the inputs must stay still after a change
// before a rebuild starts.
const DefaultDebounce = 100 * time.Millisecond

// DefaultSettle is how old the newest input's modification time must be
// before a rebuild starts: a writer that pauses for less leaves no
// half-written file in the preview.
const DefaultSettle = time.Second

// DefaultMaxWait is how long a CSV file that does not yet end with a line
// break (a file still being written, most likely) is waited for before it
// is built as it is.
const DefaultMaxWait = 10 * time.Second

const (
	// ScriptPath and EventsPath are served at the root whatever the base
	// URL's prefix, on the site's own origin, so the CSP's 'self' allows
	// them.
	ScriptPath = "/_ratingsite/livereload.js"
	EventsPath = "/_ratingsite/events"
	// ScriptTag is inserted before </body> in every HTML response.
	ScriptTag = `<script src="` + ScriptPath + `" defer></script>`
)

//go:embed livereload.js
var liveReloadJS []byte

// Config configures a preview server.
type Config struct {
	// Build names the inputs. OutDir is ignored: the site is built into a
	// temporary directory. An empty BaseURL means http://<Addr>/.
	Build pipeline.Config
	// Addr is the host:port to listen on; "" means DefaultAddr. A host that
	// is not a loopback address makes the preview reachable from the
	// network, and a warning says so.
	Addr string
	// Poll is how often the inputs are checked; 0 means DefaultPoll.
	Poll time.Duration
	// Debounce is how long the inputs must be still before a rebuild; 0
	// means DefaultDebounce.
	Debounce time.Duration
	// Settle is how old the newest input's modification time must be
	// before a rebuild; 0 means DefaultSettle.
	Settle time.Duration
	// MaxWait is how long a recently changed CSV file that does not end
	// with a line break is waited for; 0 means DefaultMaxWait.
	MaxWait time.Duration
	// Stdout receives the address and one line per successful build;
	// Stderr receives warnings and build errors. nil discards.
	Stdout, Stderr io.Writer
}

// Server is a running preview. Start one with Start and wait for it with
// Wait.
type Server struct {
	cfg    Config
	ln     net.Listener
	prefix string   // the base URL's path, "/" or "/ratings/"
	url    string   // where to open the preview
	tmp    string   // private directory holding the builds
	runID  string   // distinguishes this process's build IDs from an earlier one's
	dirs   []string // the input directories, watched

	buildMu sync.Mutex // serialises builds
	builds  int        // numbers the build directories
	// afterBuild, when set by a test, runs between a build and the check
	// that its inputs did not change meanwhile.
	afterBuild func()

	state atomic.Pointer[state]

	subMu sync.Mutex
	subs  map[chan string]struct{}

	closing chan struct{} // closed when shutting down; ends event streams
	done    chan struct{} // closed when everything is cleaned up
	err     error         // set before done is closed
}

// state is what a request sees: the last good tree and whether the latest
// build failed.
type state struct {
	id       string   // the latest build's event ID
	tree     *tree    // the last good build; nil until one succeeds
	problems []string // the latest build's errors; nil when it succeeded
}

// tree is one successful build. Requests hold a reference while they read
// it; a tree that is no longer current is removed when the last reference
// goes.
type tree struct {
	dir     string // the site, in a directory of its own
	rules   []headerRule
	refs    atomic.Int64
	retired atomic.Bool
	remove  sync.Once
}

// release drops a request's reference, removing the tree if it was the
// last one to a retired tree.
func (t *tree) release() {
	if t.refs.Add(-1) == 0 && t.retired.Load() {
		t.cleanup()
	}
}

// retire marks a tree that is no longer current, removing it at once if no
// request is reading it.
func (t *tree) retire() {
	t.retired.Store(true)
	if t.refs.Load() == 0 {
		t.cleanup()
	}
}

// cleanup removes the build's directory: the site and whatever the build
// wrote beside it (its state file).
func (t *tree) cleanup() { t.remove.Do(func() { os.RemoveAll(filepath.Dir(t.dir)) }) }

// acquire returns the current state and a reference to its tree (nil before
// the first good build), which the caller releases. The tree is checked to
// be current after the reference is taken, so retire never removes a tree
// a request has acquired.
func (s *Server) acquire() (*state, *tree) {
	for {
		st := s.state.Load()
		t := st.tree
		if t == nil {
			return st, nil
		}
		t.refs.Add(1)
		if s.state.Load().tree == t {
			return st, t
		}
		t.release()
	}
}

// Run starts a preview server and blocks until ctx is cancelled and it has
// shut down and removed its temporary directory.
func Run(ctx context.Context, cfg Config) error {
	s, err := Start(ctx, cfg)
	if err != nil {
		return err
	}
	return s.Wait()
}

// Start listens on cfg.Addr, builds the site once, and then serves it and
// watches the inputs in the background until ctx is cancelled.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Addr == "" {
		cfg.Addr = DefaultAddr
	}
	if cfg.Poll <= 0 {
		cfg.Poll = DefaultPoll
	}
	if cfg.Debounce <= 0 {
		cfg.Debounce = DefaultDebounce
	}
	if cfg.Settle <= 0 {
		cfg.Settle = DefaultSettle
	}
	if cfg.MaxWait <= 0 {
		cfg.MaxWait = DefaultMaxWait
	}
	if cfg.Stdout == nil {
		cfg.Stdout = io.Discard
	}
	if cfg.Stderr == nil {
		cfg.Stderr = io.Discard
	}
	givenBase := cfg.Build.BaseURL
	cfg.Build = cfg.Build.WithDefaults()
	cfg.Build.BaseURL = givenBase // serve derives its own default from the address

	ln, err := listen(cfg.Addr, cfg.Stderr)
	if err != nil {
		return nil, err
	}
	hostPort := localHostPort(cfg.Addr, ln.Addr())
	if cfg.Build.BaseURL == "" {
		cfg.Build.BaseURL = "http://" + hostPort + "/"
	}
	base, err := urls.Parse(cfg.Build.BaseURL)
	if err != nil {
		ln.Close()
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "ratingsite-serve-")
	if err != nil {
		ln.Close()
		return nil, err
	}
	s := &Server{
		cfg:     cfg,
		ln:      ln,
		prefix:  base.Path(),
		url:     "http://" + hostPort + base.EscapedPath(),
		tmp:     tmp,
		runID:   strconv.FormatInt(time.Now().UnixNano(), 36),
		subs:    map[chan string]struct{}{},
		closing: make(chan struct{}),
		done:    make(chan struct{}),
	}
	s.state.Store(&state{id: s.runID + "-0"})

	s.dirs = []string{cfg.Build.DataDir, cfg.Build.ContentDir, cfg.Build.TemplatesDir, cfg.Build.AssetsDir}
	fp := fingerprint(s.dirs)
	s.Rebuild(ctx)
	if ctx.Err() != nil {
		// Stopped during the first build: nothing was served.
		ln.Close()
		close(s.closing)
		s.err = os.RemoveAll(s.tmp)
		close(s.done)
		return s, nil
	}

	ctx, cancel := context.WithCancel(ctx)
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	var wg sync.WaitGroup
	var serveErr error
	wg.Go(func() {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			serveErr = err
			cancel()
		}
	})
	wg.Go(func() {
		watch(ctx, watcher{dirs: s.dirs, poll: cfg.Poll, debounce: cfg.Debounce, settle: cfg.Settle,
			maxWait: cfg.MaxWait, log: cfg.Stderr}, fp, func() { s.Rebuild(ctx) })
	})
	fmt.Fprintf(cfg.Stdout, "Serving %s (press Ctrl-C to stop)\n", s.url)
	go func() {
		<-ctx.Done()
		close(s.closing)
		sctx, stop := context.WithTimeout(context.Background(), 5*time.Second)
		err := srv.Shutdown(sctx)
		stop()
		if err != nil {
			srv.Close()
		}
		wg.Wait() // the server has stopped and no build is running
		cancel()
		s.err = errors.Join(serveErr, os.RemoveAll(s.tmp))
		close(s.done)
	}()
	return s, nil
}

// Wait blocks until the server has shut down and removed its temporary
// directory.
func (s *Server) Wait() error {
	<-s.done
	return s.err
}

// URL is where the preview is served, including the base URL's prefix.
func (s *Server) URL() string { return s.url }

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Dir is the private directory the builds are written to.
func (s *Server) Dir() string { return s.tmp }

// listen listens on addr and warns on w when the address is reachable from
// other machines: any address that is not loopback, including an
// unspecified host such as ":8080" or "0.0.0.0:8080".
func listen(addr string, w io.Writer) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	if !Loopback(ln.Addr()) {
		fmt.Fprintf(w, "warning: -addr %s is reachable from the network: anyone who can reach this machine can read the preview\n", addr)
	}
	return ln, nil
}

// Loopback reports whether a listener's address accepts connections from
// this machine only.
func Loopback(a net.Addr) bool {
	t, ok := a.(*net.TCPAddr)
	return ok && t.IP.IsLoopback()
}

// localHostPort is the host:port to put in URLs: the host as given (or
// localhost when it is empty or unspecified) and the port actually bound,
// which differs from the one given when that was 0.
func localHostPort(addr string, bound net.Addr) string {
	host, _, _ := net.SplitHostPort(addr)
	_, port, _ := net.SplitHostPort(bound.String())
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// Rebuild builds the site into a new directory under the server's
// temporary directory, makes it current if it succeeded, reports the
// outcome, and tells every open page to reload. Builds never overlap. A
// build during which an input changed is discarded without a trace: the
// watcher sees the change and builds again once the inputs are still.
func (s *Server) Rebuild(ctx context.Context) {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	s.builds++
	cfg := s.cfg.Build
	// Each build has a directory of its own, so that what the build writes
	// beside its output (its state file) goes when the build does.
	work := filepath.Join(s.tmp, fmt.Sprintf("build-%d", s.builds))
	cfg.OutDir = filepath.Join(work, "site")
	before := fingerprint(s.dirs)
	res, err := pipeline.Build(ctx, cfg)
	if ctx.Err() != nil {
		os.RemoveAll(work)
		return // shutting down: no report, no event
	}
	if s.afterBuild != nil {
		s.afterBuild()
	}
	stamp := time.Now().Format("15:04:05")
	if fingerprint(s.dirs) != before {
		os.RemoveAll(work)
		fmt.Fprintf(s.cfg.Stderr, "%s inputs changed during the build: discarded it; building again once they are still\n", stamp)
		return
	}
	prev := s.state.Load()
	next := &state{id: fmt.Sprintf("%s-%d", s.runID, s.builds), tree: prev.tree}
	if err != nil {
		os.RemoveAll(work)
		if res != nil && res.Problems != nil {
			for _, p := range res.Problems.Errors() {
				next.problems = append(next.problems, p.String())
			}
		}
		if len(next.problems) == 0 || !errors.Is(err, pipeline.ErrInvalidInput) {
			next.problems = append(next.problems, err.Error())
		}
		for _, p := range next.problems {
			fmt.Fprintln(s.cfg.Stderr, p)
		}
		fmt.Fprintf(s.cfg.Stderr, "%s build failed: %s; the browser shows them above the last good build until they are fixed\n", stamp, count(len(next.problems), "error"))
	} else {
		rules, herr := readHeaders(filepath.Join(cfg.OutDir, "_headers"))
		if herr != nil {
			fmt.Fprintf(s.cfg.Stderr, "warning: %v\n", herr)
		}
		next.tree = &tree{dir: cfg.OutDir, rules: rules}
		fmt.Fprintf(s.cfg.Stdout, "%s built in %s: %s, %s, %s\n", stamp, res.Elapsed.Round(time.Millisecond),
			count(res.Practices, "practice"), count(res.Pages, "page"), count(len(res.Problems.Warnings()), "warning"))
	}
	s.state.Store(next)
	if next.tree != prev.tree && prev.tree != nil {
		prev.tree.retire() // removed once the last request reading it ends
	}
	s.broadcast(next)
}

func count(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// event is one server-sent event: its ID, and data saying how the build
// went. Any message makes the page reload.
func event(st *state) string {
	data := "ok"
	if st.problems != nil {
		data = "failed"
	}
	return "id: " + st.id + "\ndata: " + data + "\n\n"
}

func (s *Server) broadcast(st *state) {
	msg := event(st)
	s.subMu.Lock()
	defer s.subMu.Unlock()
	for ch := range s.subs {
		select {
		case ch <- msg:
		default: // this client has a reload pending already
		}
	}
}

// ServeHTTP serves the live-reload script and events at the root, and the
// site under the base URL's prefix.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p, ok := requestPath(r)
	if !ok {
		http.Error(w, "bad request: the path must be a plain local path, without \"..\", empty segments, backslashes or encoded slashes", http.StatusBadRequest)
		return
	}
	switch p {
	case ScriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		write(w, r, http.StatusOK, liveReloadJS)
		return
	case EventsPath:
		s.serveEvents(w, r)
		return
	}
	if s.prefix != "/" && (p == "/" || p+"/" == s.prefix) {
		http.Redirect(w, r, s.prefix, http.StatusFound)
		return
	}
	st, t := s.acquire()
	if t == nil {
		// No build has succeeded yet: there is nothing to show but the
		// problems.
		if st.problems != nil && isHTML(p) {
			s.serveProblems(w, r, st.problems)
			return
		}
		w.Header().Set("Retry-After", "1")
		http.Error(w, "the site has not been built yet", http.StatusServiceUnavailable)
		return
	}
	defer t.release()
	rel, ok := strings.CutPrefix(p, s.prefix)
	if !ok {
		s.notFound(w, r, st, t)
		return
	}
	s.serveFile(w, r, st, t, rel)
}

// requestPath returns the request's path if it is a plain local path, the
// only kind a static host maps onto a file under its root: one leading
// slash, no empty, "." or ".." segment, no backslash or control character,
// and no encoded slash. Anything else is refused rather than cleaned, so
// that no spelling reaches outside the build directory or turns into a
// redirect to another host.
func requestPath(r *http.Request) (string, bool) {
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") {
		return "", false
	}
	if esc := strings.ToLower(r.URL.EscapedPath()); strings.Contains(esc, "%2f") || strings.Contains(esc, "%5c") {
		return "", false
	}
	segs := strings.Split(p[1:], "/")
	for i, seg := range segs {
		if seg == "" && i < len(segs)-1 || seg == "." || seg == ".." {
			return "", false
		}
		if strings.ContainsFunc(seg, func(c rune) bool { return c == '\\' || c < 0x20 || c == 0x7f }) {
			return "", false
		}
	}
	return p, true
}

// isHTML reports whether a request path names a page: a directory (pretty
// URL), an .html file, or a name without an extension.
func isHTML(p string) bool {
	base := path.Base(p)
	ext := path.Ext(base)
	return strings.HasSuffix(p, "/") || ext == "" || ext == ".html" || ext == ".htm"
}

// serveFile serves rel, a path inside the tree, as a static host would:
// "x/" is "x/index.html", a directory without its slash is redirected to
// it, and anything missing gets the site's 404 page.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, st *state, t *tree, rel string) {
	name := strings.TrimPrefix(path.Clean("/"+rel), "/")
	dir := name
	if rel == "" || strings.HasSuffix(rel, "/") {
		name = path.Join(name, "index.html")
	}
	if hidden(name) {
		s.notFound(w, r, st, t)
		return
	}
	f, err := os.OpenInRoot(t.dir, filepath.FromSlash(name))
	if err != nil {
		s.notFound(w, r, st, t)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		s.notFound(w, r, st, t)
		return
	}
	if info.IsDir() {
		if _, err := os.Stat(filepath.Join(t.dir, filepath.FromSlash(name), "index.html")); err != nil {
			s.notFound(w, r, st, t)
			return
		}
		// The target is rebuilt from the cleaned local name, never from
		// the request, so it always starts with exactly one slash.
		target := (&url.URL{Path: s.prefix + dir + "/"}).EscapedPath()
		if !localRedirect(target) {
			s.notFound(w, r, st, t)
			return
		}
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	data, err := io.ReadAll(f)
	if err != nil {
		// The file is in the tree but cannot be read: a fault of this
		// machine, not of the site, and the same on the host would be 404.
		s.notFound(w, r, st, t)
		return
	}
	s.respond(w, r, st, t, http.StatusOK, name, data)
}

// localRedirect reports whether target is a path on this server that no
// browser reads as another host: one leading slash, not followed by a
// slash or backslash.
func localRedirect(target string) bool {
	return len(target) >= 1 && target[0] == '/' && (len(target) == 1 || target[1] != '/' && target[1] != '\\') &&
		!strings.ContainsAny(target, "\\\x00\r\n")
}

// hidden reports whether a site file is configuration for the host, which
// hosts do not serve, or a dot file.
func hidden(name string) bool {
	if name == "_headers" || name == "_redirects" {
		return true
	}
	for _, seg := range strings.Split(name, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return false
}

// notFound serves the site's 404.html with status 404, or a plain 404 when
// the site has none.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, st *state, t *tree) {
	if data, err := os.ReadFile(filepath.Join(t.dir, "404.html")); err == nil {
		s.respond(w, r, st, t, http.StatusNotFound, "404.html", data)
		return
	}
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// respond writes a site file: the headers _headers gives its URL, its
// media type, no caching, and for HTML the live-reload script and, while
// the latest build has failed, a banner listing its problems.
func (s *Server) respond(w http.ResponseWriter, r *http.Request, st *state, t *tree, status int, name string, data []byte) {
	h := w.Header()
	for _, rule := range t.rules {
		if rule.match(r.URL.Path) {
			for _, kv := range rule.headers {
				h.Set(kv[0], kv[1])
			}
		}
	}
	ct := contentType(name)
	h.Set("Content-Type", ct)
	h.Set("Cache-Control", "no-store")
	if strings.HasPrefix(ct, "text/html") {
		if st.problems != nil {
			data = injectBanner(data, st.problems)
		}
		data = injectScript(data)
	}
	write(w, r, status, data)
}

func write(w http.ResponseWriter, r *http.Request, status int, data []byte) {
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// injectScript inserts the live-reload script tag before the last </body>,
// or appends it when there is none.
func injectScript(page []byte) []byte {
	i := bytes.LastIndex(bytes.ToLower(page), []byte("</body>"))
	if i < 0 {
		return append(page[:len(page):len(page)], ScriptTag...)
	}
	out := make([]byte, 0, len(page)+len(ScriptTag))
	out = append(out, page[:i]...)
	out = append(out, ScriptTag...)
	return append(out, page[i:]...)
}

// BannerID is the id of the banner that heads every page while the latest
// build has failed.
const BannerID = "ratingsite-build-failed"

// maxListed is how many problems the banner and the error page list.
const maxListed = 50

// injectBanner inserts, just after the <body> tag (or at the start when
// there is none), a banner saying that the latest build failed, with its
// problems, escaped. It uses no inline style, which the site's CSP forbids.
func injectBanner(page []byte, problems []string) []byte {
	at := 0
	if i := bytes.Index(bytes.ToLower(page), []byte("<body")); i >= 0 {
		if j := bytes.IndexByte(page[i:], '>'); j >= 0 {
			at = i + j + 1
		}
	}
	var b strings.Builder
	b.WriteString(`<div id="` + BannerID + `" role="alert"><h2>The latest build failed</h2>` +
		`<p>This page is from the last build that succeeded. Fix the input and save: the page reloads when the site builds again.</p>`)
	listProblems(&b, problems)
	b.WriteString("</div>")
	out := make([]byte, 0, len(page)+b.Len())
	out = append(out, page[:at]...)
	out = append(out, b.String()...)
	return append(out, page[at:]...)
}

// listProblems writes the problems as an escaped list, at most maxListed.
func listProblems(b *strings.Builder, problems []string) {
	fmt.Fprintf(b, "<h3>%s</h3><ul>", html.EscapeString(count(len(problems), "error")))
	for i, p := range problems {
		if i == maxListed {
			fmt.Fprintf(b, "<li>and %d more (all are in the terminal)</li>", len(problems)-maxListed)
			break
		}
		b.WriteString("<li><code>" + html.EscapeString(p) + "</code></li>")
	}
	b.WriteString("</ul>")
}

// contentType is the Content-Type of a site file, from its extension.
func contentType(name string) string {
	const utf8 = "; charset=utf-8"
	switch path.Ext(name) {
	case ".html", ".htm":
		return "text/html" + utf8
	case ".css":
		return "text/css" + utf8
	case ".js", ".mjs":
		return "text/javascript" + utf8
	case ".json":
		return "application/json"
	case ".geojson":
		return "application/geo+json"
	case ".webmanifest":
		return "application/manifest+json"
	case ".svg":
		return "image/svg+xml"
	case ".xml":
		return "application/xml"
	case ".txt", ".md":
		return "text/plain" + utf8
	case ".csv":
		return "text/csv" + utf8
	case ".ico":
		return "image/x-icon"
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".webp":
		return "image/webp"
	case ".woff2":
		return "font/woff2"
	case ".pdf":
		return "application/pdf"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// errorCSP is the policy of the build-error page: its own script and
// nothing else.
const errorCSP = "default-src 'none'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"

// serveProblems serves the page shown instead of every HTML page while no
// build has succeeded yet, with status 503: there is no site to serve.
func (s *Server) serveProblems(w http.ResponseWriter, r *http.Request, problems []string) {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width, initial-scale=1">` +
		`<title>Build failed: ratingsite serve</title></head><body><main>` +
		`<h1>The build failed</h1><p>The site has not been built yet. Fix the input and save: this page reloads when the site builds.</p>`)
	listProblems(&b, problems)
	b.WriteString("</main>" + ScriptTag + "</body></html>\n")
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", errorCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Retry-After", "1")
	write(w, r, http.StatusServiceUnavailable, []byte(b.String()))
}

// serveEvents streams one server-sent event per build. On connecting it
// sends the latest build's ID without an event, so that EventSource quotes
// it when it reconnects; a client that reconnects with an older ID (it
// missed a build, or this is a new server process) gets an event at once.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	ch := make(chan string, 1)
	s.subMu.Lock()
	s.subs[ch] = struct{}{}
	s.subMu.Unlock()
	defer func() {
		s.subMu.Lock()
		delete(s.subs, ch)
		s.subMu.Unlock()
	}()

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	st := s.state.Load()
	hello := "retry: 1000\n: ratingsite serve\n"
	if last := r.Header.Get("Last-Event-ID"); last != "" && last != st.id {
		hello += event(st)
	} else {
		hello += "id: " + st.id + "\n\n"
	}
	if _, err := io.WriteString(w, hello); err != nil || rc.Flush() != nil {
		return
	}
	keepAlive := time.NewTicker(30 * time.Second)
	defer keepAlive.Stop()
	for {
		var msg string
		select {
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		case msg = <-ch:
		case <-keepAlive.C:
			msg = ": keep-alive\n\n"
		}
		if _, err := io.WriteString(w, msg); err != nil || rc.Flush() != nil {
			return
		}
	}
}

// headerRule is one block of a _headers file: a URL pattern, in which *
// matches any run of characters, and the headers for matching URLs.
type headerRule struct {
	pattern string
	headers [][2]string
}

// readHeaders parses a _headers file (Netlify and Cloudflare Pages
// syntax): a URL pattern on a line of its own, then indented "Name: value"
// lines; # starts a comment. A missing file has no rules.
func readHeaders(file string) ([]headerRule, error) {
	data, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return parseHeaders(string(data)), nil
}

func parseHeaders(text string) []headerRule {
	var rules []headerRule
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' {
			if u, err := url.Parse(trimmed); err == nil && u.Host != "" {
				trimmed = u.Path // an absolute URL pattern names its path
			}
			rules = append(rules, headerRule{pattern: trimmed})
			continue
		}
		name, value, ok := strings.Cut(trimmed, ":")
		if !ok || len(rules) == 0 {
			continue
		}
		last := &rules[len(rules)-1]
		last.headers = append(last.headers, [2]string{strings.TrimSpace(name), strings.TrimSpace(value)})
	}
	return rules
}

// match reports whether the URL path p matches the rule's pattern.
func (hr headerRule) match(p string) bool {
	parts := strings.Split(hr.pattern, "*")
	if len(parts) == 1 {
		return p == hr.pattern
	}
	rest, ok := strings.CutPrefix(p, parts[0])
	if !ok {
		return false
	}
	for _, mid := range parts[1 : len(parts)-1] {
		i := strings.Index(rest, mid)
		if i < 0 {
			return false
		}
		rest = rest[i+len(mid):]
	}
	return strings.HasSuffix(rest, parts[len(parts)-1])
}
