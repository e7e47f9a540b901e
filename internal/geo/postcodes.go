package geo

import (
	"io"
	"math"
	"strings"

	"github.com/paulmach/orb"

	"ratingsite/internal/csvin"
	"ratingsite/internal/diag"
)

// Gazetteer maps normalised postcodes, full or outward codes, to centroids.
type Gazetteer struct {
	points map[string]orb.Point
}

// Placement says how a practice's coordinates were found.
type Placement uint8

const (
	// Unplaced: no coordinates.
	Unplaced Placement = iota
	// FromCQC: the CQC data gave them (ONSPD, from the full postcode).
	FromCQC
	// FromPostcode: the full postcode was found in postcodes.csv.
	FromPostcode
	// FromOutcode: only the outward code (postcode district) was found; the
	// point is the district's centroid, so it is approximate.
	FromOutcode
)

func (p Placement) String() string {
	return [...]string{"none", "CQC (ONSPD)", "postcode", "postcode district"}[p]
}

// NormalizePostcode upper-cases a postcode and removes its spaces.
func NormalizePostcode(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// Outward returns the outward code of a full postcode ("OL9 7SG" → "OL9"),
// or the input itself when it is already only an outward code.
func Outward(s string) string {
	n := NormalizePostcode(s)
	if f := strings.Fields(strings.ToUpper(s)); len(f) == 2 {
		return f[0]
	}
	// A full UK postcode's inward code is always digit + two letters.
	if len(n) >= 5 && n[len(n)-3] >= '0' && n[len(n)-3] <= '9' {
		return n[:len(n)-3]
	}
	return n
}

// Len is the number of postcodes held.
func (g *Gazetteer) Len() int {
	if g == nil {
		return 0
	}
	return len(g.points)
}

// Locate finds a postcode: the full postcode first, then its outward code.
func (g *Gazetteer) Locate(postcode string) (orb.Point, Placement) {
	if g == nil || postcode == "" {
		return orb.Point{}, Unplaced
	}
	if p, ok := g.points[NormalizePostcode(postcode)]; ok {
		return p, FromPostcode
	}
	if p, ok := g.points[Outward(postcode)]; ok {
		return p, FromOutcode
	}
	return orb.Point{}, Unplaced
}

// ReadPostcodes reads a CSV with header postcode,latitude,longitude (case
// and surrounding space in the header are ignored). Problems name the file
// and physical line (at most diag.DefaultCap of them, then a count).
func ReadPostcodes(r io.Reader, file string, problems *diag.List) *Gazetteer {
	g := &Gazetteer{points: make(map[string]orb.Point)}
	p := diag.NewCapped(problems, file)
	defer p.Close()
	const hint = "write a header line: postcode,latitude,longitude"
	cr := csvin.New(r, file, p, csvin.Options{HintHeader: hint, Expect: "the header postcode,latitude,longitude"})
	defer cr.Finish()
	header, ok := cr.Header()
	if !ok {
		return g
	}
	col := map[string]int{}
	for i, h := range header {
		if _, dup := col[csvin.Fold(h)]; !dup {
			col[csvin.Fold(h)] = i
		}
	}
	missing := false
	for _, c := range []string{"postcode", "latitude", "longitude"} {
		if _, ok := col[c]; !ok {
			p.Errorf(file, cr.HeaderLine(), c, "the header must be postcode,latitude,longitude", "required column is missing")
			missing = true
		}
	}
	if missing {
		return g
	}
	for {
		rec, ok := cr.Next()
		if !ok {
			break
		}
		get := func(c string) string {
			if i := col[c]; i < len(rec) {
				return rec[i]
			}
			return ""
		}
		line := cr.Line(0)
		raw := get("postcode")
		if len(raw) > maxPostcode {
			p.Errorf(file, line, "postcode", "a postcode has at most 8 characters", "postcode is %d characters long", len(raw))
			continue
		}
		pc := NormalizePostcode(raw)
		if pc == "" {
			p.Errorf(file, line, "postcode", "fill it in or delete the row", "empty postcode")
			continue
		}
		lat, ok1 := parseCoord(get("latitude"), 49, 61)
		lon, ok2 := parseCoord(get("longitude"), -9, 2.5)
		if !ok1 {
			p.Errorf(file, line, "latitude", "UK latitudes are between 49 and 61", "bad latitude %.40q", get("latitude"))
		}
		if !ok2 {
			p.Errorf(file, line, "longitude", "UK longitudes are between -9 and 2.5", "bad longitude %.40q", get("longitude"))
		}
		if ok1 && ok2 {
			g.points[pc] = orb.Point{lon, lat}
		}
	}
	return g
}

// maxPostcode bounds a postcode as written, spaces included.
const maxPostcode = 40

func parseCoord(s string, lo, hi float64) (float64, bool) {
	f, err := parseFloat(strings.TrimSpace(s))
	if err != nil || math.IsNaN(f) || f < lo || f > hi {
		return 0, false
	}
	return f, true
}
