// Package deploy copies a built site to an object store (S3 or any
// S3-compatible store, Google Cloud Storage, Azure Blob Storage, or a local
// folder) through gocloud.dev/blob, uploading only what changed and
// setting each object's Content-Type, Cache-Control and Content-Encoding
// from internal/headers, the rules that also write _headers.
//
// A deploy never shows visitors half a site: it uploads in phases
// (fingerprinted assets, then data files, then HTML pages, then deletes)
// and starts a phase only when every upload of the one before succeeded.
// A deploy that fails midway leaves old pages pointing at assets and data
// that still exist, and new pages only where all they refer to is
// already uploaded; the next deploy completes it.
package deploy

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"

	"ratingsite/internal/headers"
	"ratingsite/internal/humanize"
)

// DefaultMaxDeletes is how many remote files a deploy deletes at most
// unless told otherwise, as Hugo's maxDeletes.
const DefaultMaxDeletes = 256

// MarkerKey is the object that records which header rules the objects were
// uploaded with. It is written last, so a deploy that fails leaves the
// previous one.
const MarkerKey = ".ratingsite-deploy"

// Config is one deploy. `ratingsite deploy` fills it from its flags (and
// the [deploy] section of ratingsite.toml, where that is wired in).
type Config struct {
	// Dir is the built site (the build's -out).
	Dir string
	// Target is a gocloud.dev/blob URL: s3://bucket?region=…&endpoint=…,
	// gs://bucket, azblob://container, file:///path.
	Target string
	// MaxDeletes is the most remote files the deploy may delete; over it,
	// nothing is uploaded or deleted. 0 means DefaultMaxDeletes; -1 none.
	MaxDeletes int
	// DryRun plans the deploy and changes nothing.
	DryRun bool
	// Force uploads every file, changed or not.
	Force bool
	// Workers is how many uploads run at once (default 8).
	Workers int
	// Attempts is how often an upload or delete is tried (default 4),
	// with a backoff from Backoff (default 250 ms) doubling each time.
	Attempts int
	Backoff  time.Duration
	// Progress, if set, is called as files are uploaded and deleted.
	Progress func(done, total int, bytes int64)
}

// Phase orders uploads.
type Phase int

const (
	Assets Phase = iota // fingerprinted assets: new names, never overwritten in use
	Data                // everything but HTML: JSON, GeoJSON, CSV, images, feeds
	Pages               // HTML, which refers to all of the above
	Deletes
)

func (p Phase) String() string {
	return [...]string{"assets", "data", "pages", "deletes"}[p]
}

// Item is one file to upload.
type Item struct {
	Key      string // object key = site path ("practices/1-2/index.html")
	Phase    Phase
	Source   string // local file whose bytes are uploaded (the .gz sibling for gzip)
	Size     int64  // bytes uploaded
	MD5      []byte // of the bytes uploaded
	Meta     headers.Meta
	Encoding string // "gzip" or ""
}

// Plan is what a deploy will do.
type Plan struct {
	Uploads   []Item   // in upload order
	Deletes   []string // remote keys the site no longer has
	Unchanged int
	Bytes     int64 // to upload
	// Reupload says why every file is uploaded, when it is ("the header
	// rules changed since the last deploy").
	Reupload string
}

// Count returns the uploads of phase p.
func (pl *Plan) Count(p Phase) int {
	n := 0
	for _, it := range pl.Uploads {
		if it.Phase == p {
			n++
		}
	}
	return n
}

// Result is what a deploy did.
type Result struct {
	Plan     *Plan
	Uploaded int
	Deleted  int
	Bytes    int64 // uploaded
	// Requests counts the object-store operations: list pages, reads of
	// attributes, uploads, deletes (each one HTTP request on S3 for files
	// under its multipart threshold), retries included.
	Requests int64
	Elapsed  time.Duration
	// Failed names the files that could not be uploaded or deleted.
	Failed []Failure
}

// Failure is one file that failed.
type Failure struct {
	Key string
	Err error
}

func (f Failure) String() string { return f.Key + ": " + f.Err.Error() }

// Open opens the target bucket. Credentials come from each provider's
// usual environment (AWS_ACCESS_KEY_ID…, GOOGLE_APPLICATION_CREDENTIALS,
// AZURE_STORAGE_ACCOUNT…), never from the URL or a config file.
func Open(ctx context.Context, target string) (*blob.Bucket, error) {
	if target == "" {
		return nil, errors.New("no target: give -target URL (s3://bucket?region=…, gs://bucket, azblob://container or file:///path)")
	}
	b, err := blob.OpenBucket(ctx, target)
	if err != nil {
		return nil, fmt.Errorf("cannot open %s: %w", redact(target), err)
	}
	return b, nil
}

