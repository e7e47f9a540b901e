package view

import "strings"

// Words are the fixed words of the pages that a site may override, key by
// key, in templates/words.toml (docs/pages.md lists every key). Everything
// else a page says is either data or part of the compiled templates.
//
// A description may hold placeholders in braces, such as {practices}: the
// page fills them in (see Fill), and each key's comment names those it has.
type Words struct {
	// SiteName is the site's name: in the header, after every page's
	// title ("National figures – GP practice ratings") and in the Open
	// Graph tags.
	SiteName string `toml:"site_name"`
	// TitleSeparator joins a page's title and the site's name.
	TitleSeparator string `toml:"title_separator"`

	Shell           ShellWords    `toml:"shell"`
	Home            HomeWords     `toml:"home"`
	National        NationalWords `toml:"national"`
	About           PageWords     `toml:"about"`
	NotFound        PageWords     `toml:"not_found"`
	News            PageWords     `toml:"news"`
	Search          PageWords     `toml:"search"`
	Closed          PageWords     `toml:"closed"`
	SpecialMeasures PageWords     `toml:"special_measures"`
	Overdue         PageWords     `toml:"overdue"`
	Area            AreaWords     `toml:"area"`
	Practice        PracticeWords `toml:"practice"`
}

// PageWords are a fixed page's title (also its main heading and its last
// breadcrumb) and its meta description.
type PageWords struct {
	Title       string `toml:"title"`
	Description string `toml:"description"`
}

// ShellWords are the words of every page's header and footer.
type ShellWords struct {
	SkipLink        string `toml:"skip_link"`
	NavHome         string `toml:"nav_home"`
	NavNational     string `toml:"nav_national"`
	NavRegions      string `toml:"nav_regions"`
	NavNews         string `toml:"nav_news"`
	NavAbout        string `toml:"nav_about"`
	SearchLabel     string `toml:"search_label"`
	Breadcrumb      string `toml:"breadcrumb_home"`
	FooterAboutLink string `toml:"footer_about_link"`
}

// HomeWords are the home page's. Description has {practices} (the number
// of practices) and {good} (the share rated Good or Outstanding, "75%").
type HomeWords struct {
	PageWords
	Glance   string `toml:"heading_glance"`
	Regions  string `toml:"heading_regions"`
	Change   string `toml:"heading_change"`
	Meanings string `toml:"heading_meanings"`
}

// NationalWords are the national page's.
type NationalWords struct {
	PageWords
	Overall      string `toml:"heading_overall"`
	KeyQuestions string `toml:"heading_key_questions"`
	Regions      string `toml:"heading_regions"`
	Lists        string `toml:"heading_lists"`
	Map          string `toml:"heading_map"`
}

// AreaWords are the headings of every region's and local authority's
// page. Description has {practices} (their number) and {in} (the area's
// name as it reads after "in").
type AreaWords struct {
	Description      string `toml:"description"`
	Overall          string `toml:"heading_overall"`
	KeyQuestions     string `toml:"heading_key_questions"`
	LocalAuthorities string `toml:"heading_local_authorities"`
	Map              string `toml:"heading_map"`
	Practices        string `toml:"heading_practices"`
}

// PracticeWords are the headings of every practice's page.
type PracticeWords struct {
	Meaning      string `toml:"heading_meaning"`
	KeyQuestions string `toml:"heading_key_questions"`
	History      string `toml:"heading_history"`
	Groups       string `toml:"heading_groups"`
	Nearby       string `toml:"heading_nearby"`
	Map          string `toml:"heading_map"`
	Details      string `toml:"heading_details"`
}

// DefaultWords returns the built-in words, a fresh copy each time.
func DefaultWords() *Words {
	return &Words{
		SiteName:       "GP practice ratings",
		TitleSeparator: " – ",
		Shell: ShellWords{
			SkipLink: "Skip to main content", NavHome: "Home", NavNational: "National figures", NavRegions: "Regions",
			NavNews: "News", NavAbout: "About the ratings", SearchLabel: "Find a GP practice by name, town or postcode",
			Breadcrumb: "Home", FooterAboutLink: "How to read these ratings, and where the data comes from",
		},
		Home: HomeWords{
			PageWords: PageWords{Title: "GP practice ratings in England",
				Description: "How CQC rates {practices} GP practices in England: {good} Good or Outstanding, with figures for every region and local authority."},
			Glance: "England at a glance", Regions: "Find a practice by region", Change: "Change and regulation", Meanings: "What the ratings mean",
		},
		National: NationalWords{
			PageWords: PageWords{Title: "National figures",
				Description: "The distribution of CQC ratings of GP practices in England, overall, for each key question and for each region."},
			Overall: "Overall ratings", KeyQuestions: "Key questions", Regions: "Regions compared", Lists: "Lists of practices by rating", Map: "Map",
		},
		About: PageWords{Title: "About the ratings and the data",
			Description: "What CQC's ratings of GP practices mean, how often practices are inspected, and where this site's data comes from."},
		NotFound: PageWords{Title: "Page not found", Description: "There is no page at this address."},
		News: PageWords{Title: "News",
			Description: "Press releases about CQC's ratings of GP practices in England, newest first, with figures from the latest data."},
		Search: PageWords{Title: "Find a GP practice",
			Description: "Search CQC's ratings of GP practices in England by name, town, postcode, ODS code or provider, or browse them A to Z, by region and by local authority."},
		Closed: PageWords{Title: "Closed or deregistered practices",
			Description: "GP practices that CQC has deregistered or that are no longer in its monthly ratings data, with their last rating."},
		SpecialMeasures: PageWords{Title: "Practices in special measures",
			Description: "GP practices in England that CQC has placed in special measures and that have not since been rated better than Inadequate."},
		Overdue: PageWords{Title: "Overdue inspections",
			Description: "GP practices in England whose last CQC rating is older than CQC's former re-inspection intervals (6 months after Inadequate, 12 after Requires improvement, 5 years after Good or Outstanding), by region."},
		Area: AreaWords{
			Description: "CQC ratings of the {practices} GP practices in {in}, overall and for each key question.",
			Overall:     "Overall ratings", KeyQuestions: "Key questions", LocalAuthorities: "Local authorities", Map: "Map", Practices: "Practices",
		},
		Practice: PracticeWords{
			Meaning: "What this means", KeyQuestions: "Key questions", History: "Rating history", Groups: "Population groups",
			Nearby: "Nearby practices", Map: "On the map", Details: "Practice details",
		},
	}
}

// FullTitle is a page's <title>: its title, the separator and the site's
// name.
func (w *Words) FullTitle(title string) string { return title + w.TitleSeparator + w.SiteName }

// Fill replaces each placeholder {name} in s by its value; kv alternates
// names (without braces) and values.
func Fill(s string, kv ...string) string {
	for i := 0; i+1 < len(kv); i += 2 {
		s = strings.ReplaceAll(s, "{"+kv[i]+"}", kv[i+1])
	}
	return s
}
