package fetch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"ratingsite/internal/cqc"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultAPI is the CQC API's base URL.
const DefaultAPI = "https://api.service.cqc.org.uk/public/v1"

// perPage is the page size asked of the API's lists (its maximum).
const perPage = 1000

// maxDocument bounds one location document; real ones are under 100 kB.
const maxDocument = 16 << 20

// Options configure an API sync.
type Options struct {
	// DataDir is the site's data folder; documents go to DataDir/api.
	DataDir string
	// API is the base URL, DefaultAPI if empty.
	API string
	// Key is the subscription key, sent as Ocp-Apim-Subscription-Key to
	// the API's host only.
	Key string
	// UserAgent names the program and a contact.
	UserAgent string
	// Category is the primary inspection category code to list ("P2",
	// GP practices). Changed documents of other categories are written
	// only if the folder already holds them.
	Category string
	// Full lists every location even when a state file holds the last
	// window, so that an incremental sync could be made.
	Full bool
	// Rate is the most requests a minute; 0 means no limit.
	Rate int
	// Workers is how many documents are fetched at once (at least 1).
	Workers int
	// Attempts is how many times a request is tried (default 5); Backoff
	// the first wait between tries (default 2s, doubling), MaxWait the
	// longest (default 5m), whatever Retry-After asks.
	Attempts int
	Backoff  time.Duration
	MaxWait  time.Duration
	// Client is the HTTP client; nil for one with sensible timeouts.
	Client *http.Client
	// Now is the clock (time.Now if nil): the end of a changes window.
	Now func() time.Time
	// Warn receives warnings (a location gone from the API, say).
	Warn func(string)
	// Progress is called as documents are done: done of total.
	Progress func(done, total int)

	sleep func(context.Context, time.Duration) error // for tests
}

// Failure is one document that could not be fetched.
type Failure struct {
	ID  string
	Err error
}

func (f Failure) Error() string { return f.ID + ": " + f.Err.Error() }

// Result summarises an API sync.
type Result struct {
	// Full is true for a full sync, false for an incremental one over
	// the window From to To.
	Full     bool
	From, To time.Time
	// Listed is how many location IDs the list or the changes named.
	Listed int
	// Fetched were written (new or changed), Unchanged were as the folder
	// held them, Gone answered 404 (their old document was kept),
	// Skipped were changed locations of another category that the folder
	// does not hold, Failed could not be fetched.
	Fetched, Unchanged, Gone, Skipped int
	Failed                            []Failure
	// Requests counts HTTP requests, Retries the ones that were repeated.
	Requests, Retries int
	// StateFile is where the window was recorded ("" if it was not: a
	// sync with failures is repeated over the same window).
	StateFile string
	Elapsed   time.Duration
}

