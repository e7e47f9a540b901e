package hosts

import (
	"fmt"
	"strings"
	"testing"
)

func many(n int, dir string, size int64) []File {
	out := make([]File, n)
	for i := range out {
		out[i] = File{Path: fmt.Sprintf("%s/%d.html", dir, i), Size: size}
	}
	return out
}

func TestCheck(t *testing.T) {
	longLine := "/x\n  Content-Security-Policy: " + strings.Repeat("a", 2000) + "\n"
	var rules strings.Builder
	for i := range 101 {
		fmt.Fprintf(&rules, "# rule\n/r%d/*\n  Cache-Control: no-cache\n", i)
	}
	for _, c := range []struct {
		name    string
		host    string
		files   []File
		headers string
		over    []string // substrings of the findings over a limit
		notes   []string
	}{
		{"cloudflare fine", "cloudflare", many(20_000, "p", 100), "/*\n  X: y\n", nil, nil},
		{"cloudflare files", "cloudflare", many(20_001, "p", 100), "", []string{"20001 files, over its limit of 20000"}, nil},
		{"cloudflare paid", "cloudflare-paid", many(20_001, "p", 100), "", nil, nil},
		{"cloudflare paid files", "cloudflare-paid", many(100_001, "p", 1), "", []string{"100001 files"}, nil},
		{"cloudflare size", "cloudflare", []File{{"map/a.geojson", 25*MiB + 1}, {"b", 25 * MiB}}, "", []string{"1 files over its 25 MiB", "map/a.geojson"}, nil},
		{"cloudflare line", "cloudflare", nil, longLine, []string{"line 2 has 2027 characters"}, nil},
		{"cloudflare rules", "cloudflare", nil, rules.String(), []string{"101 rules"}, nil},
		{"netlify fine", "netlify", append(many(54_000, "a", 1), many(54_000, "b", 1)...), "", nil, nil},
		{"netlify dir", "netlify", many(54_001, "practices", 1), "", []string{"practices (54001)"}, nil},
		{"github fine", "github", many(10, "p", 1<<20), "", nil, []string{"ignores _headers", "frame-ancestors", "cache rules"}},
		{"github size", "github", many(1025, "p", 1<<20), "", []string{"1.07 GB, over its limit of 1 GB"}, []string{"ignores _headers"}},
		{"s3", "s3", []File{{"map/p.geojson", 10_000_001}}, "", nil, []string{"index rewrite", "not compress files over 10 MB: 1 files (map/p.geojson"}},
	} {
		got, err := Check(c.host, c.files, []byte(c.headers))
		if err != nil {
			t.Fatal(err)
		}
		var over, notes []string
		for _, f := range got {
			if f.Over {
				over = append(over, f.Text)
			} else {
				notes = append(notes, f.Text)
			}
		}
		check := func(kind string, got, want []string) {
			all := strings.Join(got, "\n")
			if len(want) == 0 && len(got) > 0 {
				t.Errorf("%s: unexpected %s: %s", c.name, kind, all)
			}
			for _, w := range want {
				if !strings.Contains(all, w) {
					t.Errorf("%s: %s lack %q:\n%s", c.name, kind, w, all)
				}
			}
		}
		check("limits", over, c.over)
		check("notes", notes, c.notes)
	}
	if _, err := Check("geocities", nil, nil); err == nil {
		t.Error("an unknown host was accepted")
	}
}
