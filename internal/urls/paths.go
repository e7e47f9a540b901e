package urls

import "strconv"

// The fixed site paths of the output.
const (
	Home     = "/"
	National = "/national/"
	About    = "/about/"
	NotFound = "/404.html"
	Search   = "/search/"
	// SearchIndex is the folder of the search index's shards.
	SearchIndex = "/search/index/"

	News     = "/news/"
	NewsFeed = "/news/feed.xml"

	Changes         = "/changes/"
	ChangesFeed     = "/changes/feed.xml"
	Closed          = "/closed/"
	SpecialMeasures = "/special-measures/"
	Overdue         = "/overdue/"

	// The national map files.
	NationalPNG              = "/map/england.png"
	NationalPracticesCSV     = "/map/practices.csv"
	NationalPracticesGeoJSON = "/map/practices.geojson"
	RegionsGeoJSON           = "/map/regions.geojson"
	EmbedNational            = "/embed/national/"

	Sitemap = "/sitemap.xml"
	Robots  = "/robots.txt"
	Headers = "/_headers"
	Assets  = "/assets/"
)

// EmbedDir is the top-level folder of the pages made to be framed by any
// site.
const EmbedDir = "embed"

// Reserved are the first path segments the generator itself writes: a
// site's own Markdown page may not take them.
var Reserved = []string{"about", "national", "regions", "local-authorities", "practices", "assets", "news", "search",
	"map", EmbedDir, "changes", "closed", "special-measures", "overdue"}

// Practice is a practice's page; PracticeJSON its open data.
func Practice(id string) string     { return "/practices/" + id + "/" }
func PracticeJSON(id string) string { return "/practices/" + id + ".json" }

// Region and LocalAuthority are an area's page.
func Region(slug string) string         { return "/regions/" + slug + "/" }
func LocalAuthority(slug string) string { return "/local-authorities/" + slug + "/" }

// Release is a press release's page; Page a site's own Markdown page.
func Release(slug string) string { return News + slug + "/" }
func Page(slug string) string    { return "/" + slug + "/" }

// NewsPage is page n (from 1) of the list of releases.
func NewsPage(n int) string {
	if n <= 1 {
		return News
	}
	return News + "page/" + strconv.Itoa(n) + "/"
}

// AZ is page n (from 1) of the practices whose names begin with a letter
// (slug "a" … "z", "0-9").
func AZ(slug string, n int) string { return numbered(Search+slug+"/", n) }

// RatingList is page n (from 1) of the national list of the practices with
// a rating (slug "inadequate", …, "not-rated") for a question (slug
// "overall", "safe", …).
func RatingList(question, rating string, n int) string {
	return numbered(National+question+"/"+rating+"/", n)
}

// OverdueRegion is a region's list of overdue inspections.
func OverdueRegion(slug string) string { return Overdue + slug + "/" }

// Embed is the embeddable map of the area whose page is at areaPath.
func Embed(areaPath string) string { return "/" + EmbedDir + areaPath }

// AreaPNG, AreaPracticesCSV and AreaPracticesGeoJSON are a region's map
// files, beside its page at areaPath.
func AreaPNG(areaPath string) string              { return areaPath + "map.png" }
func AreaPracticesCSV(areaPath string) string     { return areaPath + "practices.csv" }
func AreaPracticesGeoJSON(areaPath string) string { return areaPath + "practices.geojson" }

// Sitemaps is the n-th (from 1) sitemap of a site too large for one.
func Sitemaps(n int) string { return "/sitemap-" + strconv.Itoa(n) + ".xml" }

func numbered(first string, n int) string {
	if n <= 1 {
		return first
	}
	return first + strconv.Itoa(n) + "/"
}