// API syncs DataDir/api with the CQC API: a full sync (every location of
// the category, listed page by page, then each document) the first time
// or with Full, otherwise the locations changed since the last sync's
// window. A failure to list is an error; documents that fail are counted
// in Result.Failed, and the window is then not advanced.
func API(ctx context.Context, o Options) (*Result, error) {
	start := time.Now()
	o = o.withDefaults()
	if o.Key == "" {
		return nil, errors.New("no API key: set the environment variable CQC_SUBSCRIPTION_KEY to your CQC API subscription key (from CQC's API portal)")
	}
	base, err := url.Parse(strings.TrimRight(o.API, "/"))
	if err != nil || (base.Scheme != "https" && base.Scheme != "http") || base.Host == "" {
		return nil, fmt.Errorf("API URL %q: want an absolute http(s) URL", o.API)
	}
	c := newClient(o.Client, retryOptions{UserAgent: o.UserAgent, Rate: o.Rate, Attempts: o.Attempts, Backoff: o.Backoff, MaxWait: o.MaxWait, sleep: o.sleep})
	c.key, c.keyHost = o.Key, base.Host

	dir := filepath.Join(o.DataDir, "api")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	removeStaleTemps(dir)
	stateFile := StateFile(o.DataDir)
	st, err := readState(stateFile)
	if err != nil {
		return nil, err
	}
	res := &Result{To: o.Now().UTC().Truncate(time.Second)}
	var ids []string
	if o.Full || st == nil || st.API != base.String() {
		res.Full = true
		q := url.Values{"primaryInspectionCategoryCode": {o.Category}}
		ids, err = listAll(ctx, c, base, "/locations", q, "locations")
	} else {
		res.From = st.To
		q := url.Values{
			"startTimestamp": {res.From.Format(time.RFC3339)},
			"endTimestamp":   {res.To.Format(time.RFC3339)},
		}
		ids, err = listAll(ctx, c, base, "/changes/location", q, "changes")
	}
	res.Listed = len(ids)
	if err != nil {
		res.Requests, res.Retries = c.requests, c.retries
		return res, err
	}

	// Fetch every document, a few at once.
	var (
		mu   sync.Mutex
		done int
		wg   sync.WaitGroup
		next = make(chan string)
	)
	report := func(f func()) {
		mu.Lock()
		defer mu.Unlock()
		f()
		done++
		if o.Progress != nil {
			o.Progress(done, len(ids))
		}
	}
	for range o.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range next {
				outcome, err := fetchDocument(ctx, c, base, dir, id, o.Category, !res.Full)
				report(func() {
					switch {
					case err != nil:
						res.Failed = append(res.Failed, Failure{id, err})
					case outcome == gone:
						res.Gone++
						file := filepath.Join(dir, id+".json")
						if _, err := os.Stat(file); err == nil {
							o.Warn(fmt.Sprintf("%s: the API answered 404 Not Found: the location is gone; kept %s as it was", id, file))
						} else {
							o.Warn(fmt.Sprintf("%s: the API answered 404 Not Found: the location is gone and %s has no document for it", id, dir))
						}
					case outcome == written:
						res.Fetched++
					case outcome == unchanged:
						res.Unchanged++
					case outcome == skipped:
						res.Skipped++
					}
				})
			}
		}()
	}
	for _, id := range ids {
		if ctx.Err() != nil {
			break
		}
		next <- id
	}
	close(next)
	wg.Wait()
	slices.SortFunc(res.Failed, func(a, b Failure) int { return strings.Compare(a.ID, b.ID) })
	res.Requests, res.Retries = c.requests, c.retries
	res.Elapsed = time.Since(start)
	if err := ctx.Err(); err != nil {
		return res, fmt.Errorf("interrupted after %d of %d documents (the window was not recorded; the next fetch repeats it)", done, len(ids))
	}
	if len(res.Failed) == 0 {
		// A full sync's window ends when it started listing: what changed
		// while it ran is caught by the next sync.
		if err := writeState(stateFile, state{API: base.String(), To: res.To, Full: res.Full}); err != nil {
			return res, err
		}
		res.StateFile = stateFile
	}
	return res, nil
}

