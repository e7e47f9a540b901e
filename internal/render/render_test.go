package render

import (
	"strings"
	"testing"
)

func TestNewAsset(t *testing.T) {
	a := NewAsset("site.css", []byte("body{color:#000}"))
	b := NewAsset("site.css", []byte("body{color:#111}"))
	if !strings.HasPrefix(a.Path, "/assets/site.") || !strings.HasSuffix(a.Path, ".css") || a.Path == b.Path {
		t.Errorf("paths %q and %q", a.Path, b.Path)
	}
	if !strings.HasPrefix(a.Integrity, "sha384-") || a.Integrity == b.Integrity {
		t.Errorf("integrity %q and %q", a.Integrity, b.Integrity)
	}
	if NewAsset("site.css", []byte("body{color:#000}")) != a {
		t.Error("the same content must give the same name")
	}
}
