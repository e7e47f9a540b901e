package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

const cmdTestKey = "k3y-that-must-never-be-printed"

// miniAPI serves three locations: one fine, one gone, one failing.
func miniAPI(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.Header.Get("Ocp-Apim-Subscription-Key") != cmdTestKey {
			http.Error(w, "Access denied due to invalid subscription key "+r.Header.Get("Ocp-Apim-Subscription-Key"), http.StatusUnauthorized)
			return
		}
		if !strings.HasPrefix(r.UserAgent(), "ratingsite/") || !strings.Contains(r.UserAgent(), "(+mailto:web@example.org)") {
			http.Error(w, "no user agent", http.StatusBadRequest)
			return
		}
		switch r.URL.Path {
		case "/v1/locations":
			w.Write([]byte(`{"total":3,"page":1,"perPage":1000,"totalPages":1,"locations":[{"locationId":"1-1"},{"locationId":"1-2"},{"locationId":"1-3"}]}`))
		case "/v1/locations/1-1":
			w.Write([]byte(`{"locationId":"1-1"}`))
		case "/v1/locations/1-2":
			http.NotFound(w, r)
		default:
			w.Header().Set("Retry-After", "0")
			http.Error(w, "down", http.StatusServiceUnavailable)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &requests
}

func TestFetchCommand(t *testing.T) {
	srv, _ := miniAPI(t)
	data := filepath.Join(t.TempDir(), "data")
	args := []string{"fetch", "-data", data, "-api-url", srv.URL + "/v1", "-rate", "0", "-contact", "mailto:web@example.org"}

	t.Setenv(keyEnv, "")
	code, _, stderr := runCmd(t, args...)
	if code != 1 || !strings.Contains(stderr, "CQC_SUBSCRIPTION_KEY") {
		t.Errorf("no key: code %d %q", code, stderr)
	}

	t.Setenv(keyEnv, "wrong-"+cmdTestKey)
	code, stdout, stderr := runCmd(t, args...)
	if code != 1 || !strings.Contains(stderr, "401") || strings.Contains(stdout+stderr, cmdTestKey) {
		t.Errorf("wrong key: code %d %q %q", code, stdout, stderr)
	}

	t.Setenv(keyEnv, cmdTestKey)
	code, stdout, stderr = runCmd(t, args...)
	if code != 1 {
		t.Errorf("a failed document: code %d, want 1", code)
	}
	for _, want := range []string{"1-3: 503 Service Unavailable", "1 document failed (1-3)", "warning: 1-2: the API answered 404"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if !strings.Contains(stdout, "Full sync: 3 locations listed; 1 fetched, 0 unchanged, 1 gone, 1 failed into "+filepath.Join(data, "api")) {
		t.Errorf("summary %q", stdout)
	}
	if strings.Contains(stdout+stderr, cmdTestKey) {
		t.Error("the key was printed")
	}
	if b, err := os.ReadFile(filepath.Join(data, "api", "1-1.json")); err != nil || string(b) != `{"locationId":"1-1"}` {
		t.Errorf("1-1.json: %q %v", b, err)
	}

	// -quiet prints the errors only.
	code, stdout, stderr = runCmd(t, append(args, "-quiet")...)
	if code != 1 || stdout != "" || strings.Contains(stderr, "warning") || !strings.Contains(stderr, "1-3") {
		t.Errorf("-quiet: code %d %q %q", code, stdout, stderr)
	}

	// The key is never a flag.
	if code, _, _ := runCmd(t, "fetch", "-key", cmdTestKey); code != 2 {
		t.Errorf("-key accepted: code %d", code)
	}
}

// TestFetchConfig: the file's [fetch] settings reach the flags.
func TestFetchConfig(t *testing.T) {
	srv, requests := miniAPI(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "ratingsite.toml")
	os.WriteFile(file, []byte("data = \"d\"\n[fetch]\napi_url = \""+srv.URL+"/v1\"\nrate = 0\ncontact = \"mailto:web@example.org\"\n"), 0o644)
	t.Setenv(keyEnv, cmdTestKey)
	code, stdout, stderr := runCmd(t, "fetch", "-config", file, "-quiet")
	if code != 1 || requests.Load() < 4 || !strings.Contains(stderr, "1-3") {
		t.Errorf("fetch with a config file: code %d, %d requests, %q %q", code, requests.Load(), stdout, stderr)
	}
	// data is relative to the file's folder.
	if _, err := os.Stat(filepath.Join(dir, "d", "api", "1-1.json")); err != nil {
		t.Error(err)
	}
}

func TestFetchRatingsCommand(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<a href="/f/01_September_2026_Latest_ratings.ods">x</a>`))
	}))
	defer srv.Close()
	data := t.TempDir()
	t.Setenv(keyEnv, "")
	code, stdout, stderr := runCmd(t, "fetch", "-ratings", "-data", data, "-ratings-page", srv.URL+"/page")
	// The "file" the server sends is the page itself: not an ODS, refused.
	if code != 1 || !strings.Contains(stderr, "not a whole ODS file") || stdout != "" {
		t.Errorf("fetch -ratings: code %d %q %q", code, stdout, stderr)
	}
	if strings.Contains(stderr, "CQC_SUBSCRIPTION_KEY") {
		t.Error("fetch -ratings tried the API")
	}
}
