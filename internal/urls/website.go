package urls

import (
	"net/url"
	"strings"
)

// Website makes CQC's website field a link and the text to show: an
// http or https URL as it is, an address without a scheme
// ("www.example.nhs.uk", as CQC writes most) with http:// before it.
// Anything else (another scheme, spaces, no dot in the host) is no link.
func Website(raw string) (href, text string) {
	raw = strings.TrimSpace(raw)
	if raw == "" || strings.ContainsAny(raw, " \t\"<>\\`") {
		return "", ""
	}
	href = raw
	if !strings.Contains(raw, "://") {
		href = "http://" + raw
	}
	u, err := url.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil || !strings.Contains(u.Hostname(), ".") ||
		strings.HasPrefix(u.Hostname(), ".") || strings.HasSuffix(u.Hostname(), ".") {
		return "", ""
	}
	text = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(raw, "https://"), "http://"), "/")
	return u.String(), text
}
