package urls

import "testing"

func TestWebsite(t *testing.T) {
	for _, c := range []struct{ in, href, text string }{
		{"www.jarvismedicalpractice.org.uk", "http://www.jarvismedicalpractice.org.uk", "www.jarvismedicalpractice.org.uk"},
		{"www.hollinwoodpractice.org.uk/", "http://www.hollinwoodpractice.org.uk/", "www.hollinwoodpractice.org.uk"},
		{"https://example.nhs.uk/our-practice", "https://example.nhs.uk/our-practice", "example.nhs.uk/our-practice"},
		{" http://example.org.uk ", "http://example.org.uk", "example.org.uk"},
		{"medlockmedicalpractice.co.uk", "http://medlockmedicalpractice.co.uk", "medlockmedicalpractice.co.uk"},
		{"javascript:alert(1)", "", ""},
		{"JavaScript://example.org/%0aalert(1)", "", ""},
		{"data:text/html,<b>x</b>", "", ""},
		{"ftp://example.org", "", ""},
		{"https://user:pw@example.org", "", ""},
		{"not a website", "", ""},
		{"localhost", "", ""},
		{"www.example.org/\"><script>", "", ""},
		{"", "", ""},
	} {
		href, text := Website(c.in)
		if href != c.href || text != c.text {
			t.Errorf("Website(%q) = %q, %q; want %q, %q", c.in, href, text, c.href, c.text)
		}
	}
}
