//go:build !linux

package publish

// exchange is Linux-only; elsewhere the fallback switch (two renames) is
// used.
func exchange(a, b string) error { return errNoExchange }
