package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// KeyHeader carries the CQC API's subscription key.
const KeyHeader = "Ocp-Apim-Subscription-Key"

// errGone is a 404: the API no longer has the document.
var errGone = errors.New("404 Not Found")

// statusError is a response that retrying will not mend (401, 403, 400…).
type statusError struct {
	status string
	hint   string
}

func (e *statusError) Error() string {
	if e.hint != "" {
		return e.status + " (" + e.hint + ")"
	}
	return e.status
}

// permanentError is an answer that another try would not mend: a whole
// download that is not what was asked for.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// client makes GET requests with a rate limit, retries and backoff.
type client struct {
	http      *http.Client
	userAgent string
	key       string // sent only to keyHost
	keyHost   string
	limit     *limiter
	attempts  int
	backoff   time.Duration
	maxWait   time.Duration
	sleep     func(context.Context, time.Duration) error

	mu       sync.Mutex
	requests int
	retries  int
}

func newClient(hc *http.Client, o retryOptions) *client {
	if hc == nil {
		hc = &http.Client{Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			ResponseHeaderTimeout: 2 * time.Minute,
			IdleConnTimeout:       90 * time.Second,
			MaxIdleConnsPerHost:   16,
		}}
	}
	c := &client{
		userAgent: o.UserAgent,
		limit:     newLimiter(o.Rate),
		attempts:  max(o.Attempts, 1),
		backoff:   o.Backoff,
		maxWait:   o.MaxWait,
		sleep:     o.sleep,
	}
	if c.sleep == nil {
		c.sleep = sleep
	}
	// Never send the key anywhere but the API: Go forwards custom headers
	// on every redirect, to any host.
	copied := *hc
	copied.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		if req.URL.Host != c.keyHost {
			req.Header.Del(KeyHeader)
		}
		return nil
	}
	c.http = &copied
	return c
}

// retryOptions are the options the client takes from Options.
type retryOptions struct {
	UserAgent string
	Rate      int
	Attempts  int
	Backoff   time.Duration
	MaxWait   time.Duration
	sleep     func(context.Context, time.Duration) error
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// get fetches u and hands the response body to read. A 429, a 5xx, a
// network error, or an error from read (a dropped connection mid-body) is
// retried after a backoff or the server's Retry-After; read must
// therefore start afresh on each call. A 404 is errGone.
func (c *client) get(ctx context.Context, u string, read func(io.Reader) error) error {
	var last error
	for attempt := 1; ; attempt++ {
		if err := c.limit.wait(ctx); err != nil {
			return err
		}
		wait, asked, err := c.try(ctx, u, read)
		if err == nil || errors.Is(err, errGone) || ctx.Err() != nil {
			return err
		}
		var se *statusError
		var pe *permanentError
		if errors.As(err, &se) || errors.As(err, &pe) {
			return err
		}
		last = err
		if attempt >= c.attempts {
			return fmt.Errorf("%w (gave up after %d attempts)", last, attempt)
		}
		if !asked {
			wait = c.backoff << (attempt - 1)
			wait += time.Duration(rand.Int64N(int64(wait)/4 + 1)) // jitter
		}
		wait = min(wait, c.maxWait)
		c.mu.Lock()
		c.retries++
		c.mu.Unlock()
		if err := c.sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// try makes one request. wait is the server's Retry-After, if it asked.
func (c *client) try(ctx context.Context, u string, read func(io.Reader) error) (wait time.Duration, asked bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, false, &statusError{status: err.Error()}
	}
	req.Header.Set("User-Agent", c.userAgent)
	if c.key != "" && req.URL.Host == c.keyHost {
		req.Header.Set(KeyHeader, c.key)
	}
	c.mu.Lock()
	c.requests++
	c.mu.Unlock()
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, false, err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusOK:
		if err := read(resp.Body); err != nil {
			return 0, false, fmt.Errorf("reading the body: %w", err)
		}
		return 0, false, nil
	case resp.StatusCode == http.StatusNotFound:
		return 0, false, errGone
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		wait, asked := retryAfter(resp.Header.Get("Retry-After"), time.Now())
		return wait, asked, errors.New(resp.Status)
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return 0, false, &statusError{resp.Status, "the API refused the subscription key: check CQC_SUBSCRIPTION_KEY"}
	}
	return 0, false, &statusError{status: resp.Status}
}

// retryAfter reads a Retry-After header: seconds or an HTTP date. asked
// is false when there is none that makes sense.
func retryAfter(h string, now time.Time) (wait time.Duration, asked bool) {
	if s, err := strconv.Atoi(h); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// limiter spaces requests evenly: at most rate a minute.
type limiter struct {
	mu       sync.Mutex
	interval time.Duration
	next     time.Time
}

func newLimiter(perMinute int) *limiter {
	l := &limiter{}
	if perMinute > 0 {
		l.interval = time.Minute / time.Duration(perMinute)
	}
	return l
}

// wait blocks until the next request may go.
func (l *limiter) wait(ctx context.Context) error {
	if l.interval == 0 {
		return ctx.Err()
	}
	l.mu.Lock()
	now := time.Now()
	at := l.next
	if at.Before(now) {
		at = now
	}
	l.next = at.Add(l.interval)
	l.mu.Unlock()
	if d := at.Sub(now); d > 0 {
		return sleep(ctx, d)
	}
	return ctx.Err()
}
