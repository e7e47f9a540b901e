package hosts

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// File is one file of the built site.
type File struct {
	Path string // slash-separated, relative to the site
	Size int64
}

// Finding is one limit the site exceeds (Over) or one thing to know about
// the host (a note).
type Finding struct {
	Over bool
	Text string
}

func (f Finding) String() string { return f.Text }

// Names are the hosts Check knows.
var Names = []string{"cloudflare", "cloudflare-paid", "netlify", "github", "s3"}

const (
	MiB = 1 << 20

	CloudflareFiles     = 20_000
	CloudflarePaidFiles = 100_000
	CloudflareFileSize  = 25 * MiB
	CloudflareRules     = 100
	CloudflareLine      = 2_000
	NetlifyDirFiles     = 54_000
	GitHubSiteSize      = 1 << 30 // 1 GB
	CloudFrontCompress  = 10_000_000
)

// Check returns what the site (files, and the text of its _headers) runs
// into on host.
func Check(host string, files []File, headersFile []byte) ([]Finding, error) {
	var out []Finding
	over := func(format string, a ...any) { out = append(out, Finding{true, fmt.Sprintf(format, a...)}) }
	note := func(format string, a ...any) { out = append(out, Finding{false, fmt.Sprintf(format, a...)}) }
	var total int64
	for _, f := range files {
		total += f.Size
	}
	switch host {
	case "cloudflare", "cloudflare-paid":
		limit, plan := CloudflareFiles, "free plan; 100,000 on paid plans: -host cloudflare-paid"
		if host == "cloudflare-paid" {
			limit, plan = CloudflarePaidFiles, "paid plans"
		}
		if len(files) > limit {
			over("Cloudflare Pages: %d files, over its limit of %d (%s)", len(files), limit, plan)
		}
		big := largerThan(files, CloudflareFileSize)
		if len(big) > 0 {
			over("Cloudflare Pages: %d files over its 25 MiB limit per file: %s", len(big), first(big))
		}
		rules, long := 0, 0
		for i, l := range strings.Split(string(headersFile), "\n") {
			if len(l) > CloudflareLine {
				long++
				if long == 1 {
					over("Cloudflare Pages: _headers line %d has %d characters, over its limit of 2,000 per line", i+1, len(l))
				}
			}
			if l != "" && !strings.HasPrefix(l, "#") && !strings.HasPrefix(l, " ") && !strings.HasPrefix(l, "\t") {
				rules++
			}
		}
		if rules > CloudflareRules {
			over("Cloudflare Pages: _headers has %d rules, over its limit of 100", rules)
		}
	case "netlify":
		dirs := map[string]int{}
		for _, f := range files {
			dirs[path.Dir(f.Path)]++
		}
		var full []string
		for d, n := range dirs {
			if n > NetlifyDirFiles {
				full = append(full, fmt.Sprintf("%s (%d)", d, n))
			}
		}
		slices.Sort(full)
		if len(full) > 0 {
			over("Netlify: over its limit of 54,000 files in one folder: %s", strings.Join(full, ", "))
		}
	case "github":
		if total > GitHubSiteSize {
			over("GitHub Pages: the site is %.2f GB, over its limit of 1 GB", float64(total)/1e9)
		}
		note("GitHub Pages ignores _headers: frame-ancestors (other sites may frame every page), X-Frame-Options, the other security headers and the cache rules will not apply; the Content-Security-Policy <meta> tag in each page still does")
	case "s3":
		note("S3 behind CloudFront: a request for /dir/ needs an index rewrite to /dir/index.html (a CloudFront Function; see docs/deploy.md), and S3 ignores _headers: deploy with `ratingsite deploy`, which sets Content-Type and Cache-Control on each object, and add the security headers with a CloudFront response headers policy")
		big := largerThan(files, CloudFrontCompress)
		if len(big) > 0 {
			note("CloudFront does not compress files over 10 MB: %d files (%s); build with -compress so deploy uploads GeoJSON and CSV gzipped", len(big), first(big))
		}
	default:
		return nil, fmt.Errorf("unknown host %q: use one of %s", host, strings.Join(Names, ", "))
	}
	return out, nil
}

func largerThan(files []File, n int64) []string {
	var out []string
	for _, f := range files {
		if f.Size > n {
			out = append(out, fmt.Sprintf("%s (%.1f MiB)", f.Path, float64(f.Size)/MiB))
		}
	}
	slices.Sort(out)
	return out
}

func first(s []string) string {
	if len(s) > 3 {
		return strings.Join(s[:3], ", ") + fmt.Sprintf(" and %d more", len(s)-3)
	}
	return strings.Join(s, ", ")
}
