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