// redact drops the query of a target URL from messages (it may hold an
// endpoint with credentials in it).
func redact(target string) string {
	if i := strings.IndexByte(target, '?'); i >= 0 {
		return target[:i] + "?…"
	}
	return target
}

// Deploy opens cfg.Target and deploys cfg.Dir to it.
func Deploy(ctx context.Context, cfg Config) (*Result, error) {
	b, err := Open(ctx, cfg.Target)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	return Run(ctx, b, cfg)
}

// gzipped are the large downloads uploaded gzip-compressed (with
// Content-Encoding: gzip) when the build wrote a .gz sibling (-compress).
// Object stores do not choose between a file and its .gz by the request's
// Accept-Encoding, so no .gz or .br sibling is uploaded as a file.
var gzipped = []string{".geojson", ".csv"}

// local lists the files of the site to upload, with their metadata.
func local(dir string) ([]Item, error) {
	var paths []string
	exists := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || strings.HasPrefix(d.Name(), ".") || rel == "_headers" || rel == "_redirects" {
			return nil
		}
		exists[rel] = true
		paths = append(paths, rel)
		return nil
	})
	if err != nil {
		return nil, err
	}
	top := map[string]bool{}
	for _, p := range paths {
		top[strings.SplitN(p, "/", 2)[0]] = true
	}
	site := headers.Site{Prefix: "/", Top: top}
	rules := site.Rules()
	var items []Item
	for _, p := range paths {
		if ext := path.Ext(p); (ext == ".gz" || ext == ".br") && exists[strings.TrimSuffix(p, ext)] {
			continue // a -compress sibling
		}
		it := Item{Key: p, Source: filepath.Join(dir, filepath.FromSlash(p)), Meta: site.Object(rules, p), Phase: phaseOf(p)}
		if slices.Contains(gzipped, path.Ext(p)) && exists[p+".gz"] {
			it.Source += ".gz"
			it.Encoding = "gzip"
		}
		items = append(items, it)
	}
	return items, nil
}

func phaseOf(p string) Phase {
	switch {
	case strings.HasPrefix(p, headers.AssetsDir+"/"):
		return Assets
	case path.Ext(p) == ".html":
		return Pages
	}
	return Data
}

// fingerprint identifies the header rules and content types objects are
// uploaded with; when it changes, every object is uploaded again so its
// metadata follows.
func fingerprint() string {
	site := headers.Site{Prefix: "/", Top: map[string]bool{headers.AssetsDir: true, headers.EmbedDir: true, "a": true, "b.txt": true}}
	h := sha256.New()
	h.Write(headers.File(site.Rules()))
	for _, ext := range []string{".html", ".css", ".js", ".json", ".geojson", ".csv", ".txt", ".svg", ".xml", "feed.xml", ".png", ".ico", ".webmanifest", ".woff2"} {
		fmt.Fprintf(h, "%s %s\n", ext, headers.ContentType("x"+ext))
	}
	fmt.Fprintf(h, "gzip %v\n", gzipped)
	return hex.EncodeToString(h.Sum(nil))
}

const markerMagic = "ratingsite deploy 1\n"

// counter counts requests.
type counter struct{ n atomic.Int64 }

func (c *counter) add() { c.n.Add(1) }

// remote is one object of the bucket.
type remote struct {
	size int64
	md5  []byte
}

// listRemote lists every object of the bucket. Pages hold 1,000 objects
// (S3's most), except on file://, which lists in one page: its pages
// follow the file system's walk order ("a/index" before "a/index.html"),
// not the keys' order that its page tokens assume, and would skip keys.
func listRemote(ctx context.Context, b *blob.Bucket, c *counter) (map[string]remote, error) {
	out := map[string]remote{}
	var token = blob.FirstPageToken
	pageSize := 1000
	if fi := os.FileInfo(nil); b.As(&fi) { // fileblob answers As with its folder's FileInfo
		pageSize = 1 << 20 // ListPage allocates room for a whole page
	}
	for {
		c.add()
		objs, next, err := b.ListPage(ctx, token, pageSize, nil)
		if err != nil {
			return nil, fmt.Errorf("cannot list the target: %w", err)
		}
		for _, o := range objs {
			if !o.IsDir {
				out[o.Key] = remote{size: o.Size, md5: o.MD5}
			}
		}
		if len(next) == 0 {
			return out, nil
		}
		token = next
	}
}

