package site

import (
	"strings"
	"testing"
)

// FuzzSlug checks that every slug is a safe single path segment made of
// a-z, 0-9 and single hyphens, and that slugging is idempotent.
func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Yorkshire and The Humber", "East of England", "../../etc", "Ynys Môn", "", "---", "A\x00B", "St. Helens", "\xff\xfe", strings.Repeat("0", 200)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		s := Slug(name)
		if s == "" {
			return
		}
		if !SafeSegment(s) || strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-") || strings.Contains(s, "--") {
			t.Fatalf("Slug(%q) = %q is not a clean segment", name, s)
		}
		if strings.ToLower(s) != s {
			t.Fatalf("Slug(%q) = %q has upper case", name, s)
		}
		if Slug(s) != s {
			t.Fatalf("Slug is not idempotent: %q -> %q -> %q", name, s, Slug(s))
		}
	})
}

// SafeSegment reports whether s is usable as one path segment as it is:
// non-empty ASCII letters, digits and "-" only (the fuzz tests' oracle).
func SafeSegment(s string) bool {
	if s == "" || len(s) > MaxSegment {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