func (o Options) withDefaults() Options {
	if o.API == "" {
		o.API = DefaultAPI
	}
	if o.DataDir == "" {
		o.DataDir = "data"
	}
	if o.Category == "" {
		o.Category = "P2"
	}
	if o.UserAgent == "" {
		o.UserAgent = "ratingsite"
	}
	o.Workers = max(o.Workers, 1)
	if o.Attempts == 0 {
		o.Attempts = 5
	}
	if o.Backoff == 0 {
		o.Backoff = 2 * time.Second
	}
	if o.MaxWait == 0 {
		o.MaxWait = 5 * time.Minute
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Warn == nil {
		o.Warn = func(string) {}
	}
	return o
}

// listPage is one page of a list: /locations or /changes/location.
type listPage struct {
	Page       int `json:"page"`
	TotalPages int `json:"totalPages"`
	Locations  []struct {
		LocationID string `json:"locationId"`
	} `json:"locations"`
	// Changes are location IDs; objects with a locationId are taken too.
	Changes []json.RawMessage `json:"changes"`
}

// maxPages bounds a list: 1,000 pages of 1,000 is three times every
// location CQC registers.
const maxPages = 1000

// listAll reads every page of a list and returns the location IDs, each
// once, in the order listed. The API numbers pages from 1 and says how
// many there are in totalPages; its nextPageUri is relative to the host
// and not needed.
func listAll(ctx context.Context, c *client, base *url.URL, path string, q url.Values, field string) ([]string, error) {
	var ids []string
	seen := map[string]bool{}
	q.Set("perPage", strconv.Itoa(perPage))
	for page := 1; ; page++ {
		q.Set("page", strconv.Itoa(page))
		u := base.String() + path + "?" + q.Encode()
		var p listPage
		err := c.get(ctx, u, func(r io.Reader) error {
			p = listPage{}
			return json.NewDecoder(io.LimitReader(r, 64<<20)).Decode(&p)
		})
		if err != nil {
			return ids, fmt.Errorf("listing %s, page %d: %w", path, page, err)
		}
		n := 0
		add := func(id string) error {
			// IDs become file names: cqc.CheckID lets through letters,
			// digits and "-" only (CQC's IDs are like 1-10024040008, and
			// NHS trusts' locations like RT242), never "." or "/".
			if why := cqc.CheckID(id); why != "" {
				return fmt.Errorf("listing %s, page %d: %q is not a CQC location ID: %s", path, page, id, why)
			}
			n++
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
			return nil
		}
		for _, l := range p.Locations {
			if err := add(l.LocationID); err != nil {
				return ids, err
			}
		}
		for _, raw := range p.Changes {
			var id string
			if json.Unmarshal(raw, &id) != nil {
				var obj struct {
					LocationID string `json:"locationId"`
				}
				json.Unmarshal(raw, &obj)
				id = obj.LocationID
			}
			if err := add(id); err != nil {
				return ids, err
			}
		}
		if n == 0 || page >= p.TotalPages {
			return ids, nil
		}
		if page >= maxPages {
			return ids, fmt.Errorf("listing %s: more than %d pages", path, maxPages)
		}
	}
}

type outcome int

const (
	written outcome = iota
	unchanged
	gone
	skipped
)

// fetchDocument fetches /locations/{id} into dir/{id}.json. With
// onlyKnown (an incremental sync), a document of another category is
// written only if dir already holds it.
func fetchDocument(ctx context.Context, c *client, base *url.URL, dir, id, category string, onlyKnown bool) (outcome, error) {
	var body []byte
	err := c.get(ctx, base.String()+"/locations/"+url.PathEscape(id), func(r io.Reader) error {
		b, err := io.ReadAll(io.LimitReader(r, maxDocument+1))
		if err != nil {
			return err
		}
		if len(b) > maxDocument {
			return fmt.Errorf("document over %d MB", maxDocument>>20)
		}
		body = b
		return nil
	})
	if errors.Is(err, errGone) {
		return gone, nil
	}
	if err != nil {
		return 0, err
	}
	var doc struct {
		LocationID           string `json:"locationId"`
		InspectionCategories []struct {
			Code    string          `json:"code"`
			Primary json.RawMessage `json:"primary"`
		} `json:"inspectionCategories"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return 0, fmt.Errorf("the API sent a document that is not JSON (%v); nothing was written", err)
	}
	if doc.LocationID != id {
		return 0, fmt.Errorf("the API sent the document of %q; nothing was written", doc.LocationID)
	}
	file := filepath.Join(dir, id+".json")
	if sameContent(file, body) {
		return unchanged, nil
	}
	if onlyKnown {
		_, statErr := os.Stat(file)
		primary := false
		for _, ic := range doc.InspectionCategories {
			p := strings.Trim(string(bytes.TrimSpace(ic.Primary)), `"`)
			if ic.Code == category && p == "true" {
				primary = true
			}
		}
		if statErr != nil && !primary {
			return skipped, nil
		}
	}
	if err := writeAtomic(file, body); err != nil {
		return 0, err
	}
	return written, nil
}