// MakePlan compares the site with the bucket.
func MakePlan(ctx context.Context, b *blob.Bucket, cfg Config) (*Plan, error) {
	return makePlan(ctx, b, cfg, &counter{})
}

func makePlan(ctx context.Context, b *blob.Bucket, cfg Config, c *counter) (*Plan, error) {
	if st, err := os.Stat(cfg.Dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s is not a built site: run `ratingsite build -out %s` first", cfg.Dir, cfg.Dir)
	}
	items, err := local(cfg.Dir)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("%s holds no site files: run `ratingsite build -out %s` first", cfg.Dir, cfg.Dir)
	}
	rem, err := listRemote(ctx, b, c)
	if err != nil {
		return nil, err
	}
	pl := &Plan{}
	if cfg.Force {
		pl.Reupload = "-force"
	} else if len(rem) > 0 {
		c.add()
		marker, err := b.ReadAll(ctx, MarkerKey)
		switch {
		case gcerrors.Code(err) == gcerrors.NotFound:
			pl.Reupload = "the target has no record of the header rules its files were uploaded with"
		case err != nil:
			return nil, fmt.Errorf("cannot read %s from the target: %w", MarkerKey, err)
		case string(marker) != markerMagic+fingerprint()+"\n":
			pl.Reupload = "the header rules changed since the last deploy"
		}
	}
	// Hash every file (a few hundred MB at most; far quicker than the
	// network), in parallel.
	var wg sync.WaitGroup
	errs := make([]error, len(items))
	next := atomic.Int64{}
	for range max(2, workers(cfg)/2) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(items) {
					return
				}
				errs[i] = hashItem(&items[i])
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, it := range items {
		r, ok := rem[it.Key]
		delete(rem, it.Key)
		if ok && pl.Reupload == "" && r.size == it.Size {
			sum := r.md5
			if sum == nil {
				// Not an MD5 ETag (a multipart upload): read the MD5 this
				// tool kept in the object's metadata.
				c.add()
				a, err := b.Attributes(ctx, it.Key)
				if err == nil {
					sum, _ = hex.DecodeString(a.Metadata["md5"])
				}
			}
			if bytes.Equal(sum, it.MD5) {
				pl.Unchanged++
				continue
			}
		}
		pl.Uploads = append(pl.Uploads, it)
		pl.Bytes += it.Size
	}
	slices.SortStableFunc(pl.Uploads, func(a, b Item) int { return int(a.Phase) - int(b.Phase) })
	delete(rem, MarkerKey)
	for k := range rem {
		pl.Deletes = append(pl.Deletes, k)
	}
	slices.Sort(pl.Deletes)
	return pl, nil
}

func hashItem(it *Item) error {
	f, err := os.Open(it.Source)
	if err != nil {
		return err
	}
	defer f.Close()
	h := md5.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", it.Source, err)
	}
	it.Size, it.MD5 = n, h.Sum(nil)
	return nil
}

func workers(cfg Config) int {
	if cfg.Workers > 0 {
		return cfg.Workers
	}
	return 8
}

// ErrTooManyDeletes is returned when the plan deletes more than allowed.
var ErrTooManyDeletes = errors.New("too many deletes")

// Run deploys cfg.Dir to b.
func Run(ctx context.Context, b *blob.Bucket, cfg Config) (*Result, error) {
	start := time.Now()
	c := &counter{}
	res := &Result{}
	defer func() { res.Requests = c.n.Load(); res.Elapsed = time.Since(start) }()
	pl, err := makePlan(ctx, b, cfg, c)
	if err != nil {
		return res, err
	}
	res.Plan = pl
	limit := cfg.MaxDeletes
	if limit == 0 {
		limit = DefaultMaxDeletes
	}
	if limit < 0 {
		limit = 0
	}
	if len(pl.Deletes) > limit {
		return res, fmt.Errorf("%w: the target holds %d files that %s does not (first: %s); the limit is %d. Check -target, or rerun with -max-deletes %d",
			ErrTooManyDeletes, len(pl.Deletes), cfg.Dir, strings.Join(pl.Deletes[:min(3, len(pl.Deletes))], ", "), limit, len(pl.Deletes))
	}
	if cfg.DryRun {
		return res, nil
	}
	total := len(pl.Uploads) + len(pl.Deletes)
	var done atomic.Int64
	var sent atomic.Int64
	progress := func() {
		if cfg.Progress != nil {
			cfg.Progress(int(done.Load()), total, sent.Load())
		}
	}
	for phase := Assets; phase <= Deletes; phase++ {
		var jobs []func(context.Context) error
		var keys []string
		if phase == Deletes {
			for _, k := range pl.Deletes {
				keys = append(keys, k)
				jobs = append(jobs, func(ctx context.Context) error {
					c.add()
					err := b.Delete(ctx, k)
					if gcerrors.Code(err) == gcerrors.NotFound {
						return nil
					}
					return err
				})
			}
		} else {
			for _, it := range pl.Uploads {
				if it.Phase != phase {
					continue
				}
				keys = append(keys, it.Key)
				jobs = append(jobs, func(ctx context.Context) error {
					c.add()
					err := upload(ctx, b, it)
					if err == nil {
						sent.Add(it.Size)
					}
					return err
				})
			}
		}
		failed := runAll(ctx, cfg, keys, jobs, func() { done.Add(1); progress() })
		res.Failed = append(res.Failed, failed...)
		if phase == Deletes {
			res.Deleted = len(jobs) - len(failed)
		} else {
			res.Uploaded += len(jobs) - len(failed)
		}
		if len(failed) > 0 {
			res.Bytes = sent.Load()
			return res, fmt.Errorf("%s of %d failed in the %s phase; later phases were not started, so the site the target serves is the previous one with only whole phases updated. Run the deploy again to complete it", humanize.Plural(len(failed), "file"), len(jobs), phase)
		}
		if err := ctx.Err(); err != nil {
			return res, err
		}
	}
	res.Bytes = sent.Load()
	c.add()
	if err := b.WriteAll(ctx, MarkerKey, []byte(markerMagic+fingerprint()+"\n"), &blob.WriterOptions{ContentType: "text/plain; charset=utf-8", CacheControl: "no-store"}); err != nil {
		return res, fmt.Errorf("every file was deployed, but %s could not be written (the next deploy will upload everything again): %w", MarkerKey, err)
	}
	return res, nil
}

// maxFailures stops a phase early: a target that refuses this many files
// is not going to take the rest.
const maxFailures = 10

// runAll runs jobs with cfg.Workers at once, each tried cfg.Attempts
// times with a doubling backoff, and returns those that failed.
func runAll(ctx context.Context, cfg Config, keys []string, jobs []func(context.Context) error, tick func()) []Failure {
	attempts := cfg.Attempts
	if attempts <= 0 {
		attempts = 4
	}
	backoff := cfg.Backoff
	if backoff <= 0 {
		backoff = 250 * time.Millisecond
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu     sync.Mutex
		failed []Failure
		next   atomic.Int64
		wg     sync.WaitGroup
	)
	for range workers(cfg) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) || ctx.Err() != nil {
					return
				}
				var err error
				wait := backoff
				for a := 0; a < attempts; a++ {
					if err = jobs[i](ctx); err == nil || ctx.Err() != nil {
						break
					}
					if a+1 < attempts {
						select {
						case <-time.After(wait):
						case <-ctx.Done():
						}
						wait *= 2
					}
				}
				if err != nil {
					mu.Lock()
					failed = append(failed, Failure{Key: keys[i], Err: err})
					if len(failed) >= maxFailures {
						cancel()
					}
					mu.Unlock()
					continue
				}
				tick()
			}
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		// Jobs never started count as failed too: name them all.
		seen := map[string]bool{}
		for _, f := range failed {
			seen[f.Key] = true
		}
		for i := int(min(next.Load(), int64(len(jobs)))); i < len(jobs); i++ {
			if !seen[keys[i]] {
				failed = append(failed, Failure{Key: keys[i], Err: errors.New("not attempted")})
			}
		}
	}
	slices.SortFunc(failed, func(a, b Failure) int { return strings.Compare(a.Key, b.Key) })
	return failed
}

// beforeUpload lets tests inject a fault (kill the server, fail a request).
var beforeUpload func(key string) error

// upload writes one object with its metadata.
func upload(ctx context.Context, b *blob.Bucket, it Item) error {
	if beforeUpload != nil {
		if err := beforeUpload(it.Key); err != nil {
			return err
		}
	}
	data, err := os.ReadFile(it.Source)
	if err != nil {
		return err
	}
	if sum := md5.Sum(data); !bytes.Equal(sum[:], it.MD5) {
		return fmt.Errorf("%s changed during the deploy: build again, then deploy", it.Source)
	}
	return b.WriteAll(ctx, it.Key, data, &blob.WriterOptions{
		ContentType:     it.Meta.ContentType,
		CacheControl:    it.Meta.CacheControl,
		ContentEncoding: it.Encoding,
		ContentMD5:      it.MD5,
		Metadata:        map[string]string{"md5": hex.EncodeToString(it.MD5)},
	})
}
